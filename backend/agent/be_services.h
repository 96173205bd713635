// BeServices: everything the backend serves and runs in the background, wired together:
// the ReferenceDataService (brpc_port), BackendService (be_port) with its AgentServer and
// task pools, HeartbeatService (heartbeat_service_port), and one background thread that
// sends FrontendService.report and sweeps expired snapshots.
// Start() binds every port (0 = any; see ports()). Shutdown() order: abort transfers, stop
// accepting, drain the pools, stop the background thread. Not thread-safe itself.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "backend/agent/agent_server.h"
#include "backend/agent/master_info.h"
#include "backend/agent/task_executor.h"
#include "backend/agent/thrift_fe_client.h"
#include "backend/storage/snapshot_manager.h"
#include "backend/storage/tablet_store.h"
#include "common/rpc/client_pool.h"
#include "common/rpc/thrift_server.h"
#include "common/storage/storage_registry.h"

namespace feb::be {

struct BeServicesOptions {
  std::string bind_host = "0.0.0.0";
  BackendPorts ports;  // requested; 0 = any free port
  int max_connections = 64;
  rpc::ClientOptions fe_client;
  AgentServerOptions agent;
  ExecutorOptions executor;
  int report_interval_s = 10;
  int sweep_interval_s = 60;
};

class BeServices {
 public:
  BeServices(TabletStore* store, SnapshotManager* snapshots, MasterInfo* master,
             std::shared_ptr<storage::StorageRegistry> registry, BeServicesOptions options);
  ~BeServices();

  Status Start();
  // The bound ports (after Start()).
  BackendPorts ports() const { return ports_; }
  void Shutdown();

 private:
  void Background();

  TabletStore* store_;
  SnapshotManager* snapshots_;
  MasterInfo* master_;
  std::shared_ptr<storage::StorageRegistry> registry_;
  BeServicesOptions options_;
  BackendPorts ports_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<ThriftFeClient> fe_;
  std::unique_ptr<TaskExecutor> executor_;
  std::unique_ptr<AgentServer> agent_;
  std::unique_ptr<rpc::ThriftServer> data_server_, be_server_, hb_server_;
  std::mutex bg_mu_;
  std::condition_variable bg_cv_;
  bool bg_stop_ = false;  // guarded by bg_mu_
  std::thread background_;
};

}  // namespace feb::be
