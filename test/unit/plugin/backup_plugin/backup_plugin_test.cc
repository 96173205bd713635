#include "plugin/src/backup_plugin.h"

#include <gtest/gtest.h>

#include "test/fakes/fake_host.h"

namespace feb {
namespace {

class BackupPluginTest : public ::testing::Test {
 protected:
  testing::FakeHost host_;
  BackupPlugin plugin_{&host_};
  fe_backup::Session session_{"root", "%", "example_db", 1, {"root"}};
};

TEST_F(BackupPluginTest, ClaimsOnlyTheModulesStatements) {
  EXPECT_TRUE(plugin_.Claims("BACKUP SNAPSHOT example_db.l TO r"));
  EXPECT_TRUE(plugin_.Claims("/* c */ show snapshot on r"));
  EXPECT_FALSE(plugin_.Claims("SELECT 1"));
  EXPECT_FALSE(plugin_.Claims("SHOW DATABASES"));
}

TEST_F(BackupPluginTest, SyntaxErrorIs1064WithStarRocksText) {
  fe_backup::StatementResult r = plugin_.Execute(session_, "BACKUP SNAPSHOT example_db.l TO");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.mysql_errno, 1064);
  EXPECT_EQ(r.sqlstate, "42000");
  EXPECT_EQ(r.message,
            "Getting syntax error at line 1, column 31. Detail message: Unexpected input '<EOF>', the most similar "
            "input is {a legal identifier}.\n"
            "BACKUP SNAPSHOT example_db.l TO\n"
            "                               ^");
}

TEST_F(BackupPluginTest, ValidStatementsRunAndReportStarRocksErrors) {
  fe_backup::StatementResult r = plugin_.Execute(
      session_, "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2);");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.mysql_errno, 1049);
  EXPECT_EQ(r.message, "Unknown database 'example_db'");

  r = plugin_.Execute(session_, "show repositories");
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_TRUE(r.has_result_set);
  EXPECT_EQ(r.columns.size(), 7u);
  EXPECT_TRUE(r.rows.empty());
  EXPECT_TRUE(host_.journal_records().empty());
}

TEST_F(BackupPluginTest, StartupAndTaskCallbacks) {
  // A record the module cannot read is skipped (logged), not fatal to the frontend.
  EXPECT_TRUE(plugin_.Replay(fe_backup::kModuleOpFirst + 1, "not json").ok());
  EXPECT_TRUE(plugin_.Start().ok());
  EXPECT_STREQ(plugin_.Name(), "fe_backup");
  using fe_backup::TaskType;
  for (TaskType t : {TaskType::kMakeSnapshot, TaskType::kUpload, TaskType::kReleaseSnapshot, TaskType::kDownload,
                     TaskType::kMove}) {
    EXPECT_TRUE(plugin_.OwnsTaskType(t));
  }
  EXPECT_FALSE(plugin_.OwnsTaskType(static_cast<TaskType>(1)));
  fe_backup::FinishedTask task;
  task.type = TaskType::kMakeSnapshot;
  task.signature = 42;
  EXPECT_EQ(plugin_.OnFinishTask(task), fe_backup::TaskAnswer::kCancelled);
  EXPECT_EQ(plugin_.OnLoaderProgress(fe_backup::LoaderProgress{}), fe_backup::TaskAnswer::kCancelled);
  plugin_.OnBackendTaskReport(fe_backup::BackendTaskReport{});
  plugin_.Shutdown();
}

}  // namespace
}  // namespace feb

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/storage/md5.h"
#include "plugin/src/repository/backup_job_info.h"
#include "plugin/src/repository/backup_meta.h"

namespace feb {
namespace {

TEST(BackupPluginCheckpointTest, ACheckpointReplacesEveryModuleRecordAndReplaysToTheSameState) {
  // Issue 8 defect 4: the module's records are bounded by its checkpoint; what replays from it
  // is what the module had.
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("feb_plugin_ckpt_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  testing::FakeHost host;
  int64_t db = host.AddDatabase("example_db");
  host.AddOlapTable(db, "example_tbl", {"p1", "p2"}, 2, 1, 2);
  fe_backup::Session root{"root", "%", "example_db", 1, {"root"}};
  auto show = [&](BackupPlugin& p, const std::string& sql) {
    fe_backup::StatementResult r = p.Execute(root, sql);
    EXPECT_TRUE(r.ok) << sql << ": " << r.message;
    return r.rows;
  };
  std::vector<std::vector<std::optional<std::string>>> repos, jobs;
  {
    BackupPlugin plugin(&host);
    ASSERT_TRUE(plugin.Execute(root, "CREATE REPOSITORY r WITH BROKER ON LOCATION \"file://" + dir.string() + "\"").ok);
    ASSERT_TRUE(plugin.Execute(root, "BACKUP SNAPSHOT example_db.l1 TO r ON (example_tbl)").ok);
    ASSERT_GE(host.journal_records().size(), 2u);
    ASSERT_TRUE(plugin.Checkpoint().ok());
    ASSERT_EQ(host.journal_records().size(), 1u);
    EXPECT_EQ(host.journal_records()[0].op, BackupPlugin::kCheckpointOp);
    repos = show(plugin, "SHOW REPOSITORIES");
    jobs = show(plugin, "SHOW BACKUP FROM example_db");
    plugin.Shutdown();
  }
  BackupPlugin replayed(&host);
  for (const auto& r : host.journal_records()) ASSERT_TRUE(replayed.Replay(r.op, r.payload).ok());
  EXPECT_EQ(show(replayed, "SHOW REPOSITORIES"), repos);
  EXPECT_EQ(show(replayed, "SHOW BACKUP FROM example_db"), jobs);
  // The replayed job is still the database's unfinished job.
  EXPECT_EQ(replayed.Execute(root, "BACKUP SNAPSHOT example_db.l2 TO r ON (example_tbl)").message,
            "Can only run one backup or restore job of a database at same time");
  replayed.Shutdown();
  fs::remove_all(dir);
}

TEST(BackupPluginCheckpointTest, RestoreJobsSurviveACheckpointAndOrphanStagesAreAbortedAtStart) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("feb_plugin_rckpt_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  testing::FakeHost host;
  int64_t db = host.AddDatabase("example_db");
  host.AddOlapTable(db, "example_tbl", {"p1", "p2"}, 2, 1, 2);
  fe_backup::Session root{"root", "%", "example_db", 1, {"root"}};
  // A snapshot as a backup leaves it: __meta and __info_<ts>, each named with its md5.
  plugin::BackupMeta meta;
  meta.database = "example_db";
  meta.tables.push_back(*host.FindTable(db, "example_tbl"));
  plugin::BackupJobInfo info;
  info.name = "snap";
  info.database = "example_db";
  info.db_id = db;
  info.backup_time = 1700000000000;
  for (const auto& t : meta.tables) {
    plugin::BackupJobInfo::Table jt{t.name, t.id, {}};
    for (const auto& p : t.partitions) {
      plugin::BackupJobInfo::Partition jp{p.name, p.id, p.visible_version, {}};
      for (const auto& i : p.indexes) {
        plugin::BackupJobInfo::Index ji{i.name, i.id, i.schema_hash, {}};
        for (const auto& tab : i.tablets) ji.tablets.push_back({tab.id, {}});
        jp.indexes.push_back(ji);
      }
      jt.partitions.push_back(jp);
    }
    info.tables.push_back(jt);
  }
  fs::path ss = dir / "__starrocks_repository_r" / "__ss_snap";
  auto put = [&](const std::string& name, const std::string& content) {
    fs::create_directories(ss);
    std::ofstream(ss / (name + "." + storage::Md5::Of(content))) << content;
  };
  std::string restore_sql = "RESTORE SNAPSHOT example_db.snap FROM r ON (example_tbl AS tbl_r) PROPERTIES "
                            "(\"backup_timestamp\" = \"2023-11-14-22-13-20-000\", \"replication_num\" = \"1\")";
  std::vector<std::vector<std::optional<std::string>>> rows;
  {
    BackupPlugin plugin(&host);
    ASSERT_TRUE(plugin.Execute(root, "CREATE REPOSITORY r WITH BROKER ON LOCATION \"file://" + dir.string() + "\"").ok);
    put("__meta", meta.ToJson());
    put("__info_2023-11-14-22-13-20-000", info.ToJson());
    fe_backup::StatementResult r = plugin.Execute(root, restore_sql);
    ASSERT_TRUE(r.ok) << r.message;
    ASSERT_TRUE(plugin.Checkpoint().ok());
    rows = plugin.Execute(root, "SHOW RESTORE FROM example_db").rows;
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(*rows[0][4], "PENDING");
    plugin.Shutdown();
  }
  // A stage no job owns (its job's record never made it to the journal).
  fe_backup::RestoreStageRequest req;
  req.job_id = 424242;
  req.table_name = "orphan";
  req.definition = host.FindTable(db, "example_tbl")->definition;
  req.partitions = {{"p1", 2}};
  req.replication_num = 1;
  ASSERT_TRUE(host.StageRestore(db, req).ok());
  BackupPlugin replayed(&host);
  for (const auto& r : host.journal_records()) ASSERT_TRUE(replayed.Replay(r.op, r.payload).ok());
  EXPECT_EQ(replayed.Execute(root, "SHOW RESTORE FROM example_db").rows, rows);
  EXPECT_EQ(replayed.Execute(root, "BACKUP SNAPSHOT example_db.l2 TO r ON (example_tbl)").message,
            "Can only run one backup or restore job of a database at same time");
  EXPECT_EQ(host.aborted_stages(), 0);
  ASSERT_TRUE(replayed.Start().ok());
  EXPECT_EQ(host.aborted_stages(), 1);
  EXPECT_TRUE(replayed.Execute(root, "CANCEL RESTORE FROM example_db").ok);
  auto after = replayed.Execute(root, "SHOW RESTORE FROM example_db").rows;
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(*after[0][4], "CANCELLED");
  EXPECT_EQ(after[0][16]->rfind("[COMMON_ERROR, msg: user cancelled, current state: ", 0), 0u) << *after[0][16];
  EXPECT_EQ(replayed.Execute(root, "CANCEL RESTORE FROM example_db").message,
            "Failed to cancel job: Job with label snap can not be cancelled. state: CANCELLED");
  replayed.Shutdown();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace feb
