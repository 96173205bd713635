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
