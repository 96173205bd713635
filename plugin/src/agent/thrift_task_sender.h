// ThriftTaskSender: delivers agent tasks with BackendService.submit_tasks, one call per
// backend per batch, over a pooled connection (common/rpc). Thrift types stay in this file.
#pragma once

#include <memory>

#include "common/rpc/client_pool.h"
#include "plugin/src/agent/task_sender.h"

namespace feb::wire {
class BackendServiceClient;
}  // namespace feb::wire

namespace feb::plugin {

class ThriftTaskSender final : public TaskSender {
 public:
  explicit ThriftTaskSender(rpc::ClientOptions options = {});
  ~ThriftTaskSender() override;

  SubmitOutcome Submit(const fe_backup::BackendInfo& backend, const std::vector<AgentTask>& tasks) override;

 private:
  std::unique_ptr<rpc::ClientPool<wire::BackendServiceClient>> pool_;
};

}  // namespace feb::plugin
