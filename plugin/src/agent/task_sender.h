// TaskSender: delivers agent tasks to a backend. The production implementation speaks Thrift
// (BackendService.submit_tasks); tests inject a scriptable fake.
#pragma once

#include <vector>

#include "common/status/status.h"
#include "fe_backup/host.h"
#include "plugin/src/agent/agent_task.h"

namespace feb::plugin {

class TaskSender {
 public:
  virtual ~TaskSender() = default;
  // Sends `tasks` (all for `backend`) in one call. OK means the backend accepted them; the
  // results arrive later as task reports. Thread-safe; may block up to its RPC timeout.
  virtual Status Submit(const fe_backup::BackendInfo& backend, const std::vector<AgentTask>& tasks) = 0;
};

}  // namespace feb::plugin
