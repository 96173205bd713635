// FrontendServer: the whole frontend process minus main(): opens the journal in meta_dir,
// rebuilds the catalog, users and backends from the checkpoint and the records after it, loads
// the plugins and replays their records into them before Start(), then serves MySQL clients.
// A background thread writes a checkpoint every `checkpoint_interval_records` records.
// Start/Shutdown from one thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status/status.h"
#include "frontend/auth/auth_manager.h"
#include "frontend/backends/backend_data_client.h"
#include "frontend/backends/backend_registry.h"
#include "frontend/catalog/fe_catalog.h"
#include "frontend/config/fe_config.h"
#include "frontend/journal/meta_log.h"
#include "frontend/journal/sqlite_journal.h"
#include "frontend/mysql/connection_handler.h"
#include "frontend/mysql/mysql_server.h"
#include "frontend/plugin_host/frontend_host.h"
#include "frontend/plugin_host/plugin_loader.h"
#include "frontend/plugin_host/restore_stager.h"
#include "frontend/qe/statement_executor.h"
#include "frontend/rpc/agent_task_tracker.h"
#include "frontend/rpc/heartbeat_manager.h"

namespace feb::rpc {
class ThriftServer;
}

namespace feb::frontend {

class FrontendServer : public ConnectionHandlerFactory {
 public:
  explicit FrontendServer(FeConfig config);
  ~FrontendServer() override;

  // The data client used for DDL/DML on backends (not owned; before Start). Without one,
  // statements that need backends fail with a clear error.
  void SetDataClient(BackendDataClient* client) { data_client_ = client; }
  Status Start();
  void Shutdown();

  int query_port() const { return mysql_ ? mysql_->port() : 0; }
  int rpc_port() const;
  FeCatalog* catalog() { return catalog_.get(); }
  AuthManager* auth() { return auth_.get(); }
  BackendRegistry* backends() { return backends_.get(); }
  FrontendHost* host() { return host_.get(); }
  const std::vector<fe_backup::Plugin*>& plugins() const { return started_plugins_; }
  // Writes a checkpoint now.
  Status Checkpoint();

  std::unique_ptr<ConnectionHandler> Create(uint32_t connection_id, const std::string& remote_host) override;

 private:
  Status Replay();
  void CheckpointLoop();

  FeConfig config_;
  BackendDataClient* data_client_ = nullptr;
  AgentTaskTracker tracker_;
  std::unique_ptr<BackendDataClient> owned_data_client_;
  std::unique_ptr<rpc::ThriftServer> rpc_server_;
  std::unique_ptr<HeartbeatManager> heartbeats_;
  std::unique_ptr<SqliteJournal> journal_;
  std::unique_ptr<MetaLog> meta_;
  std::unique_ptr<FeCatalog> catalog_;
  std::unique_ptr<AuthManager> auth_;
  std::unique_ptr<BackendRegistry> backends_;
  std::unique_ptr<TableCreator> creator_;    // RESTORE's tablets
  std::unique_ptr<RestoreStager> stager_;
  std::unique_ptr<FrontendHost> host_;
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
  std::vector<fe_backup::Plugin*> started_plugins_;
  std::unique_ptr<StatementExecutor> executor_;
  std::unique_ptr<MysqlServer> mysql_;
  std::thread checkpoint_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  bool started_ = false;
};

}  // namespace feb::frontend
