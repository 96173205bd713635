#include "plugin/src/job/backup_job.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plugin/src/repository/backup_job_info.h"
#include "plugin/src/repository/backup_meta.h"
#include "test/fakes/fake_host.h"
#include "test/fakes/fake_repository.h"
#include "test/fakes/fake_task_sender.h"
#include "test/unit/plugin/job/backup_job_fixture.h"

namespace feb::plugin {
namespace {


TEST_F(BackupJobTest, HappyPathJournalsEveryStateAndPublishesMetaThenInfo) {
  auto job = NewJob();
  EXPECT_EQ(job->state(), BackupJobState::kPending);

  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kSnapshoting);
  EXPECT_GT(job->job_id(), 0);
  auto snapshots = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(snapshots.size(), 5u);  // 2 partitions x 2 buckets + 1
  for (const auto& t : snapshots) {
    EXPECT_NE(t.signature, t.snapshot->tablet_id);  // every task has its own signature
    EXPECT_EQ(t.backend_id, 1);  // lowest replica id is on backend 1
    EXPECT_TRUE(t.snapshot->list_files);
    EXPECT_EQ(t.snapshot->timeout_s, 86400);
  }
  for (const auto& t : snapshots) job->OnFinishTask(SnapshotDone(t));

  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kUploading);
  auto uploads = sender_.Take(TaskType::kUpload);
  ASSERT_EQ(uploads.size(), 5u);  // one per tablet by default
  for (const auto& t : uploads) {
    ASSERT_EQ(t.upload->src_dest.size(), 1u);
    EXPECT_EQ(t.upload->job_id, job->job_id());
    const auto& [src, dest] = t.upload->src_dest[0];
    EXPECT_NE(dest.find("file:///repo/__starrocks_repository_example_repo/__ss_snapshot_label3/__ss_content/__db_"),
              std::string::npos);
    EXPECT_NE(dest.find("/__" + std::to_string(TabletOfSrc(src))), std::string::npos);
  }
  for (const auto& t : uploads) job->OnFinishTask(UploadDone(t));

  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kFinished);
  EXPECT_TRUE(job->status().ok());
  EXPECT_EQ(sender_.Take(TaskType::kReleaseSnapshot).size(), 5u);

  std::vector<std::string> expected = {"PENDING",   "SNAPSHOTING", "UPLOAD_SNAPSHOT", "UPLOADING",
                                       "SAVE_META", "UPLOAD_INFO", "FINISHED"};
  std::vector<std::string> states = JournaledStates();
  states.erase(std::unique(states.begin(), states.end()), states.end());
  EXPECT_EQ(states, expected);

  std::string meta_path, info_path;
  for (const auto& [path, content] : repo_.files()) {
    if (path.find("/__meta.") != std::string::npos) meta_path = path;
    if (path.find("/__info_2023-11-14-22-13-20-000.") != std::string::npos) info_path = path;
  }
  ASSERT_FALSE(meta_path.empty());
  ASSERT_FALSE(info_path.empty());
  auto info = BackupJobInfo::FromJson(*repo_.Read(info_path));
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_EQ(info->tables.size(), 2u);
  EXPECT_EQ(info->tables[0].name, "example_tbl");
  ASSERT_EQ(info->tables[0].partitions.size(), 2u);
  EXPECT_EQ(info->tables[0].partitions[0].version, 3);
  const auto& tablet = info->tables[0].partitions[0].indexes[0].tablets[0];
  EXPECT_EQ(tablet.files.size(), 2u);
  EXPECT_EQ(tablet.files[0], std::to_string(tablet.id) + ".hdr." + kMd5);
  auto meta = BackupMeta::FromJson(*repo_.Read(meta_path));
  ASSERT_TRUE(meta.ok()) << meta.status();
  EXPECT_EQ(meta->tables.size(), 2u);

  auto row = job->ShowRow();
  ASSERT_EQ(row.size(), BackupJob::ShowColumns().size());
  EXPECT_EQ(*row[3], "FINISHED");
  EXPECT_EQ(*row[4], "[example_db.example_tbl PARTITIONS (p1, p2)], [example_db.example_tbl2]");
  EXPECT_EQ(*row[5], "2023-11-14 22:13:20");
  EXPECT_EQ(*row[12], "[OK]");
  EXPECT_EQ(*row[13], "86400");
  EXPECT_EQ(*row[14], "500");
  EXPECT_EQ(*row[15], "500");
}

TEST_F(BackupJobTest, JournalOutageHoldsTheStateUntilItIsBack) {
  auto job = NewJob();
  host_.SetJournalDown(true);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kPending);
  EXPECT_TRUE(sender_.Take(TaskType::kMakeSnapshot).empty());
  host_.SetJournalDown(false);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kSnapshoting);
  EXPECT_EQ(sender_.Take(TaskType::kMakeSnapshot).size(), 5u);
}

TEST_F(BackupJobTest, TimeoutCancelsWithStarRocksStatus) {
  auto job = NewJob();
  RunJob(*job);
  clock_.AdvanceMs(86400000 + 1);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kCancelled);
  EXPECT_EQ(job->status().ToString(), "[TIMEOUT, msg: ]");
}

TEST_F(BackupJobTest, VersionAlreadyMergedCancelsTheJob) {
  auto job = NewJob();
  RunJob(*job);
  auto tasks = sender_.Take(TaskType::kMakeSnapshot);
  FinishedTask f = SnapshotDone(tasks[0]);
  f.status_code = fe_backup::kTaskStatusVersionAlreadyMerged;
  f.error_msgs = {"version already merged"};
  job->OnFinishTask(f);
  // The report handler does no I/O: the next step journals the cancellation.
  EXPECT_EQ(job->state(), BackupJobState::kSnapshoting);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kCancelled);
  EXPECT_EQ(job->status().ToString(), "[OLAP_VERSION_ALREADY_MERGED, msg: make snapshot failed, version already merged]");
}

TEST_F(BackupJobTest, FailedSnapshotIsRecordedAndResentAfterBackoff) {
  auto job = NewJob();
  RunJob(*job);
  auto tasks = sender_.Take(TaskType::kMakeSnapshot);
  FinishedTask f = SnapshotDone(tasks[0]);
  f.status_code = fe_backup::kTaskStatusRuntimeError;
  f.error_msgs = {"disk full", "retry later"};
  job->OnFinishTask(f);
  EXPECT_EQ(job->state(), BackupJobState::kSnapshoting);
  EXPECT_EQ(*job->ShowRow()[11], "[" + std::to_string(tasks[0].signature) + ": disk full,retry later]");
  RunJob(*job);
  EXPECT_TRUE(sender_.Take(TaskType::kMakeSnapshot).empty()) << "resent before its backoff";
  clock_.AdvanceMs(1000);
  RunJob(*job);
  auto resent = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(resent.size(), 1u);
  EXPECT_EQ(resent[0].signature, tasks[0].signature);
  job->OnFinishTask(SnapshotDone(resent[0]));
  for (size_t i = 1; i < tasks.size(); ++i) job->OnFinishTask(SnapshotDone(tasks[i]));
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kUploading);
  EXPECT_EQ(*job->ShowRow()[11], "");
}

TEST_F(BackupJobTest, SnapshotReportsWithUnsafeFileNamesAreRejected) {
  auto job = NewJob();
  RunJob(*job);
  auto tasks = sender_.Take(TaskType::kMakeSnapshot);
  FinishedTask f = SnapshotDone(tasks[0]);
  f.snapshot_files = std::vector<std::string>{"../../etc/passwd"};
  job->OnFinishTask(f);
  EXPECT_NE(job->ShowRow()[11]->find("cannot be stored in a repository"), std::string::npos);
  f = SnapshotDone(tasks[0]);
  f.snapshot_path = "relative/path";
  job->OnFinishTask(f);
  EXPECT_EQ(job->state(), BackupJobState::kSnapshoting);
  EXPECT_NE(*job->ShowRow()[9], "");  // still unfinished
}

TEST_F(BackupJobTest, SendFailureRetriesWithGrowingBackoff) {
  sender_.FailBackend(1, true);
  auto job = NewJob();
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kSnapshoting);
  EXPECT_NE(job->ShowRow()[11]->find("failed to send task: backend 1 unreachable"), std::string::npos);
  sender_.FailBackend(1, false);
  clock_.AdvanceMs(499);  // first retry waits base * [0.5, 1) = 500 ms with this jitter source
  RunJob(*job);
  EXPECT_TRUE(sender_.Take(TaskType::kMakeSnapshot).empty());
  clock_.AdvanceMs(1);
  RunJob(*job);
  EXPECT_EQ(sender_.Take(TaskType::kMakeSnapshot).size(), 5u);
}

TEST_F(BackupJobTest, UploadThatDoesNotMatchTheSnapshotCancelsTheJobWithTheReason) {
  // Re-sending cannot make a backend upload other files: the job stops at once instead of
  // retrying until its timeout, and no info file is ever written.
  auto job = JobIn(BackupJobState::kUploading);
  auto uploads = sender_.Take(TaskType::kUpload);
  ASSERT_FALSE(uploads.empty());
  FinishedTask f = UploadDone(uploads[0]);
  f.tablet_files->begin()->second.pop_back();  // one file missing
  EXPECT_EQ(job->OnFinishTask(f), TaskAnswer::kOk);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kCancelled);
  EXPECT_NE(job->status().message().find("does not match its snapshot"), std::string::npos) << job->status().ToString();
  for (const auto& [path, content] : repo_.files()) EXPECT_EQ(path.find("__info_"), std::string::npos) << path;
}

TEST_F(BackupJobTest, UploadWithoutMd5SuffixCancelsTheJob) {
  auto job = JobIn(BackupJobState::kUploading);
  auto uploads = sender_.Take(TaskType::kUpload);
  FinishedTask no_md5 = UploadDone(uploads[0]);
  no_md5.tablet_files->begin()->second[0] = "x.hdr";
  job->OnFinishTask(no_md5);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kCancelled);
  EXPECT_NE(job->status().message().find("without an md5 suffix"), std::string::npos);
}

TEST_F(BackupJobTest, SnapshotMovesToAnotherReplicaWhenItsBackendDies) {
  auto job = NewJob();
  RunJob(*job);
  auto first = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(first[0].backend_id, 1);
  host_.SetBackendAlive(1, false);
  RunJob(*job);
  auto moved = sender_.Take(TaskType::kMakeSnapshot);
  ASSERT_EQ(moved.size(), 5u);
  for (const auto& t : moved) EXPECT_EQ(t.backend_id, 2);
  // The backend comes back and reports late: its snapshot is not taken but released.
  host_.SetBackendAlive(1, true);
  EXPECT_EQ(job->OnFinishTask(SnapshotDone(first[0])), TaskAnswer::kOk);
  RunJob(*job);
  EXPECT_EQ(sender_.Take(TaskType::kReleaseSnapshot).size(), 1u);
  for (const auto& t : moved) job->OnFinishTask(SnapshotDone(t));
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kUploading);
  for (const auto& t : sender_.Take(TaskType::kUpload)) EXPECT_EQ(t.backend_id, 2);
}

TEST_F(BackupJobTest, NoHealthyReplicaCancelsWithStarRocksText) {
  fe_backup::TableInfo* t = host_.MutableTable(db_, "example_tbl2");
  for (auto& r : t->partitions[0].indexes[0].tablets[0].replicas) r.version = 1;  // behind visible version 2
  auto job = NewJob();
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kCancelled);
  int64_t tablet = t->partitions[0].indexes[0].tablets[0].id;
  EXPECT_EQ(job->status().ToString(), "[COMMON_ERROR, msg: failed to choose replica to make snapshot for tablet " +
                                          std::to_string(tablet) + ". visible version: 2]");
}

TEST_F(BackupJobTest, TableDroppedBeforePendingCancelsWithNotFound) {
  auto job = std::make_shared<BackupJob>(Request({{"gone_tbl", {}}}), host_.NextId(), Context(), BackupJobOptions{});
  RunJob(*job);
  EXPECT_EQ(job->status().ToString(), "[NOT_FOUND, msg: table gone_tbl does not exist]");
  auto job2 = std::make_shared<BackupJob>(Request({{"example_tbl", {"p9"}}}), host_.NextId(), Context(), BackupJobOptions{});
  job2->Run();
  EXPECT_EQ(job2->status().ToString(), "[NOT_FOUND, msg: partition p9 does not exist  in tableexample_tbl]");
}

TEST_F(BackupJobTest, LockTimeoutKeepsThePendingJobForTheNextStep) {
  host_.FailNextLocks(1);
  auto job = NewJob();
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kPending);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kSnapshoting);
}

TEST_F(BackupJobTest, LoaderProgressIsShownAndUnknownTasksAreCancelled) {
  auto job = JobIn(BackupJobState::kUploading);
  auto uploads = sender_.Take(TaskType::kUpload);
  fe_backup::LoaderProgress p{job->job_id(), uploads[0].signature, TaskType::kUpload, 3, 10};
  EXPECT_EQ(job->OnLoaderProgress(p), TaskAnswer::kOk);
  EXPECT_EQ(*job->ShowRow()[10], "[" + std::to_string(uploads[0].signature) + ": 3/10]");
  p.job_id = job->job_id() + 1;
  EXPECT_EQ(job->OnLoaderProgress(p), TaskAnswer::kCancelled);
  p.job_id = job->job_id();
  p.task_id = 424242;
  EXPECT_EQ(job->OnLoaderProgress(p), TaskAnswer::kCancelled);
}

TEST_F(BackupJobTest, BackendReportWithoutTheTaskTriggersAResend) {
  auto job = NewJob();
  RunJob(*job);
  auto tasks = sender_.Take(TaskType::kMakeSnapshot);
  clock_.AdvanceMs(5000);
  fe_backup::BackendTaskReport report;
  report.backend_id = 1;
  report.running[TaskType::kMakeSnapshot] = {tasks[0].signature};  // the others were lost
  job->OnBackendTaskReport(report);
  RunJob(*job);
  EXPECT_EQ(sender_.Take(TaskType::kMakeSnapshot).size(), tasks.size() - 1);
}

TEST_F(BackupJobTest, UploadBatchesFollowMaxUploadTaskPerBe) {
  BackupJobOptions options;
  options.max_upload_task_per_be = 2;
  auto job = NewJob(options);
  RunJob(*job);
  for (const auto& t : sender_.Take(TaskType::kMakeSnapshot)) job->OnFinishTask(SnapshotDone(t));
  RunJob(*job);
  auto uploads = sender_.Take(TaskType::kUpload);
  ASSERT_EQ(uploads.size(), 2u);  // 5 tablets on backend 1 -> batches of 2 and 3
  EXPECT_EQ(uploads[0].upload->src_dest.size() + uploads[1].upload->src_dest.size(), 5u);
  for (const auto& t : uploads) job->OnFinishTask(UploadDone(t));
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kFinished);
}

class BackupJobCancelTest : public BackupJobTest, public ::testing::WithParamInterface<BackupJobState> {};

TEST_P(BackupJobCancelTest, CancelReleasesSnapshotsAndNeverPublishesInfo) {
  auto job = JobIn(GetParam());
  sender_.Take(TaskType::kReleaseSnapshot);
  ASSERT_TRUE(job->Cancel().ok());
  lanes_.WaitIdle();  // the releases go out on the backends' lanes
  EXPECT_EQ(job->state(), BackupJobState::kCancelled);
  EXPECT_EQ(job->status().ToString(), "[COMMON_ERROR, msg: user cancelled]");
  // Snapshots are released on cancel while they are held (UPLOAD_INFO released them already).
  size_t expected_releases = GetParam() == BackupJobState::kUploading ? 5u : 0u;
  EXPECT_EQ(sender_.Take(TaskType::kReleaseSnapshot).size(), expected_releases);
  bool wrote = GetParam() >= BackupJobState::kUploading;
  EXPECT_EQ(repo_.remove_part_calls(), wrote ? 1 : 0);
  for (const auto& [path, content] : repo_.files()) EXPECT_EQ(path.find("__info_"), std::string::npos) << path;
  // Late reports are not this job's any more; a second cancel is refused with StarRocks' text.
  EXPECT_EQ(job->OnLoaderProgress({job->job_id(), 1, TaskType::kUpload, 1, 1}), TaskAnswer::kCancelled);
  Status again = job->Cancel();
  EXPECT_EQ(again.message(), "Job with label snapshot_label3 can not be cancelled. state: CANCELLED");
  EXPECT_EQ(JournaledStates().back(), "CANCELLED");
}

INSTANTIATE_TEST_SUITE_P(States, BackupJobCancelTest,
                         ::testing::Values(BackupJobState::kPending, BackupJobState::kSnapshoting,
                                           BackupJobState::kUploading, BackupJobState::kUploadInfo));

TEST_F(BackupJobTest, CancelDuringSaveMetaFailureLeavesNoGoodSnapshot) {
  auto job = JobIn(BackupJobState::kUploading);
  repo_.FailPublish(true);
  for (const auto& t : sender_.Take(TaskType::kUpload)) job->OnFinishTask(UploadDone(t));
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kCancelled);
  EXPECT_NE(job->status().message().find("failed to save meta info and job info file"), std::string::npos);
  EXPECT_TRUE(repo_.files().empty());
}

TEST_F(BackupJobTest, InfoUploadFailureIsRetriedUntilItSucceeds) {
  auto job = JobIn(BackupJobState::kUploading);
  repo_.FailPublishMatching("__info_");
  for (const auto& t : sender_.Take(TaskType::kUpload)) job->OnFinishTask(UploadDone(t));
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kUploadInfo);
  EXPECT_NE(job->ShowRow()[11]->find("failed to upload job info file"), std::string::npos);
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kUploadInfo);
  repo_.FailPublishMatching("");
  RunJob(*job);
  EXPECT_EQ(job->state(), BackupJobState::kFinished);
  EXPECT_EQ(*job->ShowRow()[11], "");
}

class BackupJobReplayTest : public BackupJobTest, public ::testing::WithParamInterface<BackupJobState> {};

TEST_P(BackupJobReplayTest, ReplayedJobResendsItsTasksAndFinishes) {
  auto job = JobIn(GetParam());
  sender_.Take(TaskType::kMakeSnapshot);
  sender_.Take(TaskType::kUpload);
  job.reset();  // the frontend died

  auto replayed = ReplayJournal();
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  BackupJob& j = **replayed;
  EXPECT_EQ(j.state(), GetParam());
  for (int step = 0; step < 6 && !j.done(); ++step) {
    RunJob(j);
    for (const auto& t : sender_.Take(TaskType::kMakeSnapshot)) j.OnFinishTask(SnapshotDone(t));
    for (const auto& t : sender_.Take(TaskType::kUpload)) j.OnFinishTask(UploadDone(t));
  }
  EXPECT_EQ(j.state(), BackupJobState::kFinished) << j.status().ToString();
  bool has_info = false;
  for (const auto& [path, content] : repo_.files()) has_info |= path.find("__info_") != std::string::npos;
  EXPECT_TRUE(has_info);
}

INSTANTIATE_TEST_SUITE_P(States, BackupJobReplayTest,
                         ::testing::Values(BackupJobState::kPending, BackupJobState::kSnapshoting,
                                           BackupJobState::kUploading, BackupJobState::kUploadInfo));

TEST_F(BackupJobTest, CorruptJournalRecordsAreRejected) {
  EXPECT_FALSE(BackupJob::FromImage("", Context(), {}).ok());
  EXPECT_FALSE(BackupJob::FromImage("{}", Context(), {}).ok());
  EXPECT_FALSE(BackupJob::FromImage("{\"type\":\"RESTORE\"}", Context(), {}).ok());
  auto job = NewJob();
  auto j = nlohmann::json::parse(job->Image());
  j["state"] = "DANCING";
  EXPECT_EQ(BackupJob::FromImage(j.dump(), Context(), {}).status().code(), StatusCode::kCorruption);
  // A number out of every integer's range (found by the fuzzer: UB in a plain get<int64_t>).
  std::string huge = nlohmann::json::parse(job->Image()).dump();
  size_t at = huge.find("\"timeoutMs\":");
  ASSERT_NE(at, std::string::npos);
  huge.insert(at + 12, std::string(120, '9'));
  Result<std::shared_ptr<BackupJob>> bad = BackupJob::FromImage(huge, Context(), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("timeoutMs"), std::string::npos) << bad.status();
}

TEST_F(BackupJobTest, MissingRepositoryCancels) {
  auto job = NewJob();
  repo_.SetGone(true);
  RunJob(*job);
  EXPECT_EQ(job->status().ToString(), "[COMMON_ERROR, msg: failed to get repository: 7]");
}

}  // namespace
}  // namespace feb::plugin
