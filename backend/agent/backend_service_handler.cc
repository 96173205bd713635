#include "backend/agent/backend_service_handler.h"

#include <glog/logging.h>

#include "backend/agent/task_validator.h"
#include "backend/agent/wire_convert.h"
#include "common/rpc/rejected_task.h"

namespace feb::be {

BackendServiceHandler::BackendServiceHandler(AgentServer* agent, std::string storage_root)
    : agent_(agent), storage_root_(std::move(storage_root)) {}

void BackendServiceHandler::submit_tasks(wire::TAgentResult& result, const std::vector<wire::TAgentTaskRequest>& tasks) {
  Status first;
  std::vector<std::string> errors;
  for (const wire::TAgentTaskRequest& request : tasks) {
    Status s;
    auto task = ValidateTask(request, storage_root_);
    if (!task.ok()) {
      s = task.status();
    } else {
      auto outcome = agent_->Submit(std::move(*task));
      if (!outcome.ok()) {
        s = outcome.status();
      } else if (*outcome == AgentServer::Outcome::kDuplicate) {
        VLOG(1) << "task " << request.signature << " of type " << request.task_type << " is already queued or running";
      }
    }
    if (!s.ok()) {
      LOG(WARNING) << "rejected agent task " << request.signature << ": " << s;
      if (first.ok()) first = s;
      // Named, so that the frontend knows which tasks of the batch were not queued.
      errors.push_back(rpc::FormatRejectedTask(static_cast<int32_t>(request.task_type), request.signature, s.message()));
    }
  }
  result.status = ToWireStatus(first);
  if (!errors.empty()) result.status.__set_error_msgs(errors);
}

}  // namespace feb::be
