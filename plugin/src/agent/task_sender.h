// TaskSender: delivers agent tasks to a backend. The production implementation speaks Thrift
// (BackendService.submit_tasks); tests inject a scriptable fake.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/status/status.h"
#include "fe_backup/host.h"
#include "plugin/src/agent/agent_task.h"

namespace feb::plugin {

// What one submit_tasks call did, task by task.
struct SubmitOutcome {
  // Not OK: the call itself failed (connect, timeout, a refusal without per-task detail);
  // whether any task was queued is unknown, so none counts as accepted and a backend report
  // that lists a task as running still proves it arrived.
  Status transport;
  // Tasks the backend refused, by their index in the submitted vector, with its reason
  // (capped at kMaxErrorBytes). Every other task of a call whose transport is OK was accepted.
  std::vector<std::pair<size_t, std::string>> rejected;

  static constexpr size_t kMaxErrorBytes = 256;
};

class TaskSender {
 public:
  virtual ~TaskSender() = default;
  // Sends `tasks` (all for `backend`) in one call; the results arrive later as task reports.
  // Thread-safe; may block up to its RPC timeout (callers send from a lane of their own per
  // backend, so a hung backend delays only itself).
  virtual SubmitOutcome Submit(const fe_backup::BackendInfo& backend, const std::vector<AgentTask>& tasks) = 0;
};

}  // namespace feb::plugin
