// BackendServiceHandler: BackendService.submit_tasks on be_port. Validates each task and
// forwards it to the AgentServer; nothing runs on the Thrift thread. The answer is OK when
// every task was queued (or was a duplicate of a queued/running one); otherwise the status
// of the first problem (INVALID_ARGUMENT, NOT_IMPLEMENTED_ERROR, TOO_MANY_TASKS) with one
// error message per rejected task. Valid tasks of the same batch are queued either way.
#pragma once

#include <string>

#include "BackendService.h"
#include "backend/agent/agent_server.h"

namespace feb::be {

class BackendServiceHandler : public wire::BackendServiceIf {
 public:
  BackendServiceHandler(AgentServer* agent, std::string storage_root);
  void submit_tasks(wire::TAgentResult& result, const std::vector<wire::TAgentTaskRequest>& tasks) override;

 private:
  AgentServer* agent_;
  const std::string storage_root_;
};

}  // namespace feb::be
