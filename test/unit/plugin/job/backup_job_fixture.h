// BackupJobTest: the fixture of the backup job's unit tests — a fake host with example_db
// (example_tbl p1/p2 of 2 buckets x 2 replicas, example_tbl2 of 1 bucket x 2 replicas), a fake
// repository, a fake task sender behind real send lanes, and helpers that answer tasks as a
// backend would.
#pragma once

#include "plugin/src/job/backup_job.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plugin/src/repository/backup_job_info.h"
#include "plugin/src/repository/backup_meta.h"
#include "test/fakes/fake_host.h"
#include "test/fakes/fake_repository.h"
#include "test/fakes/fake_task_sender.h"

namespace feb::plugin {

using fe_backup::FinishedTask;
using fe_backup::TaskAnswer;
using fe_backup::TaskType;
using feb::testing::FakeHost;
using feb::testing::FakeRepository;
using feb::testing::FakeTaskSender;

inline constexpr char kMd5[] = "0123456789abcdef0123456789abcdef";

class BackupJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    db_ = host_.AddDatabase("example_db");
    host_.AddOlapTable(db_, "example_tbl", {"p1", "p2"}, /*buckets=*/2, /*replicas=*/2, /*visible_version=*/3);
    host_.AddOlapTable(db_, "example_tbl2", {}, /*buckets=*/1, /*replicas=*/2, /*visible_version=*/2);
  }

  AnalyzedBackup Request(std::vector<BackupTableRef> tables = {{"example_tbl", {"p1", "p2"}}, {"example_tbl2", {}}}) {
    AnalyzedBackup r;
    r.label = "snapshot_label3";
    r.db_id = db_;
    r.db_name = "example_db";
    r.repo_id = repo_.id();
    r.repo_name = repo_.name();
    r.tables = std::move(tables);
    return r;
  }

  JobContext Context() {
    JobContext d;
    d.host = &host_;
    d.journal = &journal_;
    d.lanes = &lanes_;
    d.router = &router_;
    d.repos = &repo_;
    d.clock = &clock_;
    d.random01 = [] { return 0.0; };
    return d;
  }

  std::shared_ptr<BackupJob> NewJob(BackupJobOptions options = {}) {
    auto job = std::make_shared<BackupJob>(Request(), host_.NextId(), Context(), options);
    EXPECT_TRUE(job->Persist().ok());
    return job;
  }

  // The job as a restart rebuilds it from the journal: its image, then its deltas.
  Result<std::shared_ptr<BackupJob>> ReplayJournal() {
    std::shared_ptr<BackupJob> job;
    for (const auto& r : host_.journal_records()) {
      if (r.op == BackupJob::kImageOp) {
        ASSIGN_OR_RETURN(job, BackupJob::FromImage(r.payload, Context(), {}));
      } else if (job != nullptr) {
        RETURN_IF_ERROR(job->ApplyRecord(r.op, r.payload));
      }
    }
    if (job == nullptr) return Status::NotFound("no image in the journal");
    return job;
  }

  // One step, and every task it sent has reached the fake sender.
  void RunJob(BackupJob& job) {
    job.Run();
    lanes_.WaitIdle();
  }

  static std::vector<std::string> FilesOf(int64_t tablet) {
    return {std::to_string(tablet) + ".hdr", std::to_string(tablet) + "_3_0.dat"};
  }

  static FinishedTask SnapshotDone(const AgentTask& t) {
    FinishedTask f;
    f.backend_id = t.backend_id;
    f.type = TaskType::kMakeSnapshot;
    f.signature = t.signature;
    f.snapshot_path = "/be" + std::to_string(t.backend_id) + "/snapshot/20240101.1.86400";
    f.snapshot_files = FilesOf(t.snapshot->tablet_id);
    f.copy_size = 100;
    return f;
  }

  static int64_t TabletOfSrc(const std::string& src) {
    // <path>/<tablet>/<schema_hash>
    std::string without_hash = src.substr(0, src.rfind('/'));
    return std::stoll(without_hash.substr(without_hash.rfind('/') + 1));
  }

  static FinishedTask UploadDone(const AgentTask& t) {
    FinishedTask f;
    f.backend_id = t.backend_id;
    f.type = TaskType::kUpload;
    f.signature = t.signature;
    std::map<int64_t, std::vector<std::string>> files;
    for (const auto& [src, dest] : t.upload->src_dest) {
      for (const auto& name : FilesOf(TabletOfSrc(src))) files[TabletOfSrc(src)].push_back(name + "." + kMd5);
    }
    f.tablet_files = files;
    f.copy_size = 100 * static_cast<int64_t>(t.upload->src_dest.size());
    return f;
  }

  // Runs the job, answering every snapshot task.
  void FinishSnapshots(BackupJob& job) {
    RunJob(job);
    for (const auto& t : sender_.Take(TaskType::kMakeSnapshot)) {
      EXPECT_EQ(job.OnFinishTask(SnapshotDone(t)), TaskAnswer::kOk);
    }
  }

  void FinishUploads(BackupJob& job) {
    RunJob(job);
    for (const auto& t : sender_.Take(TaskType::kUpload)) EXPECT_EQ(job.OnFinishTask(UploadDone(t)), TaskAnswer::kOk);
  }

  std::vector<std::string> JournaledStates() {
    std::vector<std::string> states;
    for (const auto& r : host_.journal_records()) {
      auto j = nlohmann::json::parse(r.payload);
      if (j.contains("state")) states.push_back(j["state"].get<std::string>());
    }
    return states;
  }

  // Drives a fresh job up to (and including) `state`.
  std::shared_ptr<BackupJob> JobIn(BackupJobState state) {
    auto job = NewJob();
    if (state == BackupJobState::kPending) return job;
    RunJob(*job);  // PENDING -> SNAPSHOTING, tasks sent
    if (state == BackupJobState::kSnapshoting) return job;
    for (const auto& t : sender_.Take(TaskType::kMakeSnapshot)) job->OnFinishTask(SnapshotDone(t));
    RunJob(*job);  // -> UPLOADING, tasks sent
    if (state == BackupJobState::kUploading) return job;
    repo_.FailPublishMatching("__info_");  // held in UPLOAD_INFO
    for (const auto& t : sender_.Take(TaskType::kUpload)) job->OnFinishTask(UploadDone(t));
    RunJob(*job);
    repo_.FailPublishMatching("");
    if (state == BackupJobState::kUploadInfo) return job;
    ADD_FAILURE() << "unsupported state";
    return job;
  }

  FakeHost host_;
  FakeRepository repo_{7, "example_repo", "file:///repo"};
  FakeTaskSender sender_;
  ModuleJournal journal_{&host_};
  SendLanes lanes_{&sender_};
  ReportRouter router_;
  FakeClock clock_{1700000000000};
  int64_t db_ = 0;
};

}  // namespace feb::plugin
