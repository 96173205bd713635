// ThriftFeClient: FeClient over FrontendService (pooled connections to the frontend address
// learned from heartbeats). Unavailable while no heartbeat arrived yet. Thread-safe.
#pragma once

#include <memory>

#include "FrontendService.h"
#include "backend/agent/fe_client.h"
#include "backend/agent/master_info.h"
#include "common/rpc/client_pool.h"

namespace feb::be {

struct BackendPorts {
  int be_port = 9060;
  int http_port = 8040;  // webserver_port
  int heartbeat_port = 9050;
  int brpc_port = 8060;
};

class ThriftFeClient : public FeClient {
 public:
  ThriftFeClient(const MasterInfo* master, BackendPorts ports, rpc::ClientOptions options);

  Status FinishTask(const TaskReport& report) override;
  Result<bool> LoaderReport(int64_t job_id, int64_t task_id, TaskType type, int32_t finished, int32_t total) override;
  Status Report(const std::map<TaskType, std::set<int64_t>>& running, const std::vector<TabletMeta>& tablets) override;

 private:
  Result<rpc::Address> Master() const;
  wire::TBackend Self() const;

  const MasterInfo* master_;
  const BackendPorts ports_;
  rpc::ClientPool<wire::FrontendServiceClient> pool_;
};

}  // namespace feb::be
