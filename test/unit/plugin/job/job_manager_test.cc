#include "plugin/src/job/job_manager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "test/fakes/fake_host.h"
#include "test/fakes/fake_repository.h"
#include "test/fakes/fake_task_sender.h"

namespace feb::plugin {
namespace {

using fe_backup::TaskType;
using feb::testing::FakeHost;
using feb::testing::FakeRepository;
using feb::testing::FakeTaskSender;

class JobManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = host_.AddDatabase("example_db");
    host_.AddOlapTable(db_, "example_tbl", {"p1"}, 1, 1, 2);
  }

  JobContext Deps() {
    JobContext d;
    d.host = &host_;
    d.journal = &journal_;
    d.lanes = &lanes_;
    d.repos = repo_.get();
    d.clock = &clock_;
    d.random01 = [] { return 0.0; };
    return d;
  }

  void RunOnce(JobManager& m) {
    m.RunOnce();
    lanes_.WaitIdle();
  }

  AnalyzedBackup Request(const std::string& label) {
    AnalyzedBackup r;
    r.label = label;
    r.db_id = db_;
    r.db_name = "example_db";
    r.repo_id = 7;
    r.repo_name = "example_repo";
    r.tables = {{"example_tbl", {}}};
    return r;
  }

  FakeHost host_;
  std::unique_ptr<FakeRepository> repo_ = std::make_unique<FakeRepository>(7, "example_repo");
  FakeTaskSender sender_;
  ModuleJournal journal_{&host_};
  SendLanes lanes_{&sender_};
  FakeClock clock_{1700000000000};
  int64_t db_ = 0;
};

TEST_F(JobManagerTest, OneUnfinishedJobPerDatabase) {
  JobManager m(Deps(), {});
  ASSERT_TRUE(m.SubmitBackup(Request("l1")).ok());
  Status second = m.SubmitBackup(Request("l2"));
  EXPECT_EQ(second.message(), "Can only run one backup or restore job of a database at same time");
  ASSERT_TRUE(m.CancelBackup(db_).ok());
  EXPECT_TRUE(m.SubmitBackup(Request("l2")).ok());
  EXPECT_EQ(m.BackupJobOf(db_)->label(), "l2");
}

TEST_F(JobManagerTest, RefusesExistingLabelsAndReadOnlyRepositories) {
  repo_->PutFile(repo_->layout().InfoPath("taken", "2024-01-01-00-00-00-000") + ".0123456789abcdef0123456789abcdef",
                 "{}");
  JobManager m(Deps(), {});
  EXPECT_EQ(m.SubmitBackup(Request("taken")).message(), "Snapshot with name 'taken' already exist in repository");
  FakeRepository ro(7, "example_repo", "file:///repo", /*read_only=*/true);
  JobContext d = Deps();
  d.repos = &ro;
  JobManager m2(d, {});
  EXPECT_EQ(m2.SubmitBackup(Request("x")).message(), "Repository example_repo is read only");
  repo_->FailList(true);
  EXPECT_NE(m.SubmitBackup(Request("y")).message().find("failed (injected)"), std::string::npos);
}

TEST_F(JobManagerTest, SubmissionIsJournaledBeforeItIsAccepted) {
  JobManager m(Deps(), {});
  host_.SetJournalDown(true);
  EXPECT_FALSE(m.SubmitBackup(Request("l1")).ok());
  EXPECT_EQ(m.BackupJobOf(db_), nullptr);
  host_.SetJournalDown(false);
  EXPECT_TRUE(m.SubmitBackup(Request("l1")).ok());
  EXPECT_EQ(host_.journal_records().size(), 1u);
}

TEST_F(JobManagerTest, CancelTextsFollowStarRocks) {
  JobManager m(Deps(), {});
  EXPECT_EQ(m.CancelBackup(db_).message(), "No backup job is currently running");
  ASSERT_TRUE(m.SubmitBackup(Request("l1")).ok());
  ASSERT_TRUE(m.CancelBackup(db_).ok());
  EXPECT_EQ(m.BackupJobOf(db_)->status().ToString(), "[COMMON_ERROR, msg: user cancelled]");
  EXPECT_EQ(m.CancelBackup(db_).message(), "No backup job is currently running");
}

TEST_F(JobManagerTest, ReplayRestoresTheLatestRecordOfEachJob) {
  {
    JobManager m(Deps(), {});
    ASSERT_TRUE(m.SubmitBackup(Request("l1")).ok());
    RunOnce(m);  // -> SNAPSHOTING
  }
  JobManager m(Deps(), {});
  for (const auto& r : host_.journal_records()) ASSERT_TRUE(m.Replay(r.op, r.payload).ok());
  ASSERT_NE(m.BackupJobOf(db_), nullptr);
  EXPECT_EQ(m.BackupJobOf(db_)->state(), BackupJobState::kSnapshoting);
  EXPECT_TRUE(m.HasUnfinishedJobOn(7));
  EXPECT_FALSE(m.Replay(BackupJob::kImageOp, "not json").ok());
}

TEST_F(JobManagerTest, ReportsReachTheirJobAndUnknownOnesAreCancelled) {
  JobManager m(Deps(), {});
  ASSERT_TRUE(m.SubmitBackup(Request("l1")).ok());
  RunOnce(m);
  auto tasks = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(tasks.size(), 1u);
  fe_backup::FinishedTask f;
  f.backend_id = tasks[0].backend_id;
  f.type = TaskType::kMakeSnapshot;
  f.signature = tasks[0].signature;
  f.snapshot_path = "/snap";
  f.snapshot_files = std::vector<std::string>{"a.dat"};
  EXPECT_EQ(m.OnFinishTask(f), fe_backup::TaskAnswer::kOk);
  f.signature = 999999;
  EXPECT_EQ(m.OnFinishTask(f), fe_backup::TaskAnswer::kCancelled);
  EXPECT_EQ(m.OnLoaderProgress({1, 2, TaskType::kUpload, 0, 1}), fe_backup::TaskAnswer::kCancelled);
}

TEST_F(JobManagerTest, DaemonDrivesJobsAndExpiresHistory) {
  JobManagerOptions options;
  options.tick_ms = 10;
  options.history_keep_ms = 1000;
  JobManager m(Deps(), options);
  m.Start();
  ASSERT_TRUE(m.SubmitBackup(Request("l1")).ok());
  // The daemon sends the snapshot task by itself; wait for it with a deadline.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sender_.calls() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(sender_.calls(), 0);
  ASSERT_TRUE(m.CancelBackup(db_).ok());
  m.Shutdown();
  clock_.AdvanceMs(1001);
  m.RunOnce();
  EXPECT_EQ(m.BackupJobOf(db_), nullptr);
}

}  // namespace
}  // namespace feb::plugin

namespace feb::plugin {
namespace {

TEST_F(JobManagerTest, ALateSnapshotReportOfACancelledJobIsNotTakenByTheNextJob) {
  // Issue 8 defect 1: job A is cancelled while its snapshot task is queued on the backend; job
  // B snapshots the same tablet later. A's report must never complete B's task.
  JobManager m(Deps(), {});
  ASSERT_TRUE(m.SubmitBackup(Request("a")).ok());
  RunOnce(m);
  auto a_tasks = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(a_tasks.size(), 1u);
  ASSERT_TRUE(m.CancelBackup(db_).ok());
  ASSERT_TRUE(m.SubmitBackup(Request("b")).ok());
  RunOnce(m);
  auto b_tasks = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(b_tasks.size(), 1u);
  EXPECT_EQ(a_tasks[0].snapshot->tablet_id, b_tasks[0].snapshot->tablet_id);
  EXPECT_NE(a_tasks[0].signature, b_tasks[0].signature);  // the backend cannot drop B's as a duplicate

  fe_backup::FinishedTask late;
  late.backend_id = a_tasks[0].backend_id;
  late.type = TaskType::kMakeSnapshot;
  late.signature = a_tasks[0].signature;
  late.snapshot_path = "/be1/snapshot/old.version";
  late.snapshot_files = std::vector<std::string>{"a.dat"};
  EXPECT_EQ(m.OnFinishTask(late), fe_backup::TaskAnswer::kCancelled);
  lanes_.WaitIdle();
  // B still waits for its own snapshot, and A's snapshot is released on the backend.
  EXPECT_EQ(m.BackupJobOf(db_)->state(), BackupJobState::kSnapshoting);
  EXPECT_NE(m.BackupJobOf(db_)->ShowRow()[9]->find(std::to_string(b_tasks[0].snapshot->tablet_id)), std::string::npos);
  EXPECT_EQ(m.orphans_released(), 1);
  auto releases = sender_.Take(TaskType::kReleaseSnapshot);
  bool released = false;
  for (const auto& r : releases) released |= r.release->snapshot_path == "/be1/snapshot/old.version";
  EXPECT_TRUE(released);
}

TEST_F(JobManagerTest, OneLabelInOneRepositoryIsWrittenByOneJobAtATime) {
  int64_t other = host_.AddDatabase("other_db");
  host_.AddOlapTable(other, "t", {"p1"}, 1, 1, 2);
  JobManager m(Deps(), {});
  ASSERT_TRUE(m.SubmitBackup(Request("same")).ok());
  AnalyzedBackup r = Request("same");
  r.db_id = other;
  r.db_name = "other_db";
  r.tables = {{"t", {}}};
  Status s = m.SubmitBackup(r);
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("'same'"), std::string::npos) << s;
}

}  // namespace
}  // namespace feb::plugin
