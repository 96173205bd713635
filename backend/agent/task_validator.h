// ValidateTask: checks one TAgentTaskRequest from the wire and turns it into an AgentTask.
// Rejects (InvalidArgument / NotSupported, message naming signature and type): unknown or
// unsupported task types, a missing payload ("task(signature=...) has wrong request
// member"), bad ids, local paths outside <storage_root>/snapshot, any path or URI with a
// "." / ".." component, repository URIs without a scheme, DOWNLOAD sources that do not end
// in "__<tablet_id>", a DOWNLOAD naming one local directory twice, empty transfer maps,
// broker transfers.
// Pure: touches no file. Thread-safe.
#pragma once

#include <string>

#include "AgentService_types.h"
#include "backend/agent/agent_task.h"
#include "common/status/result.h"

namespace feb::be {

Result<AgentTask> ValidateTask(const wire::TAgentTaskRequest& request, const std::string& storage_root);

}  // namespace feb::be
