// RestoreJobTest: the fixture of the restore job's unit tests — BackupJobTest's host with a
// finished backup "snapshot_label3" in the fake repository (of SnapshotRequest(): example_tbl
// p1/p2 and example_tbl2), an analyzer, and helpers that answer restore tasks as a backend would.
#pragma once

#include "plugin/src/job/restore_job.h"

#include "common/time/time_format.h"
#include "plugin/src/analysis/restore_analyzer.h"
#include "plugin/src/job/job_manager.h"
#include "plugin/src/sql/parser.h"
#include "plugin/src/sql/restore_stmt.h"
#include "test/unit/plugin/job/backup_job_fixture.h"

namespace feb::plugin {

class RestoreJobTest : public BackupJobTest {
 protected:
  void SetUp() override {
    BackupJobTest::SetUp();
    host_.AddBackend(3);
    // A finished backup of example_tbl (p1, p2) and example_tbl2 is the snapshot restored
    // (plus what SnapshotRequest adds).
    auto backup = std::make_shared<BackupJob>(SnapshotRequest(), host_.NextId(), Context(), BackupJobOptions{});
    ASSERT_TRUE(backup->Persist().ok());
    FinishSnapshots(*backup);
    FinishUploads(*backup);
    RunJob(*backup);
    ASSERT_EQ(backup->state(), BackupJobState::kFinished) << backup->status().ToString();
    timestamp_ = FormatSnapshotTimestamp(clock_.NowMs());
    sender_.Take(TaskType::kReleaseSnapshot);
    root_.user = "root";
    root_.roles = {"root"};
  }

  // What the snapshot of SetUp backs up.
  virtual AnalyzedBackup SnapshotRequest() { return Request(); }

  Result<AnalyzedRestore> Analyze(const std::string& sql) {
    ASSIGN_OR_RETURN(std::unique_ptr<sql::Statement> stmt, sql::Parse(sql));
    RestoreAnalyzer analyzer(&host_, &repo_);
    return analyzer.Analyze(static_cast<const sql::RestoreStmt&>(*stmt), root_);
  }

  std::string Sql(const std::string& on = " ON (example_tbl PARTITION (p1, p2) AS tbl_r, example_tbl2 AS tbl2_r)",
                  const std::string& props = "") {
    return "RESTORE SNAPSHOT example_db.snapshot_label3 FROM example_repo" + on +
           " PROPERTIES (\"backup_timestamp\" = \"" + timestamp_ + "\"" + props + ")";
  }

  std::shared_ptr<RestoreJob> NewRestore(const std::string& sql) {
    Result<AnalyzedRestore> r = Analyze(sql);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return nullptr;
    auto job = std::make_shared<RestoreJob>(*r, host_.NextId(), Context(), RestoreJobOptions{});
    EXPECT_TRUE(job->Persist().ok());
    return job;
  }

  void RunRestore(RestoreJob& job) {
    job.Run();
    lanes_.WaitIdle();
  }

  static FinishedTask Ok(const AgentTask& t) {
    FinishedTask f;
    f.backend_id = t.backend_id;
    f.type = t.type;
    f.signature = t.signature;
    if (t.type == TaskType::kMakeSnapshot) f.snapshot_path = "/be" + std::to_string(t.backend_id) + "/snapshot/r.1.86400";
    if (t.type == TaskType::kDownload) {
      f.downloaded_tablet_ids.emplace();
      for (const auto& [src, dest] : t.download->src_dest) f.downloaded_tablet_ids->push_back(TabletOfSrc(dest));
      f.copy_size = 10;
    }
    return f;
  }

  // Answers every task of `type` the job sent; returns them.
  std::vector<AgentTask> Answer(RestoreJob& job, TaskType type) {
    RunRestore(job);
    std::vector<AgentTask> tasks = sender_.Take(type);
    for (const auto& t : tasks) EXPECT_EQ(job.OnFinishTask(Ok(t)), TaskAnswer::kOk);
    return tasks;
  }

  Result<std::shared_ptr<RestoreJob>> ReplayRestore() {
    std::shared_ptr<RestoreJob> job;
    for (const auto& r : host_.journal_records()) {
      if (r.op == RestoreJob::kImageOp) {
        ASSIGN_OR_RETURN(job, RestoreJob::FromImage(r.payload, Context(), {}));
      } else if (job != nullptr) {
        auto j = nlohmann::json::parse(r.payload);
        if (j.value("jobId", int64_t{0}) == job->job_id()) RETURN_IF_ERROR(job->ApplyRecord(r.op, r.payload));
      }
    }
    if (job == nullptr) return Status::NotFound("no restore image in the journal");
    return job;
  }

  std::string timestamp_;
  fe_backup::Session root_;
};

}  // namespace feb::plugin
