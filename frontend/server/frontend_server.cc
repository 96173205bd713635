#include "frontend/server/frontend_server.h"

#include <glog/logging.h>

#include "common/rpc/thrift_server.h"
#include "frontend/catalog/catalog_json.h"
#include "frontend/rpc/frontend_service_handler.h"
#include "frontend/rpc/thrift_backend_data_client.h"

namespace feb::frontend {

namespace {

class FrontendConnection : public ConnectionHandler {
 public:
  FrontendConnection(StatementExecutor* executor, uint32_t connection_id, const std::string& remote_host)
      : executor_(executor) {
    session_.connection_id = connection_id;
    session_.remote_host = remote_host;
  }
  QueryResult Login(const LoginRequest& request) override { return executor_->Login(session_, request); }
  QueryResult Query(std::string_view sql) override { return executor_->Execute(session_, sql); }
  QueryResult InitDb(std::string_view database) override {
    return executor_->UseDatabase(session_, std::string(database));
  }

 private:
  StatementExecutor* executor_;
  Session session_;
};

}  // namespace

FrontendServer::FrontendServer(FeConfig config) : config_(std::move(config)) {}

FrontendServer::~FrontendServer() { Shutdown(); }

Status FrontendServer::Start() {
  ASSIGN_OR_RETURN(journal_, SqliteJournal::Open(config_.GetString("meta_dir")));
  meta_ = std::make_unique<MetaLog>(journal_.get());
  catalog_ = std::make_unique<FeCatalog>(meta_.get());
  auth_ = std::make_unique<AuthManager>(meta_.get());
  backends_ = std::make_unique<BackendRegistry>(meta_.get());
  // The data client before the plugins: their RESTORE stages create tablets through it.
  if (!data_client_) {
    int64_t secs = config_.GetInt("tablet_create_timeout_second");
    owned_data_client_ = std::make_unique<ThriftBackendDataClient>(&tracker_, std::chrono::seconds(secs > 0 ? secs : 30));
    data_client_ = owned_data_client_.get();
  }
  creator_ = std::make_unique<TableCreator>(TableCreator::Deps{meta_.get(), backends_.get(), data_client_});
  RestoreStager::Deps stager;
  stager.catalog = catalog_.get();
  stager.meta = meta_.get();
  stager.backends = backends_.get();
  stager.creator = creator_.get();
  int64_t lock_ms = config_.GetInt("lock_timeout_ms");
  stager.lock_timeout = std::chrono::milliseconds(lock_ms > 0 ? lock_ms : 10000);
  stager_ = std::make_unique<RestoreStager>(stager);
  std::string address = config_.GetString("frontend_address");
  host_ = std::make_unique<FrontendHost>(catalog_.get(), stager_.get(), auth_.get(), backends_.get(), meta_.get(),
                                         &config_, address, static_cast<int32_t>(config_.GetInt("rpc_port")));
  std::vector<std::string> errors;
  plugins_ = PluginLoader::LoadAll(config_.GetString("plugins"), host_.get(), &errors);
  for (const auto& e : errors) LOG(WARNING) << e;
  for (const auto& p : plugins_) LOG(INFO) << "loaded plugin " << p->plugin()->Name() << " from " << p->path();
  RETURN_IF_ERROR(Replay());
  for (const auto& p : plugins_) {
    fe_backup::HostStatus st = p->plugin()->Start();
    if (!st.ok()) {
      LOG(ERROR) << "plugin " << p->plugin()->Name() << " failed to start: " << st.message << "; it is not used";
      continue;
    }
    started_plugins_.push_back(p->plugin());
  }
  StatementExecutor::Deps deps;
  deps.catalog = catalog_.get();
  deps.meta = meta_.get();
  deps.auth = auth_.get();
  deps.backends = backends_.get();
  deps.data = data_client_;
  deps.config = &config_;
  executor_ = std::make_unique<StatementExecutor>(deps);
  executor_->SetPlugins(started_plugins_);

  rpc::ServerOptions rpc_options;
  rpc_options.host = address;
  rpc_options.port = static_cast<int>(config_.GetInt("rpc_port"));
  rpc_options.max_connections = 256;
  rpc_server_ = std::make_unique<rpc::ThriftServer>(
      "FrontendService",
      std::make_shared<wire::FrontendServiceProcessor>(
          std::make_shared<FrontendServiceHandler>(&tracker_, backends_.get(), started_plugins_)),
      rpc_options);
  RETURN_IF_ERROR(rpc_server_->Start());
  host_->set_rpc_port(rpc_server_->port());
  HeartbeatManager::Options hb;
  hb.frontend_host = address;
  hb.rpc_port = rpc_server_->port();
  hb.http_port = static_cast<int32_t>(config_.GetInt("http_port"));
  hb.interval = std::chrono::milliseconds(std::max<int64_t>(50, config_.GetInt("heartbeat_interval_ms")));
  hb.timeout = std::chrono::milliseconds(std::max<int64_t>(100, config_.GetInt("heartbeat_timeout_second") * 1000));
  heartbeats_ = std::make_unique<HeartbeatManager>(backends_.get(), hb);
  heartbeats_->Start();

  MysqlServerOptions opts;
  opts.bind_host = address;
  opts.port = static_cast<int>(config_.GetInt("query_port"));
  opts.max_connections = static_cast<int>(config_.GetInt("qe_max_connection"));
  opts.connect_timeout = std::chrono::seconds(config_.GetInt("connect_timeout"));
  opts.idle_timeout = std::chrono::seconds(config_.GetInt("wait_timeout"));
  opts.max_packet_bytes = static_cast<size_t>(config_.GetInt("max_allowed_packet"));
  mysql_ = std::make_unique<MysqlServer>(opts, this);
  RETURN_IF_ERROR(mysql_->Start());
  checkpoint_thread_ = std::thread([this] { CheckpointLoop(); });
  started_ = true;
  return Status::OK();
}

Status FrontendServer::Replay() {
  ASSIGN_OR_RETURN(auto checkpoint, journal_->ReadCheckpoint());
  int64_t covered = 0;
  if (checkpoint) {
    ASSIGN_OR_RETURN(auto image, ParseJson(checkpoint->image));
    if (!image.is_object() || !image.contains("catalog") || !image.contains("auth") || !image.contains("backends")) {
      return Status::Corruption("checkpoint image lacks catalog/auth/backends");
    }
    RETURN_IF_ERROR(catalog_->Restore(image["catalog"]));
    RETURN_IF_ERROR(auth_->Restore(image["auth"]));
    RETURN_IF_ERROR(backends_->Restore(image["backends"]));
    covered = checkpoint->last_seq;
  }
  int64_t host_records = 0, module_records = 0;
  Status st = journal_->ForEach(0, [&](int64_t seq, uint16_t op, std::string_view payload) -> Status {
    if (op >= fe_backup::kModuleOpFirst && op <= fe_backup::kModuleOpLast) {
      ++module_records;
      for (const auto& p : plugins_) {
        fe_backup::HostStatus hs = p->plugin()->Replay(op, payload);
        if (!hs.ok()) {
          LOG(WARNING) << "plugin " << p->plugin()->Name() << " could not replay record " << seq << " (op " << op
                       << "): " << hs.message;
        }
      }
      return Status::OK();
    }
    if (seq <= covered) return Status::OK();
    ++host_records;
    ASSIGN_OR_RETURN(auto record, ParseJson(payload));
    auto meta_op = static_cast<MetaOp>(op);
    Status applied;
    if (op < 20) {
      applied = catalog_->Apply(meta_op, record);
    } else if (op < 30) {
      applied = backends_->Apply(meta_op, record);
    } else {
      applied = auth_->Apply(meta_op, record);
    }
    return applied.WithContext("journal record " + std::to_string(seq));
  });
  RETURN_IF_ERROR(st);
  LOG(INFO) << "replayed " << host_records << " frontend records after checkpoint seq " << covered << " and "
            << module_records << " module records";
  return Status::OK();
}

Status FrontendServer::Checkpoint() {
  return meta_->Checkpoint([this] {
    nlohmann::json image{{"catalog", catalog_->Snapshot()}, {"auth", auth_->Snapshot()},
                         {"backends", backends_->Snapshot()}};
    return image.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  });
}

void FrontendServer::CheckpointLoop() {
  int64_t interval = std::max<int64_t>(1, config_.GetInt("checkpoint_interval_records"));
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::seconds(2));
    if (stopping_) break;
    if (journal_->records_since_checkpoint() < interval) continue;
    lock.unlock();
    Status st = Checkpoint();
    if (st.ok()) {
      LOG(INFO) << "checkpoint written at journal seq " << journal_->last_seq();
    } else {
      LOG(WARNING) << "checkpoint failed: " << st;
    }
    lock.lock();
  }
}

int FrontendServer::rpc_port() const { return rpc_server_ ? rpc_server_->port() : 0; }

std::unique_ptr<ConnectionHandler> FrontendServer::Create(uint32_t connection_id, const std::string& remote_host) {
  return std::make_unique<FrontendConnection>(executor_.get(), connection_id, remote_host);
}

void FrontendServer::Shutdown() {
  if (!started_) return;
  started_ = false;
  if (mysql_) mysql_->Shutdown();
  if (heartbeats_) heartbeats_->Shutdown();
  if (rpc_server_) rpc_server_->Shutdown();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
  for (auto* p : started_plugins_) p->Shutdown();
  started_plugins_.clear();
  executor_.reset();
  plugins_.clear();
}

}  // namespace feb::frontend
