// The reference backend process `be`: loads the tablets, starts the services (BeServices),
// waits for SIGTERM/SIGINT and shuts down in order.
#include <glog/logging.h>
#include <signal.h>
#include <thrift/TOutput.h>

#include <ctime>
#include <filesystem>
#include <iostream>

#include "backend/agent/be_services.h"
#include "backend/agent/master_info.h"
#include "backend/be_config.h"
#include "backend/storage/snapshot_manager.h"
#include "backend/storage/tablet_store.h"
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

BeServicesOptions ServicesOptions(const BeConfig& config) {
  BeServicesOptions o;
  o.bind_host = config.bind_host;
  o.ports = BackendPorts{config.be_port, config.webserver_port, config.heartbeat_service_port, config.brpc_port};
  o.max_connections = config.max_connections;
  o.fe_client.connect_timeout_ms = config.thrift_connect_timeout_ms;
  o.fe_client.send_timeout_ms = config.thrift_rpc_timeout_ms;
  o.fe_client.recv_timeout_ms = config.thrift_rpc_timeout_ms;
  o.agent.threads = {{TaskType::kCreate, config.create_tablet_worker_count},
                     {TaskType::kDrop, config.drop_tablet_worker_count},
                     {TaskType::kMakeSnapshot, config.make_snapshot_worker_count},
                     {TaskType::kReleaseSnapshot, config.release_snapshot_worker_count},
                     {TaskType::kUpload, config.upload_worker_count},
                     {TaskType::kDownload, config.download_worker_count},
                     {TaskType::kMove, config.move_worker_count}};
  o.agent.queue_capacity = static_cast<size_t>(config.task_queue_capacity);
  o.agent.finish_task_attempts = config.finish_task_attempts;
  o.executor.copy_chunk_bytes = static_cast<size_t>(config.copy_chunk_kb) * 1024;
  o.executor.report_interval_ms = config.transfer_report_interval_ms;
  o.report_interval_s = config.report_task_interval_seconds;
  o.sweep_interval_s = config.snapshot_sweep_interval_seconds;
  return o;
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

  BeServices services(&store, &snapshots, &master, storage::MakeDefaultStorageRegistry(), ServicesOptions(config));
  if (Status s = services.Start(); !s.ok()) return Fail(s);
  BackendPorts ports = services.ports();
  LOG(INFO) << "be started: be_port=" << ports.be_port << " heartbeat_service_port=" << ports.heartbeat_port
            << " brpc_port=" << ports.brpc_port << " storage_root_path=" << config.storage_root_path;
  std::cout << "be listening: be_port=" << ports.be_port << " heartbeat_service_port=" << ports.heartbeat_port
            << " brpc_port=" << ports.brpc_port << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  LOG(INFO) << "signal " << sig << ": shutting down";
  services.Shutdown();
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
