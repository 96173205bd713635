// HeartbeatManager: sends StarRocks heartbeats (HeartbeatService.heartbeat with the frontend's
// address and rpc_port) to every registered backend every `interval`, records the ports each
// backend reports, and marks a backend not alive once no heartbeat has succeeded for
// `timeout`. One background thread; Start/Shutdown from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "frontend/backends/backend_registry.h"

namespace feb::frontend {

class HeartbeatManager {
 public:
  struct Options {
    std::string frontend_host;
    int32_t rpc_port = 9020;
    int32_t http_port = 8030;
    std::chrono::milliseconds interval{1000};
    std::chrono::milliseconds timeout{5000};
  };
  HeartbeatManager(BackendRegistry* backends, Options options);
  ~HeartbeatManager();

  void Start();
  // One round now (tests and the first round at start).
  void BeatOnce();
  void Shutdown();

 private:
  struct Pool;
  BackendRegistry* backends_;
  Options options_;
  std::unique_ptr<Pool> pool_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
};

}  // namespace feb::frontend
