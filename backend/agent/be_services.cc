#include "backend/agent/be_services.h"

#include <glog/logging.h>

#include <chrono>
#include <ctime>
#include <random>

#include "BackendService.h"
#include "HeartbeatService.h"
#include "ReferenceDataService.h"
#include "backend/agent/backend_service_handler.h"
#include "backend/agent/data_service_handler.h"
#include "backend/agent/heartbeat_handler.h"

namespace feb::be {

BeServices::BeServices(TabletStore* store, SnapshotManager* snapshots, MasterInfo* master,
                       std::shared_ptr<storage::StorageRegistry> registry, BeServicesOptions options)
    : store_(store), snapshots_(snapshots), master_(master), registry_(std::move(registry)),
      options_(std::move(options)), ports_(options_.ports) {}

BeServices::~BeServices() { Shutdown(); }

Status BeServices::Start() {
  const std::string& host = options_.bind_host;
  data_server_ = std::make_unique<rpc::ThriftServer>(
      "ReferenceDataService",
      std::make_shared<wire::ReferenceDataServiceProcessor>(std::make_shared<DataServiceHandler>(store_)),
      rpc::ServerOptions{host, options_.ports.brpc_port, options_.max_connections});
  RETURN_IF_ERROR(data_server_->Start());
  ports_.brpc_port = data_server_->port();

  // The frontend client reports be_port, so be_port is bound before the agent is built; the
  // BackendService handler is installed once the agent exists.
  class LateHandler : public wire::BackendServiceIf {
   public:
    void submit_tasks(wire::TAgentResult& result, const std::vector<wire::TAgentTaskRequest>& tasks) override {
      std::shared_ptr<BackendServiceHandler> h = std::atomic_load(&target);
      if (h == nullptr) {
        result.status.status_code = wire::TStatusCode::SERVICE_UNAVAILABLE;
        result.status.__set_error_msgs({"backend is starting"});
        return;
      }
      h->submit_tasks(result, tasks);
    }
    std::shared_ptr<BackendServiceHandler> target;
  };
  auto late = std::make_shared<LateHandler>();
  be_server_ = std::make_unique<rpc::ThriftServer>("BackendService", std::make_shared<wire::BackendServiceProcessor>(late),
                                                   rpc::ServerOptions{host, options_.ports.be_port, options_.max_connections});
  RETURN_IF_ERROR(be_server_->Start());
  ports_.be_port = be_server_->port();

  fe_ = std::make_unique<ThriftFeClient>(master_, ports_, options_.fe_client);
  executor_ = std::make_unique<TaskExecutor>(store_, snapshots_, registry_, fe_.get(), &stopping_, options_.executor);
  auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
  auto rng_mu = std::make_shared<std::mutex>();
  agent_ = std::make_unique<AgentServer>(executor_.get(), fe_.get(), options_.agent, [rng, rng_mu] {
    std::lock_guard<std::mutex> lock(*rng_mu);
    return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
  });
  std::atomic_store(&late->target, std::make_shared<BackendServiceHandler>(agent_.get(), store_->root()));

  hb_server_ = std::make_unique<rpc::ThriftServer>(
      "HeartbeatService",
      std::make_shared<wire::HeartbeatServiceProcessor>(
          std::make_shared<HeartbeatHandler>(master_, ports_, static_cast<int64_t>(std::time(nullptr)))),
      rpc::ServerOptions{host, options_.ports.heartbeat_port, options_.max_connections});
  RETURN_IF_ERROR(hb_server_->Start());
  ports_.heartbeat_port = hb_server_->port();

  background_ = std::thread([this] { Background(); });
  return Status::OK();
}

void BeServices::Background() {
  auto next_report = std::chrono::steady_clock::now();
  auto next_sweep = std::chrono::steady_clock::now() + std::chrono::seconds(options_.sweep_interval_s);
  while (true) {
    {
      std::unique_lock<std::mutex> lock(bg_mu_);
      if (bg_cv_.wait_until(lock, std::min(next_report, next_sweep), [this] { return bg_stop_; })) return;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= next_report) {
      if (master_->master()) {
        Status s = fe_->Report(agent_->Running(), store_->List());
        if (!s.ok()) LOG(WARNING) << "task report: " << s;
      }
      next_report = now + std::chrono::seconds(options_.report_interval_s);
    }
    if (now >= next_sweep) {
      snapshots_->SweepExpired();
      next_sweep = now + std::chrono::seconds(options_.sweep_interval_s);
    }
  }
}

void BeServices::Shutdown() {
  stopping_ = true;
  if (hb_server_) hb_server_->Shutdown();
  if (be_server_) be_server_->Shutdown();
  if (data_server_) data_server_->Shutdown();
  if (agent_) agent_->Shutdown();
  {
    std::lock_guard<std::mutex> lock(bg_mu_);
    bg_stop_ = true;
  }
  bg_cv_.notify_all();
  if (background_.joinable()) background_.join();
}

}  // namespace feb::be
