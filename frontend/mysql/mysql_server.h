// MysqlServer: accepts MySQL protocol connections on a TCP port and serves each on its own
// thread (bounded by `max_connections`; one more gets ERROR 1040 and is closed). Handshake,
// authentication and the command loop (COM_QUERY, COM_INIT_DB, COM_PING, COM_QUIT,
// COM_FIELD_LIST) are done here; statements go to a ConnectionHandler.
// Start/Shutdown from one thread; Shutdown closes every connection and joins every thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status/status.h"
#include "frontend/mysql/connection_handler.h"

namespace feb::frontend {

struct MysqlServerOptions {
  std::string bind_host = "127.0.0.1";
  int port = 9030;                       // 0 = any free port (see port())
  int max_connections = 1024;
  std::chrono::seconds connect_timeout{10};   // to finish the handshake
  std::chrono::seconds idle_timeout{28800};   // between commands
  size_t max_packet_bytes = 64 << 20;
  std::string server_version = "5.1.0";
};

class MysqlServer {
 public:
  MysqlServer(MysqlServerOptions options, ConnectionHandlerFactory* factory);
  ~MysqlServer();

  // Binds and starts accepting.
  Status Start();
  // The port actually bound (after Start).
  int port() const { return port_; }
  int active_connections() const { return active_.load(); }
  void Shutdown();

 private:
  void AcceptLoop();
  void Serve(int fd, uint32_t connection_id, std::string remote_host);
  void ReapFinished();

  MysqlServerOptions options_;
  ConnectionHandlerFactory* factory_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::atomic<uint32_t> next_connection_id_{1};
  std::thread accept_thread_;
  std::mutex mu_;
  std::map<uint32_t, std::thread> threads_;  // GUARDED_BY(mu_)
  std::map<uint32_t, int> fds_;              // GUARDED_BY(mu_)
  std::vector<uint32_t> finished_;           // GUARDED_BY(mu_)
};

}  // namespace feb::frontend
