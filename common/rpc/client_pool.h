// ClientPool<Client>: pooled Thrift clients (binary protocol over a buffered socket, the
// transport StarRocks uses between FE and BE) for one generated service client type, e.g.
// ClientPool<feb::wire::FrontendServiceClient>.
//
// - Per address, at most `max_connections_per_address` connections exist (idle + in use);
//   a caller that finds the limit reached waits up to `borrow_wait_ms`, then gets
//   ResourceExhausted.
// - Every socket has connect / send / receive timeouts.
// - A call that throws a transport/protocol/application exception closes and drops its
//   connection; if that connection came from the idle list (it may have gone stale while
//   idle, e.g. the peer restarted), the call is retried once on a fresh connection. Calls
//   must therefore be idempotent (all agent RPCs are: tasks carry signatures).
// Thread-safe. Connections are closed when the pool is destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>

#include "common/rpc/address.h"
#include "common/rpc/thrift_status.h"
#include "common/status/status.h"

namespace feb::rpc {

struct ClientOptions {
  int connect_timeout_ms = 3000;
  int send_timeout_ms = 10000;
  int recv_timeout_ms = 30000;
  size_t max_connections_per_address = 8;
  int borrow_wait_ms = 5000;
};

template <typename Client>
class ClientPool {
 public:
  explicit ClientPool(ClientOptions options = {}) : options_(options) {}
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  // Runs fn(client) on a pooled connection to `addr`. `what` names the call in errors.
  Status Call(const Address& addr, const std::string& what, const std::function<void(Client&)>& fn) {
    const std::string context = what + " to " + addr.ToString();
    for (int attempt = 0; attempt < 2; ++attempt) {
      std::unique_ptr<Conn> conn;
      bool reused = false;
      Status s = Borrow(addr, &conn, &reused);
      if (!s.ok()) return s.WithContext(context);
      try {
        fn(*conn->client);
        Return(addr, std::move(conn));
        return Status::OK();
      } catch (const std::exception& e) {
        bool broken = IsConnectionBroken(e);
        Status err = StatusFromException(e, context);
        if (broken) {
          Drop(addr, std::move(conn));
        } else {
          Return(addr, std::move(conn));
        }
        // Only a connection that sat idle is suspected stale; retry once on a fresh one.
        if (!(broken && reused && attempt == 0)) return err;
      }
    }
    return Status::Internal(context + ": unreachable");
  }

  // Number of open connections (idle + in use) to `addr`; for tests and metrics.
  size_t OpenConnections(const Address& addr) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = slots_.find(addr);
    return it == slots_.end() ? 0 : it->second.open;
  }

  const ClientOptions& options() const { return options_; }

 private:
  struct Conn {
    std::shared_ptr<apache::thrift::transport::TTransport> transport;
    std::unique_ptr<Client> client;
  };
  struct Slot {
    size_t open = 0;
    std::deque<std::unique_ptr<Conn>> idle;
  };

  Status Borrow(const Address& addr, std::unique_ptr<Conn>* out, bool* reused) {
    std::unique_lock<std::mutex> lock(mu_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.borrow_wait_ms);
    while (true) {
      Slot& slot = slots_[addr];
      if (!slot.idle.empty()) {
        *out = std::move(slot.idle.front());
        slot.idle.pop_front();
        *reused = true;
        return Status::OK();
      }
      if (slot.open < options_.max_connections_per_address) {
        ++slot.open;
        break;
      }
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
        return Status::ResourceExhausted("all " + std::to_string(options_.max_connections_per_address) +
                                         " connections busy for " + std::to_string(options_.borrow_wait_ms) + " ms");
      }
    }
    lock.unlock();
    *reused = false;
    auto conn = std::make_unique<Conn>();
    try {
      auto socket = std::make_shared<apache::thrift::transport::TSocket>(addr.host, addr.port);
      socket->setConnTimeout(options_.connect_timeout_ms);
      socket->setSendTimeout(options_.send_timeout_ms);
      socket->setRecvTimeout(options_.recv_timeout_ms);
      socket->setNoDelay(true);
      conn->transport = std::make_shared<apache::thrift::transport::TBufferedTransport>(socket);
      auto protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocol>(conn->transport);
      conn->client = std::make_unique<Client>(protocol);
      conn->transport->open();
    } catch (const std::exception& e) {
      ReleaseSlot(addr);
      return StatusFromException(e, "connect");
    }
    *out = std::move(conn);
    return Status::OK();
  }

  void Return(const Address& addr, std::unique_ptr<Conn> conn) {
    std::lock_guard<std::mutex> lock(mu_);
    slots_[addr].idle.push_back(std::move(conn));
    cv_.notify_one();
  }

  void Drop(const Address& addr, std::unique_ptr<Conn> conn) {
    try {
      conn->transport->close();
    } catch (const std::exception&) {
      // closing a broken socket may fail; the connection is discarded either way
    }
    conn.reset();
    ReleaseSlot(addr);
  }

  void ReleaseSlot(const Address& addr) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& slot = slots_[addr];
    if (slot.open > 0) --slot.open;
    cv_.notify_one();
  }

  const ClientOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<Address, Slot> slots_;  // guarded by mu_
};

}  // namespace feb::rpc
