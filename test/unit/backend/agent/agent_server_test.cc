#include "backend/agent/agent_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fake_fe_client.h"
#include "test/unit/common/storage/temp_dir.h"

namespace feb::be {
namespace {

using storage::testing::TempDir;
using testing::FakeFeClient;

class AgentServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open().ok());
    TabletMeta m;
    m.tablet_id = 10001;
    m.schema_hash = 5;
    ASSERT_TRUE(store_.CreateTablet(m).ok());
  }

  std::unique_ptr<AgentServer> MakeServer(AgentServerOptions options) {
    options.backoff_base = std::chrono::milliseconds(1);
    options.backoff_max = std::chrono::milliseconds(4);
    return std::make_unique<AgentServer>(&executor_, &fe_, options, [] { return 0.0; });
  }

  AgentTask Snapshot(int64_t signature) {
    AgentTask t;
    t.type = TaskType::kMakeSnapshot;
    t.signature = signature;
    SnapshotTask s;
    s.tablet_id = 10001;
    s.schema_hash = 5;
    s.list_files = true;
    t.payload = s;
    return t;
  }

  // Polls until nothing is registered (bounded).
  bool WaitIdle(AgentServer& server) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (server.Running().empty()) return true;
      std::this_thread::yield();
    }
    return false;
  }

  TempDir tmp_;
  TabletStore store_{tmp_.path()};
  SnapshotManager snaps_{&store_, [] { return int64_t{1764115200}; }};
  FakeFeClient fe_;
  std::atomic<bool> stopping_{false};
  TaskExecutor executor_{&store_, &snaps_, storage::MakeDefaultStorageRegistry(), &fe_, &stopping_};
};

TEST_F(AgentServerTest, RunsTaskAndReportsIt) {
  auto server = MakeServer({});
  auto r = server->Submit(Snapshot(10001));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, AgentServer::Outcome::kQueued);
  ASSERT_TRUE(fe_.WaitReports(1));
  std::lock_guard<std::mutex> lock(fe_.mu);
  const TaskReport& rep = fe_.reports[0];
  EXPECT_TRUE(rep.status.ok()) << rep.status;
  EXPECT_EQ(rep.signature, 10001);
  ASSERT_TRUE(rep.snapshot_path.has_value());
  ASSERT_TRUE(rep.snapshot_files.has_value());
  EXPECT_EQ(*rep.snapshot_files, std::vector<std::string>{"10001.hdr"});
}

TEST_F(AgentServerTest, DuplicateWhileRunningIsDroppedAndAcceptedAgainAfterwards) {
  auto server = MakeServer({});
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.hold_finish = true;
  }
  ASSERT_EQ(*server->Submit(Snapshot(10001)), AgentServer::Outcome::kQueued);
  ASSERT_TRUE(fe_.WaitFinishCalls(1));  // executed, its report is in flight
  EXPECT_EQ(*server->Submit(Snapshot(10001)), AgentServer::Outcome::kDuplicate);
  auto running = server->Running();
  EXPECT_EQ(running[TaskType::kMakeSnapshot], std::set<int64_t>{10001});
  AgentTask release;
  release.type = TaskType::kReleaseSnapshot;
  release.signature = 10001;  // same signature, other type: not a duplicate
  release.payload = ReleaseSnapshotTask{tmp_.path() + "/snapshot/none"};
  EXPECT_EQ(*server->Submit(release), AgentServer::Outcome::kQueued);
  fe_.Release();
  ASSERT_TRUE(fe_.WaitReports(2));
  ASSERT_TRUE(WaitIdle(*server));
  EXPECT_EQ(*server->Submit(Snapshot(10001)), AgentServer::Outcome::kQueued);
  ASSERT_TRUE(fe_.WaitReports(3));
  std::lock_guard<std::mutex> lock(fe_.mu);
  EXPECT_EQ(fe_.finish_calls, 3) << "the duplicate never ran";
}

TEST_F(AgentServerTest, FullQueueIsResourceExhausted) {
  AgentServerOptions opt;
  opt.threads = {{TaskType::kMakeSnapshot, 1}};
  opt.queue_capacity = 1;
  auto server = MakeServer(opt);
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.hold_finish = true;
  }
  ASSERT_TRUE(server->Submit(Snapshot(1)).ok());
  ASSERT_TRUE(fe_.WaitFinishCalls(1));  // worker busy
  ASSERT_TRUE(server->Submit(Snapshot(2)).ok());  // queued
  auto third = server->Submit(Snapshot(3));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(server->Running()[TaskType::kMakeSnapshot], (std::set<int64_t>{1, 2})) << "a rejected task is not kept";
  AgentTask upload;
  upload.type = TaskType::kUpload;
  EXPECT_EQ(server->Submit(upload).status().code(), StatusCode::kNotSupported) << "no pool configured";
  fe_.Release();
  ASSERT_TRUE(fe_.WaitReports(2));
}

TEST_F(AgentServerTest, UnreachableFrontendIsRetriedThenGivenUp) {
  AgentServerOptions opt;
  opt.finish_task_attempts = 4;
  auto server = MakeServer(opt);
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.unavailable_left = 3;
  }
  ASSERT_TRUE(server->Submit(Snapshot(1)).ok());
  ASSERT_TRUE(fe_.WaitReports(1));
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    EXPECT_EQ(fe_.finish_calls, 4);
    fe_.unavailable_left = 100;
  }
  ASSERT_TRUE(WaitIdle(*server));
  ASSERT_TRUE(server->Submit(Snapshot(2)).ok());
  ASSERT_TRUE(fe_.WaitFinishCalls(8));
  ASSERT_TRUE(WaitIdle(*server));
  std::lock_guard<std::mutex> lock(fe_.mu);
  EXPECT_EQ(fe_.finish_calls, 8) << "bounded: 4 attempts, then given up";
  EXPECT_EQ(fe_.reports.size(), 1u);
}

TEST_F(AgentServerTest, FrontendRefusalIsNotRetried) {
  auto server = MakeServer({});
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.finish_answer = Status::Cancelled("cannot find task");
  }
  ASSERT_TRUE(server->Submit(Snapshot(1)).ok());
  ASSERT_TRUE(fe_.WaitReports(1));
  ASSERT_TRUE(WaitIdle(*server));
  std::lock_guard<std::mutex> lock(fe_.mu);
  EXPECT_EQ(fe_.finish_calls, 1);
}

TEST(AgentServerBackoffTest, ExponentialCappedAndJittered) {
  AgentServerOptions opt;
  opt.threads = {};
  opt.backoff_base = std::chrono::milliseconds(100);
  opt.backoff_max = std::chrono::milliseconds(1000);
  double jitter = 0.0;
  AgentServer server(nullptr, nullptr, opt, [&jitter] { return jitter; });
  EXPECT_EQ(server.Backoff(1).count(), 50);
  EXPECT_EQ(server.Backoff(2).count(), 100);
  EXPECT_EQ(server.Backoff(3).count(), 200);
  EXPECT_EQ(server.Backoff(10).count(), 500);
  jitter = 0.999;
  EXPECT_EQ(server.Backoff(1).count(), 149);
  EXPECT_EQ(server.Backoff(10).count(), 1499);
}

TEST_F(AgentServerTest, ShutdownDropsQueuedTasksAndRefusesNewOnes) {
  AgentServerOptions opt;
  opt.threads = {{TaskType::kMakeSnapshot, 1}};
  auto server = MakeServer(opt);
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.hold_finish = true;
  }
  ASSERT_TRUE(server->Submit(Snapshot(1)).ok());
  ASSERT_TRUE(fe_.WaitFinishCalls(1));
  ASSERT_TRUE(server->Submit(Snapshot(2)).ok());
  std::thread stopper([&] { server->Shutdown(); });
  // release the running task only once shutdown has emptied the queue
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (server->Queued() != 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  EXPECT_EQ(server->Queued(), 0u);
  fe_.Release();
  stopper.join();
  EXPECT_TRUE(server->Running().empty());
  EXPECT_EQ(server->Submit(Snapshot(3)).status().code(), StatusCode::kResourceExhausted);
  std::lock_guard<std::mutex> lock(fe_.mu);
  EXPECT_EQ(fe_.finish_calls, 1) << "task 2 was dropped, never run";
}

}  // namespace
}  // namespace feb::be
