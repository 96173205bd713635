#include "frontend/rpc/heartbeat_manager.h"

#include <glog/logging.h>

#include "HeartbeatService.h"
#include "common/rpc/client_pool.h"

namespace feb::frontend {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

rpc::ClientOptions HeartbeatClientOptions() {
  rpc::ClientOptions o;
  o.connect_timeout_ms = 1000;
  o.send_timeout_ms = 2000;
  o.recv_timeout_ms = 3000;
  o.max_connections_per_address = 2;
  o.borrow_wait_ms = 1000;
  return o;
}

}  // namespace

struct HeartbeatManager::Pool {
  rpc::ClientPool<wire::HeartbeatServiceClient> clients{HeartbeatClientOptions()};
};

HeartbeatManager::HeartbeatManager(BackendRegistry* backends, Options options)
    : backends_(backends), options_(std::move(options)), pool_(std::make_unique<Pool>()) {}

HeartbeatManager::~HeartbeatManager() { Shutdown(); }

void HeartbeatManager::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      BeatOnce();
      lock.lock();
      cv_.wait_for(lock, options_.interval, [this] { return stopping_; });
    }
  });
}

void HeartbeatManager::BeatOnce() {
  for (const auto& b : backends_->Entries()) {
    wire::TMasterInfo info;
    info.network_address.hostname = options_.frontend_host;
    info.network_address.port = options_.rpc_port;
    info.epoch = 1;
    info.__set_backend_ip(b.info.host);
    info.__set_http_port(options_.http_port);
    info.__set_backend_id(b.info.id);
    wire::THeartbeatResult result;
    Status st = pool_->clients.Call(rpc::Address{b.info.host, b.heartbeat_port}, "heartbeat",
                                    [&](wire::HeartbeatServiceClient& c) { c.heartbeat(result, info); });
    BackendEntry reported;
    if (st.ok() && result.status.status_code != wire::TStatusCode::OK) {
      std::string msg;
      for (const auto& m : result.status.error_msgs) msg += (msg.empty() ? "" : "; ") + m;
      st = Status::Unavailable("heartbeat refused: " + msg);
    }
    if (st.ok()) {
      reported.info.be_port = result.backend_info.be_port;
      reported.info.http_port = result.backend_info.http_port;
      reported.info.brpc_port = result.backend_info.__isset.brpc_port ? result.backend_info.brpc_port : 8060;
      reported.version = result.backend_info.__isset.version ? result.backend_info.version : "";
      if (!b.info.alive) LOG(INFO) << "backend " << b.info.id << " (" << b.info.host << ":" << b.heartbeat_port << ") is alive";
    } else {
      reported.error = st.message();
      if (b.info.alive) LOG(WARNING) << "heartbeat to backend " << b.info.id << " failed: " << st;
    }
    backends_->RecordHeartbeat(b.info.id, st.ok(), reported, NowMs());
  }
  backends_->Expire(NowMs(), options_.timeout);
}

void HeartbeatManager::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace feb::frontend
