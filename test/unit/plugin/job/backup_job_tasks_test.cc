// Issue 8's task-layer defects, each shown by a test that failed before the fix.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test/unit/plugin/job/backup_job_fixture.h"

namespace feb::plugin {
namespace {

TEST_F(BackupJobTest, RefusedTasksAloneAreRetriedAndTheAcceptedOnesAreNotMarkedFailed) {
  // A backend whose queue is full refuses part of a batch: only those tasks back off, with the
  // backend's reason, and no other task of the batch carries an error.
  sender_.SetQueueCapacity(2);
  auto job = NewJob();
  RunJob(*job);
  auto accepted = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(accepted.size(), 2u);
  std::string errors = *job->ShowRow()[11];
  for (const auto& t : accepted) EXPECT_EQ(errors.find(std::to_string(t.signature)), std::string::npos) << errors;
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '['), 3) << errors;
  EXPECT_NE(errors.find("queue of backend 1 is full"), std::string::npos) << errors;
  sender_.SetQueueCapacity(0);
  clock_.AdvanceMs(500);
  RunJob(*job);
  EXPECT_EQ(sender_.Take(TaskType::kMakeSnapshot).size(), 3u);
}

TEST_F(BackupJobTest, StoredErrorTextIsCappedPerTaskAndPerJob) {
  auto job = NewJob();
  RunJob(*job);
  for (const auto& t : sender_.Take(TaskType::kMakeSnapshot)) {
    FinishedTask f = SnapshotDone(t);
    f.status_code = fe_backup::kTaskStatusRuntimeError;
    f.error_msgs = std::vector<std::string>(100, std::string(10000, 'x'));  // 1 MB of text per report
    job->OnFinishTask(f);
  }
  EXPECT_LT(job->ShowRow()[11]->size(), 5 * (TaskTracker::kMaxErrorBytes + 32));
}

TEST_F(BackupJobTest, BackendReportResendsOnlyLostTasksAndHonoursTheBackoff) {
  BackupJobOptions options;
  options.retry_base_ms = 10000;  // first retry after 5 s with this jitter source
  auto job = NewJob(options);
  RunJob(*job);
  auto tasks = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(tasks.size(), 5u);
  clock_.AdvanceMs(1000);
  FinishedTask failed = SnapshotDone(tasks[0]);
  failed.status_code = fe_backup::kTaskStatusRuntimeError;
  failed.error_msgs = {"disk full"};
  job->OnFinishTask(failed);  // due again at 6 s
  clock_.AdvanceMs(4500);     // 5.5 s: the other four were sent 5.5 s ago and are not running
  fe_backup::BackendTaskReport report;
  report.backend_id = 1;
  job->OnBackendTaskReport(report);
  RunJob(*job);
  auto resent = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(resent.size(), 4u);
  for (const auto& t : resent) EXPECT_NE(t.signature, tasks[0].signature);
  clock_.AdvanceMs(500);
  RunJob(*job);
  resent = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(resent.size(), 1u);
  EXPECT_EQ(resent[0].signature, tasks[0].signature);
}

TEST_F(BackupJobTest, ASnapshotThatKeepsFailingMovesToAnotherHealthyReplica) {
  auto job = NewJob();
  RunJob(*job);
  auto tasks = sender_.Take(TaskType::kMakeSnapshot);
  AgentTask t = tasks[0];
  ASSERT_EQ(t.backend_id, 1);
  for (int attempt = 0; attempt < 3; ++attempt) {
    FinishedTask f = SnapshotDone(t);
    f.status_code = fe_backup::kTaskStatusRuntimeError;
    f.error_msgs = {"bad disk"};
    job->OnFinishTask(f);
    clock_.AdvanceMs(60000);
    RunJob(*job);
    for (const auto& again : sender_.Take(TaskType::kMakeSnapshot)) {
      if (again.signature == t.signature) t = again;
    }
  }
  EXPECT_EQ(t.backend_id, 2);  // the second replica
}

TEST_F(BackupJobTest, FinishedIsJournaledOnceAndTheJournalHoldsNoPerTabletCopyOfTheWholeJob) {
  auto job = JobIn(BackupJobState::kUploading);
  for (const auto& t : sender_.Take(TaskType::kUpload)) job->OnFinishTask(UploadDone(t));
  RunJob(*job);
  ASSERT_EQ(job->state(), BackupJobState::kFinished);
  std::vector<std::string> states = JournaledStates();
  EXPECT_EQ(std::count(states.begin(), states.end(), "FINISHED"), 1);
  // A done job's image is a summary: no tablets, no tasks.
  auto image = nlohmann::json::parse(job->Image());
  EXPECT_FALSE(image.contains("tablets"));
  EXPECT_FALSE(image.contains("uploadTasks"));
  EXPECT_EQ(image["summaryTablets"], 5);
}

TEST_F(BackupJobTest, TheImageOfARunningJobReplaysToTheSameJob) {
  // What the module checkpoint stores: an UPLOADING job, one upload already verified.
  auto job = JobIn(BackupJobState::kUploading);
  auto uploads = sender_.Take(TaskType::kUpload);
  ASSERT_EQ(uploads.size(), 5u);
  job->OnFinishTask(UploadDone(uploads[0]));
  auto copy = BackupJob::FromImage(job->Image(), Context(), {});
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ((*copy)->state(), BackupJobState::kUploading);
  EXPECT_EQ((*copy)->ShowRow()[9], job->ShowRow()[9]);    // the same unfinished tasks
  EXPECT_EQ((*copy)->ShowRow()[14], job->ShowRow()[14]);  // bytes done
  job.reset();
  RunJob(**copy);
  auto resent = sender_.Take(TaskType::kUpload);
  EXPECT_EQ(resent.size(), 4u);  // the verified upload is not sent again
  for (const auto& t : resent) (*copy)->OnFinishTask(UploadDone(t));
  RunJob(**copy);
  EXPECT_EQ((*copy)->state(), BackupJobState::kFinished) << (*copy)->status().ToString();
}

}  // namespace
}  // namespace feb::plugin
