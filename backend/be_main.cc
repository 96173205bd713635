// The reference backend process `be`: wires the tablet store, snapshots, task pools and the
// three Thrift servers, then waits for SIGTERM/SIGINT and shuts down in order (stop accepting,
// abort transfers, drain the pools, stop the background loop).
#include <glog/logging.h>
#include <signal.h>
#include <thrift/TOutput.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "BackendService.h"
#include "HeartbeatService.h"
#include "ReferenceDataService.h"
#include "backend/agent/agent_server.h"
#include "backend/agent/backend_service_handler.h"
#include "backend/agent/data_service_handler.h"
#include "backend/agent/heartbeat_handler.h"
#include "backend/agent/master_info.h"
#include "backend/agent/task_executor.h"
#include "backend/agent/thrift_fe_client.h"
#include "backend/be_config.h"
#include "backend/storage/snapshot_manager.h"
#include "backend/storage/tablet_store.h"
#include "common/rpc/thrift_server.h"
#include "common/storage/storage_registry.h"

namespace {

using namespace feb;
using namespace feb::be;

void ThriftToGlog(const char* msg) { LOG(WARNING) << "thrift: " << msg; }

int64_t NowSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

int Fail(const Status& s) {
  LOG(ERROR) << s;
  std::cerr << "be: " << s << std::endl;
  return 1;
}

int Run(const BeConfig& config, const sigset_t& signals) {
  std::error_code ec;
  std::filesystem::create_directories(config.storage_root_path + "/snapshot", ec);
  if (ec) return Fail(Status::IoError("cannot create " + config.storage_root_path + ": " + ec.message()));

  TabletStore store(config.storage_root_path);
  if (Status s = store.Open(); !s.ok()) return Fail(s);
  MasterInfo master(config.storage_root_path, config.host);
  if (Status s = master.Load(); !s.ok()) return Fail(s);
  SnapshotManager snapshots(&store, NowSeconds);
  snapshots.default_timeout_s = config.snapshot_expire_time_sec;
  snapshots.SweepExpired();

  std::atomic<bool> stopping{false};
  rpc::ClientOptions client_options;
  client_options.connect_timeout_ms = config.thrift_connect_timeout_ms;
  client_options.send_timeout_ms = config.thrift_rpc_timeout_ms;
  client_options.recv_timeout_ms = config.thrift_rpc_timeout_ms;

  // Servers that need no ports of the others start first, so port 0 (any) works too.
  auto registry = storage::MakeDefaultStorageRegistry();
  BackendPorts ports{config.be_port, config.webserver_port, config.heartbeat_service_port, config.brpc_port};
  auto data_server = std::make_unique<rpc::ThriftServer>(
      "ReferenceDataService",
      std::make_shared<wire::ReferenceDataServiceProcessor>(std::make_shared<DataServiceHandler>(&store)),
      rpc::ServerOptions{config.bind_host, config.brpc_port, config.max_connections});
  if (Status s = data_server->Start(); !s.ok()) return Fail(s);
  ports.brpc_port = data_server->port();

  // The frontend client and the executor need the final be_port; bind BackendService with a
  // handler that is created before the server starts.
  std::unique_ptr<ThriftFeClient> fe;
  std::unique_ptr<TaskExecutor> executor;
  std::unique_ptr<AgentServer> agent;
  AgentServerOptions agent_options;
  agent_options.threads = {{TaskType::kCreate, config.create_tablet_worker_count},
                           {TaskType::kDrop, config.drop_tablet_worker_count},
                           {TaskType::kMakeSnapshot, config.make_snapshot_worker_count},
                           {TaskType::kReleaseSnapshot, config.release_snapshot_worker_count},
                           {TaskType::kUpload, config.upload_worker_count},
                           {TaskType::kDownload, config.download_worker_count},
                           {TaskType::kMove, config.move_worker_count}};
  agent_options.queue_capacity = static_cast<size_t>(config.task_queue_capacity);
  agent_options.finish_task_attempts = config.finish_task_attempts;

  // Ports are only known after binding; bind be_port first with a forwarding handler.
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
  auto be_server = std::make_unique<rpc::ThriftServer>(
      "BackendService", std::make_shared<wire::BackendServiceProcessor>(late),
      rpc::ServerOptions{config.bind_host, config.be_port, config.max_connections});
  if (Status s = be_server->Start(); !s.ok()) return Fail(s);
  ports.be_port = be_server->port();

  fe = std::make_unique<ThriftFeClient>(&master, ports, client_options);
  ExecutorOptions exec_options;
  exec_options.copy_chunk_bytes = static_cast<size_t>(config.copy_chunk_kb) * 1024;
  executor = std::make_unique<TaskExecutor>(&store, &snapshots, registry, fe.get(), &stopping, exec_options);
  std::mt19937_64 rng(std::random_device{}());
  std::mutex rng_mu;
  agent = std::make_unique<AgentServer>(executor.get(), fe.get(), agent_options, [&rng, &rng_mu] {
    std::lock_guard<std::mutex> lock(rng_mu);
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  });
  std::atomic_store(&late->target, std::make_shared<BackendServiceHandler>(agent.get(), config.storage_root_path));

  auto hb_server = std::make_unique<rpc::ThriftServer>(
      "HeartbeatService",
      std::make_shared<wire::HeartbeatServiceProcessor>(std::make_shared<HeartbeatHandler>(&master, ports, NowSeconds())),
      rpc::ServerOptions{config.bind_host, config.heartbeat_service_port, config.max_connections});
  if (Status s = hb_server->Start(); !s.ok()) return Fail(s);
  ports.heartbeat_port = hb_server->port();

  // Background loop: task reports to the frontend and the expired-snapshot sweep.
  std::mutex bg_mu;
  std::condition_variable bg_cv;
  bool bg_stop = false;
  std::thread background([&] {
    auto next_report = std::chrono::steady_clock::now();
    auto next_sweep = std::chrono::steady_clock::now() + std::chrono::seconds(config.snapshot_sweep_interval_seconds);
    while (true) {
      {
        std::unique_lock<std::mutex> lock(bg_mu);
        if (bg_cv.wait_until(lock, std::min(next_report, next_sweep), [&] { return bg_stop; })) return;
      }
      auto now = std::chrono::steady_clock::now();
      if (now >= next_report) {
        if (master.master()) {
          Status s = fe->Report(agent->Running(), store.List());
          if (!s.ok()) LOG(WARNING) << "task report: " << s;
        }
        next_report = now + std::chrono::seconds(config.report_task_interval_seconds);
      }
      if (now >= next_sweep) {
        snapshots.SweepExpired();
        next_sweep = now + std::chrono::seconds(config.snapshot_sweep_interval_seconds);
      }
    }
  });

  LOG(INFO) << "be started: be_port=" << ports.be_port << " heartbeat_service_port=" << ports.heartbeat_port
            << " brpc_port=" << ports.brpc_port << " storage_root_path=" << config.storage_root_path;
  std::cout << "be listening: be_port=" << ports.be_port << " heartbeat_service_port=" << ports.heartbeat_port
            << " brpc_port=" << ports.brpc_port << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  LOG(INFO) << "signal " << sig << ": shutting down";
  stopping = true;
  hb_server->Shutdown();
  be_server->Shutdown();
  data_server->Shutdown();
  agent->Shutdown();
  {
    std::lock_guard<std::mutex> lock(bg_mu);
    bg_stop = true;
  }
  bg_cv.notify_all();
  background.join();
  LOG(INFO) << "be stopped";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool help = false;
  auto config = BeConfig::FromArgs(argc, argv, &help);
  if (help) {
    std::cout << BeConfig::Usage();
    return 0;
  }
  if (!config.ok()) {
    std::cerr << "be: " << config.status().message() << "\n(see be --help)" << std::endl;
    return 2;
  }
  if (config->log_dir.empty()) {
    FLAGS_logtostderr = true;
  } else {
    std::error_code ec;
    std::filesystem::create_directories(config->log_dir, ec);
    FLAGS_log_dir = config->log_dir;
  }
  google::InitGoogleLogging("be");
  apache::thrift::GlobalOutput.setOutputFunction(ThriftToGlog);

  // Signals are taken synchronously by the main thread; every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  int rc = Run(*config, signals);
  google::ShutdownGoogleLogging();
  return rc;
}
