#include "common/rpc/thrift_server.h"

#include <glog/logging.h>
#include <thrift/TProcessor.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/server/TThreadedServer.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TServerSocket.h>

#include "common/rpc/thrift_status.h"

namespace feb::rpc {
namespace {

using apache::thrift::transport::TServerSocket;

// A server socket whose listen() binds once: Start() listens up front to report errors
// synchronously, and the server framework's own listen() call is then a no-op.
class PreboundServerSocket : public TServerSocket {
 public:
  using TServerSocket::TServerSocket;
  void listen() override {
    if (!bound_) {
      TServerSocket::listen();
      bound_ = true;
    }
  }

 private:
  bool bound_ = false;
};

}  // namespace

ThriftServer::ThriftServer(std::string name, std::shared_ptr<apache::thrift::TProcessor> processor,
                           ServerOptions options)
    : name_(std::move(name)), processor_(std::move(processor)), options_(std::move(options)) {}

ThriftServer::~ThriftServer() { Shutdown(); }

Status ThriftServer::Start() {
  if (server_ != nullptr) return Status::IllegalState(name_ + " already started");
  std::shared_ptr<PreboundServerSocket> socket;
  if (options_.host.empty() || options_.host == "0.0.0.0") {
    socket = std::make_shared<PreboundServerSocket>(options_.port);
  } else {
    socket = std::make_shared<PreboundServerSocket>(options_.host, options_.port);
  }
  try {
    socket->listen();
  } catch (const std::exception& e) {
    return StatusFromException(e, name_ + " cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  port_ = socket->getPort();
  server_ = std::make_shared<apache::thrift::server::TThreadedServer>(
      processor_, socket, std::make_shared<apache::thrift::transport::TBufferedTransportFactory>(),
      std::make_shared<apache::thrift::protocol::TBinaryProtocolFactory>(options_.max_string_bytes,
                                                                         options_.max_container_elements,
                                                                         /*strict_read=*/false, /*strict_write=*/true));
  server_->setConcurrentClientLimit(options_.max_connections);
  thread_ = std::thread([this] {
    try {
      server_->serve();
    } catch (const std::exception& e) {
      LOG(ERROR) << name_ << " stopped serving: " << e.what();
    }
  });
  LOG(INFO) << name_ << " listening on port " << port_.load();
  return Status::OK();
}

void ThriftServer::Shutdown() {
  if (server_ == nullptr) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  LOG(INFO) << name_ << " stopped";
}

}  // namespace feb::rpc
