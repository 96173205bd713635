#include "common/rpc/client_pool.h"

#include <gtest/gtest.h>
#include <thrift/TProcessor.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "HeartbeatService.h"
#include "common/rpc/thrift_server.h"

namespace feb::rpc {
namespace {

using feb::wire::HeartbeatServiceClient;

// Answers with be_port = the epoch it got; blocks while `hold` is set.
class TestHeartbeat : public feb::wire::HeartbeatServiceIf {
 public:
  void heartbeat(feb::wire::THeartbeatResult& out, const feb::wire::TMasterInfo& info) override {
    calls++;
    {
      std::unique_lock<std::mutex> lock(mu);
      entered++;
      cv.notify_all();
      cv.wait(lock, [this] { return !hold; });
    }
    out.status.status_code = feb::wire::TStatusCode::OK;
    out.backend_info.be_port = static_cast<int>(info.epoch);
    out.backend_info.http_port = 0;
  }
  std::atomic<int> calls{0};
  std::mutex mu;
  std::condition_variable cv;
  bool hold = false;
  int entered = 0;
};

class ClientPoolTest : public ::testing::Test {
 protected:
  void StartServer(int port = 0) {
    server_ = std::make_unique<ThriftServer>(
        "test heartbeat", std::make_shared<feb::wire::HeartbeatServiceProcessor>(handler_),
        ServerOptions{"127.0.0.1", port, 4});
    ASSERT_TRUE(server_->Start().ok());
    addr_ = Address{"127.0.0.1", server_->port()};
  }

  Status Beat(ClientPool<HeartbeatServiceClient>& pool, int64_t epoch, int* got) {
    return pool.Call(addr_, "heartbeat", [&](HeartbeatServiceClient& c) {
      feb::wire::TMasterInfo info;
      info.network_address.hostname = "127.0.0.1";
      info.epoch = epoch;
      feb::wire::THeartbeatResult r;
      c.heartbeat(r, info);
      *got = r.backend_info.be_port;
    });
  }

  std::shared_ptr<TestHeartbeat> handler_ = std::make_shared<TestHeartbeat>();
  std::unique_ptr<ThriftServer> server_;
  Address addr_;
};

TEST_F(ClientPoolTest, ReusesOneConnectionForSequentialCalls) {
  StartServer();
  ClientPool<HeartbeatServiceClient> pool;
  for (int i = 1; i <= 5; ++i) {
    int got = 0;
    ASSERT_TRUE(Beat(pool, i, &got).ok());
    EXPECT_EQ(got, i);
  }
  EXPECT_EQ(pool.OpenConnections(addr_), 1u);
  EXPECT_EQ(handler_->calls.load(), 5);
}

TEST_F(ClientPoolTest, ConnectionRefusedIsUnavailableAndNamesTheAddress) {
  StartServer();
  Address dead = addr_;
  server_->Shutdown();
  ClientOptions opt;
  opt.connect_timeout_ms = 500;
  ClientPool<HeartbeatServiceClient> pool(opt);
  addr_ = dead;
  int got = 0;
  Status s = Beat(pool, 1, &got);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s;
  EXPECT_NE(s.message().find(dead.ToString()), std::string::npos) << s;
  EXPECT_EQ(pool.OpenConnections(dead), 0u);
}

TEST_F(ClientPoolTest, StaleConnectionAfterServerRestartIsReopened) {
  StartServer();
  ClientPool<HeartbeatServiceClient> pool;
  int got = 0;
  ASSERT_TRUE(Beat(pool, 1, &got).ok());
  int port = addr_.port;
  server_->Shutdown();
  StartServer(port);
  ASSERT_EQ(addr_.port, port);
  Status s = Beat(pool, 2, &got);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(got, 2);
  EXPECT_EQ(pool.OpenConnections(addr_), 1u);
}

TEST_F(ClientPoolTest, ReceiveTimeoutDropsTheConnection) {
  StartServer();
  ClientOptions opt;
  opt.recv_timeout_ms = 200;
  ClientPool<HeartbeatServiceClient> pool(opt);
  {
    std::lock_guard<std::mutex> lock(handler_->mu);
    handler_->hold = true;
  }
  int got = 0;
  Status s = Beat(pool, 1, &got);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(pool.OpenConnections(addr_), 0u);
  {
    std::lock_guard<std::mutex> lock(handler_->mu);
    handler_->hold = false;
  }
  handler_->cv.notify_all();
  ASSERT_TRUE(Beat(pool, 3, &got).ok());
  EXPECT_EQ(got, 3);
}

TEST_F(ClientPoolTest, BoundedPerAddressWaitsThenGivesUp) {
  StartServer();
  ClientOptions opt;
  opt.max_connections_per_address = 1;
  opt.borrow_wait_ms = 100;
  ClientPool<HeartbeatServiceClient> pool(opt);
  {
    std::lock_guard<std::mutex> lock(handler_->mu);
    handler_->hold = true;
  }
  int got1 = 0;
  auto first = std::async(std::launch::async, [&] { return Beat(pool, 7, &got1); });
  {
    std::unique_lock<std::mutex> lock(handler_->mu);
    ASSERT_TRUE(handler_->cv.wait_for(lock, std::chrono::seconds(10), [&] { return handler_->entered == 1; }));
  }
  int got2 = 0;
  Status second = Beat(pool, 8, &got2);
  EXPECT_EQ(second.code(), StatusCode::kResourceExhausted) << second;
  {
    std::lock_guard<std::mutex> lock(handler_->mu);
    handler_->hold = false;
  }
  handler_->cv.notify_all();
  EXPECT_TRUE(first.get().ok());
  EXPECT_EQ(got1, 7);
  EXPECT_TRUE(Beat(pool, 9, &got2).ok());
  EXPECT_EQ(pool.OpenConnections(addr_), 1u);
}

TEST(ThriftServerTest, BusyPortIsAnError) {
  auto handler = std::make_shared<TestHeartbeat>();
  ThriftServer a("a", std::make_shared<feb::wire::HeartbeatServiceProcessor>(handler), ServerOptions{"127.0.0.1", 0, 2});
  ASSERT_TRUE(a.Start().ok());
  ThriftServer b("b", std::make_shared<feb::wire::HeartbeatServiceProcessor>(handler),
                 ServerOptions{"127.0.0.1", a.port(), 2});
  Status s = b.Start();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(std::to_string(a.port())), std::string::npos) << s;
}

TEST(AddressTest, Parse) {
  auto a = Address::Parse("10.0.0.1:9050");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "10.0.0.1");
  EXPECT_EQ(a->port, 9050);
  for (const char* bad : {"x", ":1", "h:", "h:0", "h:65536", "h:1x"}) {
    EXPECT_FALSE(Address::Parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace feb::rpc
