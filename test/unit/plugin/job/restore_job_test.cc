// RestoreJob and RestoreAnalyzer against a snapshot a real BackupJob wrote into the fake
// repository: states, tasks, stages, byte verification, cancel, restart from the journal.
#include "test/unit/plugin/job/restore_job_fixture.h"

namespace feb::plugin {
namespace {

TEST_F(RestoreJobTest, RestoresIntoNewTablesThroughEveryState) {
  auto job = NewRestore(Sql());
  ASSERT_NE(job, nullptr);
  RunRestore(*job);
  ASSERT_EQ(job->state(), RestoreJobState::kSnapshoting) << job->status().ToString();
  // Staged, invisible: nothing in the catalog yet.
  ASSERT_EQ(host_.stages().size(), 2u);
  EXPECT_FALSE(host_.FindTable(db_, "tbl_r"));
  std::vector<AgentTask> snaps = sender_.Take(TaskType::kMakeSnapshot);
  // example_tbl: 2 partitions x 2 buckets, example_tbl2: 1 x 1; 3 replicas each (default).
  ASSERT_EQ(snaps.size(), 15u);
  for (const auto& t : snaps) {
    EXPECT_TRUE(t.snapshot->is_restore);
    EXPECT_GT(t.snapshot->version, 1);
  }
  for (const auto& t : snaps) job->OnFinishTask(Ok(t));

  std::vector<AgentTask> downloads = Answer(*job, TaskType::kDownload);
  ASSERT_EQ(job->state(), RestoreJobState::kDownloading);
  ASSERT_EQ(downloads.size(), 15u);  // one per replica (max_download_task_per_be = 0)
  const auto& [src, dest] = downloads[0].download->src_dest[0];
  EXPECT_NE(src.find("file:///repo/__starrocks_repository_example_repo/__ss_snapshot_label3/__ss_content/__db_"),
            std::string::npos)
      << src;
  EXPECT_EQ(dest.rfind("/be", 0), 0u) << dest;

  std::vector<AgentTask> moves = Answer(*job, TaskType::kMove);
  ASSERT_EQ(job->state(), RestoreJobState::kCommitting);
  EXPECT_EQ(moves.size(), 15u);
  RunRestore(*job);
  ASSERT_EQ(job->state(), RestoreJobState::kFinished) << job->status().ToString();
  std::optional<fe_backup::TableInfo> t = host_.FindTable(db_, "tbl_r");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->partitions.size(), 2u);
  EXPECT_EQ(t->partitions[0].visible_version, 3);
  EXPECT_EQ(t->partitions[0].indexes[0].tablets[0].replicas.size(), 3u);
  EXPECT_TRUE(host_.FindTable(db_, "tbl2_r"));
  EXPECT_TRUE(host_.stages().empty());                      // forgotten once settled
  EXPECT_EQ(sender_.Take(TaskType::kReleaseSnapshot).size(), 15u);  // every snapshot directory released
  EXPECT_FALSE(job->has_work());
}

TEST_F(RestoreJobTest, ABadMd5CancelsAtOnceWithTheBackendsWordsAndDropsTheStages) {
  auto job = NewRestore(Sql());
  ASSERT_NE(job, nullptr);
  for (const auto& t : Answer(*job, TaskType::kMakeSnapshot)) (void)t;
  RunRestore(*job);
  std::vector<AgentTask> downloads = sender_.Take(TaskType::kDownload);
  ASSERT_FALSE(downloads.empty());
  FinishedTask bad = Ok(downloads[0]);
  bad.status_code = fe_backup::kTaskStatusRuntimeError;
  bad.error_msgs = {"invalid md5 of downloaded file: /be1/snapshot/r/5/1/5_2.dat, expected: aaaa, get: bbbb"};
  bad.downloaded_tablet_ids.reset();
  job->OnFinishTask(bad);
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kCancelled);
  EXPECT_EQ(job->status().code(), JobStatus::Code::kBadFile);
  EXPECT_NE(job->status().message().find("expected: aaaa, get: bbbb"), std::string::npos) << job->status().ToString();
  EXPECT_TRUE(host_.stages().empty());
  EXPECT_EQ(host_.aborted_stages(), 2);
  EXPECT_FALSE(host_.FindTable(db_, "tbl_r"));
}

TEST_F(RestoreJobTest, CancelInAnyStateLeavesNoStageAndNoTable) {
  for (int stop = 0; stop < 3; ++stop) {
    auto job = NewRestore(Sql(stop == 0 ? " ON (example_tbl AS a0)" : stop == 1 ? " ON (example_tbl AS a1)"
                                                                                 : " ON (example_tbl AS a2)"));
    ASSERT_NE(job, nullptr);
    if (stop >= 1) Answer(*job, TaskType::kMakeSnapshot);
    if (stop >= 2) Answer(*job, TaskType::kDownload);
    RunRestore(*job);
    RestoreJobState at = job->state();
    ASSERT_TRUE(job->Cancel().ok());
    EXPECT_EQ(job->state(), RestoreJobState::kCancelled);
    EXPECT_EQ(job->status().ToString(),
              "[COMMON_ERROR, msg: user cancelled, current state: " + std::string(RestoreJobStateName(at)) + "]");
    EXPECT_TRUE(host_.stages().empty()) << "stop " << stop;
    EXPECT_FALSE(host_.FindTable(db_, "a" + std::to_string(stop)));
    EXPECT_FALSE(job->Cancel().ok());
    sender_.Take(TaskType::kMakeSnapshot);
    sender_.Take(TaskType::kDownload);
    sender_.Take(TaskType::kMove);
  }
}

TEST_F(RestoreJobTest, AnExistingTableIsReplacedOnlyAtTheCommitAndKeepsItsId) {
  // Restoring example_tbl over itself: the same schema, replicas 2 as the table has.
  std::optional<fe_backup::TableInfo> before = host_.FindTable(db_, "example_tbl");
  ASSERT_TRUE(before);
  auto job = NewRestore(Sql(" ON (example_tbl)", ", \"replication_num\" = \"2\""));
  ASSERT_NE(job, nullptr);
  Answer(*job, TaskType::kMakeSnapshot);
  Answer(*job, TaskType::kDownload);
  Answer(*job, TaskType::kMove);
  ASSERT_EQ(job->state(), RestoreJobState::kCommitting);
  // Until the commit the table's partitions are the old ones.
  EXPECT_EQ(host_.FindTable(db_, "example_tbl")->partitions[0].id, before->partitions[0].id);
  RunRestore(*job);
  ASSERT_EQ(job->state(), RestoreJobState::kFinished) << job->status().ToString();
  std::optional<fe_backup::TableInfo> after = host_.FindTable(db_, "example_tbl");
  EXPECT_EQ(after->id, before->id);
  EXPECT_NE(after->partitions[0].id, before->partitions[0].id);
  EXPECT_EQ(after->partitions.size(), 2u);
}

TEST_F(RestoreJobTest, AnExistingTableWithOtherReplicasIsRefusedInStarRocksWords) {
  auto job = NewRestore(Sql(" ON (example_tbl)"));  // default 3 replicas, the table has 2
  ASSERT_NE(job, nullptr);
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kCancelled);
  EXPECT_EQ(job->status().message(),
            "Partition p1 in table example_tbl has different replication num '2' with partition in repository, "
            "which is 3");
  EXPECT_TRUE(host_.stages().empty());
}

TEST_F(RestoreJobTest, ARestartInEveryStateEndsFinishedWithTheSameTables) {
  for (int stop = 0; stop < 4; ++stop) {
    std::string name = "r" + std::to_string(stop);
    auto job = NewRestore(Sql(" ON (example_tbl2 AS " + name + ")"));
    ASSERT_NE(job, nullptr);
    if (stop >= 1) Answer(*job, TaskType::kMakeSnapshot);
    if (stop >= 2) Answer(*job, TaskType::kDownload);
    if (stop >= 3) Answer(*job, TaskType::kMove);
    RunRestore(*job);
    sender_.Take(TaskType::kMakeSnapshot);
    sender_.Take(TaskType::kDownload);
    sender_.Take(TaskType::kMove);
    // kill -9: the journal is all that is left.
    Result<std::shared_ptr<RestoreJob>> replayed = ReplayRestore();
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    std::shared_ptr<RestoreJob> again = *replayed;
    EXPECT_EQ(again->state(), job->state()) << "stop " << stop;
    for (int round = 0; round < 6 && !again->done(); ++round) {
      RunRestore(*again);
      for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kDownload, TaskType::kMove}) {
        for (const auto& t : sender_.Take(type)) again->OnFinishTask(Ok(t));
      }
    }
    RunRestore(*again);
    EXPECT_EQ(again->state(), RestoreJobState::kFinished) << again->status().ToString();
    EXPECT_TRUE(host_.FindTable(db_, name)) << name;
    sender_.Take(TaskType::kReleaseSnapshot);
  }
}

TEST_F(RestoreJobTest, StagesOfACrashedPendingAttemptAreAbortedBeforeStagingAgain) {
  auto job = NewRestore(Sql(" ON (example_tbl2 AS crashed)"));
  ASSERT_NE(job, nullptr);
  // The host staged, then the frontend died before the job journaled it.
  fe_backup::RestoreStageRequest req;
  req.job_id = job->job_id();
  req.table_name = "crashed";
  req.definition = host_.FindTable(db_, "example_tbl2")->definition;
  req.partitions = {{"example_tbl2", 2}};
  ASSERT_TRUE(host_.StageRestore(db_, req).ok());
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kSnapshoting);
  EXPECT_EQ(host_.aborted_stages(), 1);
  EXPECT_EQ(host_.stages().size(), 1u);
}

TEST_F(RestoreJobTest, AStageRefusedByTheHostCancelsWithItsMessage) {
  host_.FailNextStage(fe_backup::HostCode::kInvalidArgument);
  auto job = NewRestore(Sql());
  ASSERT_NE(job, nullptr);
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kCancelled);
  EXPECT_EQ(job->status().ToString(), "[COMMON_ERROR, msg: injected stage failure]");
  EXPECT_TRUE(host_.stages().empty());
}

TEST_F(RestoreJobTest, AnUnavailableHostIsRetriedAndItsErrorShownOnlyUntilTheStepGoesThrough) {
  host_.FailNextStage(fe_backup::HostCode::kUnavailable);
  auto job = NewRestore(Sql());
  ASSERT_NE(job, nullptr);
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kPending);
  EXPECT_EQ(*job->ShowRow()[15], "[injected stage failure]");
  EXPECT_TRUE(host_.stages().empty());
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kSnapshoting);
  EXPECT_EQ(*job->ShowRow()[15], "");
}

TEST_F(RestoreJobTest, ShowRestoreHasStarRocksColumnsThenBytes) {
  auto job = NewRestore(Sql());
  ASSERT_NE(job, nullptr);
  ASSERT_EQ(RestoreJob::ShowColumns().size(), 21u);
  EXPECT_EQ(RestoreJob::ShowColumns()[17], "Timeout");
  auto row = job->ShowRow();
  ASSERT_EQ(row.size(), 21u);
  EXPECT_EQ(*row[1], "snapshot_label3");
  EXPECT_EQ(*row[2], timestamp_);
  EXPECT_EQ(*row[3], "example_db");
  EXPECT_EQ(*row[4], "PENDING");
  EXPECT_EQ(*row[5], "false");
  EXPECT_EQ(*row[6], "3");
  EXPECT_EQ(*row[7], "example_tbl PARTITIONS [p1, p2], example_tbl2");
  EXPECT_EQ(*row[16], "[OK]");
  EXPECT_EQ(*row[17], "86400");
}

TEST_F(RestoreJobTest, TheImageRoundTripsInEveryState) {
  auto job = NewRestore(Sql());
  ASSERT_NE(job, nullptr);
  auto same = [&](const char* when) {
    Result<std::shared_ptr<RestoreJob>> copy = RestoreJob::FromImage(job->Image(), Context(), {});
    ASSERT_TRUE(copy.ok()) << when << ": " << copy.status();
    EXPECT_EQ((*copy)->Image(), job->Image()) << when;
    EXPECT_EQ((*copy)->state(), job->state()) << when;
  };
  same("pending");
  Answer(*job, TaskType::kMakeSnapshot);
  same("snapshoting");
  Answer(*job, TaskType::kDownload);
  same("downloading");
  Answer(*job, TaskType::kMove);
  same("committing");
  RunRestore(*job);
  ASSERT_EQ(job->state(), RestoreJobState::kFinished);
  same("finished");
  auto row = job->ShowRow();
  Result<std::shared_ptr<RestoreJob>> copy = RestoreJob::FromImage(job->Image(), Context(), {});
  ASSERT_TRUE(copy.ok());
  auto copied = (*copy)->ShowRow();
  EXPECT_EQ(copied[7], row[7]);  // RestoreObjs survive the summary
  EXPECT_EQ(copied[16], row[16]);
}

// ---- the analyzer: StarRocks' texts, nothing created ----

TEST_F(RestoreJobTest, AnalyzerErrorsUseStarRocksTexts) {
  auto error = [&](const std::string& sql) {
    Result<AnalyzedRestore> r = Analyze(sql);
    return r.ok() ? std::string("OK") : r.status().message();
  };
  const std::string head = "RESTORE SNAPSHOT example_db.snapshot_label3 FROM example_repo ON (example_tbl) ";
  EXPECT_EQ(error(head + "PROPERTIES (\"timeout\" = \"3600\")"), "Missing backup_timestamp property");
  EXPECT_EQ(error(head + "PROPERTIES (\"backup_timestamp\" = \"x\", \"timeout\" = \"60\")"),
            "timeout must be at least 10 min");
  EXPECT_EQ(error(head + "PROPERTIES (\"backup_timestamp\" = \"x\", \"timeout\" = \"ten\")"),
            "Invalid timeout format: ten");
  EXPECT_EQ(error(head + "PROPERTIES (\"backup_timestamp\" = \"x\", \"allow_load\" = \"yes\")"),
            "Invalid allow load value: yes");
  EXPECT_EQ(error(head + "PROPERTIES (\"backup_timestamp\" = \"x\", \"replication_num\" = \"a\")"),
            "Invalid meta version format: a");
  EXPECT_EQ(error(head + "PROPERTIES (\"backup_timestamp\" = \"x\", \"Timeout\" = \"1\", \"zz\" = \"2\")"),
            "Unknown restore job properties: [Timeout, zz]");
  EXPECT_EQ(error("RESTORE SNAPSHOT example_db.snapshot_label3 FROM example_repo ON (t1, t1) "
                  "PROPERTIES (\"backup_timestamp\" = \"x\")"),
            "Duplicated table: t1");
  EXPECT_EQ(error("RESTORE SNAPSHOT example_db.snapshot_label3 FROM example_repo ON (t1 AS t2, t2) "
                  "PROPERTIES (\"backup_timestamp\" = \"x\")"),
            "Duplicated alias name: t2");
  EXPECT_EQ(error("RESTORE SNAPSHOT example_db.snapshot_label3 FROM nope ON (example_tbl) "
                  "PROPERTIES (\"backup_timestamp\" = \"x\")"),
            "Repository nope does not exist");
  EXPECT_EQ(error(head + "PROPERTIES (\"backup_timestamp\" = \"2020-01-01-00-00-00-000\")"),
            "Failed to get info of snapshot 'snapshot_label3' because: Expected one file with path: "
            "file:///repo/__starrocks_repository_example_repo/__ss_snapshot_label3/__info_2020-01-01-00-00-00-000. "
            "get: 0. Maybe specified wrong backup timestamp");
  EXPECT_EQ(error(Sql(" ON (nosuch)")), "Table nosuch does not exist in snapshot snapshot_label3");
  EXPECT_EQ(error(Sql(" ON (example_tbl PARTITION (p9))")),
            "Partition p9 of table example_tbl does not exist in snapshot snapshot_label3");
  EXPECT_EQ(error(Sql(" ON (example_tbl TEMPORARY PARTITION (p1))")), "Do not support restoring temporary partitions");
  EXPECT_EQ(error("RESTORE SNAPSHOT snapshot_label3 FROM example_repo DATABASE other PROPERTIES (\"backup_timestamp\" = \"" +
                  timestamp_ + "\")"),
            "target database: other is not existed in snapshot");
  EXPECT_EQ(error(Sql(" ON (FUNCTION f1)")), "Can not find restore function: f1");
  EXPECT_EQ(error(Sql()), "OK");
}

TEST_F(RestoreJobTest, AnalyzerChecksPrivilegesBeforeReadingTheRepository) {
  root_.user = "alice";
  root_.roles = {};
  Result<AnalyzedRestore> r = Analyze(Sql());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("REPOSITORY privilege(s) on SYSTEM"), std::string::npos) << r.status();
  host_.Grant("alice", fe_backup::Privilege::kRepository, fe_backup::PrivilegeObject::Kind::kSystem);
  r = Analyze(Sql());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("CREATE TABLE privilege(s) on DATABASE example_db"), std::string::npos)
      << r.status();
  r = Analyze("RESTORE SNAPSHOT snapshot_label3 FROM example_repo PROPERTIES (\"backup_timestamp\" = \"" + timestamp_ +
              "\")");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("CREATE DATABASE privilege(s) on CATALOG default_catalog"), std::string::npos)
      << r.status();
}

TEST_F(RestoreJobTest, AWholeDatabaseRestoreTakesEveryTableAndTheSnapshotsDatabaseName) {
  Result<AnalyzedRestore> r = Analyze("RESTORE SNAPSHOT snapshot_label3 FROM example_repo DATABASE example_db AS copy_db "
                                      "PROPERTIES (\"backup_timestamp\" = \"" + timestamp_ + "\")");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->db_name, "copy_db");
  EXPECT_EQ(r->db_id, 0);  // created by the executor once everything passed
  ASSERT_EQ(r->tables.size(), 2u);
  EXPECT_EQ(r->tables[0].target, "example_tbl");
  EXPECT_EQ(r->tables[0].source.partitions.size(), 2u);
}

TEST_F(RestoreJobTest, CorruptJournalRecordsAreRefusedNotCrashing) {
  auto job = NewRestore(Sql());
  ASSERT_NE(job, nullptr);
  EXPECT_FALSE(RestoreJob::FromImage("{}", Context(), {}).ok());
  for (const char* bad : {"{\"jobId\":1,\"state\":\"NOPE\"}", "{\"jobId\":1,\"stages\":[1,2,3]}",
                          "{\"jobId\":1,\"snapshots\":[[99999,\"/x\"]]}", "{\"jobId\":1,\"committed\":7}",
                          "{\"jobId\":1,\"downloadFirst\":1,\"downloads\":[[1,-1]]}", "[1]", "not json"}) {
    EXPECT_FALSE(job->ApplyRecord(JobManager::kDeltaOp, bad).ok()) << bad;
    EXPECT_FALSE(RestoreJob::FromImage(bad, Context(), {}).ok()) << bad;
  }
}

}  // namespace
}  // namespace feb::plugin
