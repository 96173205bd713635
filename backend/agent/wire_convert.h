// Conversions between the backend's own types and the Thrift wire types.
#pragma once

#include "AgentService_types.h"
#include "MasterService_types.h"
#include "Status_types.h"
#include "backend/agent/agent_task.h"
#include "common/status/status.h"

namespace feb::be {

// OK -> OK; otherwise the closest TStatusCode with the message as the only error_msg.
wire::TStatus ToWireStatus(const Status& s);
// The other way, for answers from the frontend.
Status FromWireStatus(const wire::TStatus& s, const std::string& context);
wire::TFinishTaskRequest ToFinishTaskRequest(const TaskReport& report, const wire::TBackend& backend);

}  // namespace feb::be
