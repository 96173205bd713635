// ThriftServer: serves one Thrift processor (binary protocol, buffered transport) on
// host:port with at most `max_connections` concurrent connections, one worker thread each.
// Start() binds synchronously (a busy port is an error returned to the caller) and serves on
// its own thread; Shutdown() stops accepting, interrupts open connections and joins.
// Start/Shutdown are not thread-safe with each other; port() may be read from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "common/status/status.h"

namespace apache::thrift {
class TProcessor;
namespace server {
class TThreadedServer;
}
}  // namespace apache::thrift

namespace feb::rpc {

struct ServerOptions {
  std::string host = "0.0.0.0";  // "0.0.0.0" or "" = every interface
  int port = 0;                  // 0 = any free port (see port())
  int max_connections = 64;
  // Decoding limits against hostile input: elements per list/set/map (a list header
  // cannot make the server allocate count * sizeof(element) beyond this) and bytes per
  // string. Bigger requests fail with a protocol error and the connection is dropped.
  int32_t max_container_elements = kDefaultMaxContainerElements;
  int32_t max_string_bytes = kDefaultMaxStringBytes;

  static constexpr int32_t kDefaultMaxContainerElements = 200000;
  static constexpr int32_t kDefaultMaxStringBytes = 64 << 20;
};

class ThriftServer {
 public:
  ThriftServer(std::string name, std::shared_ptr<apache::thrift::TProcessor> processor, ServerOptions options);
  ~ThriftServer();
  ThriftServer(const ThriftServer&) = delete;
  ThriftServer& operator=(const ThriftServer&) = delete;

  Status Start();
  // The bound port (after a successful Start()).
  int port() const { return port_.load(); }
  void Shutdown();

 private:
  std::string name_;
  std::shared_ptr<apache::thrift::TProcessor> processor_;
  ServerOptions options_;
  std::shared_ptr<apache::thrift::server::TThreadedServer> server_;
  std::thread thread_;
  std::atomic<int> port_{0};
};

}  // namespace feb::rpc
