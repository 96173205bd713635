#include "plugin/src/statement_executor.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/storage/storage_registry.h"
#include "plugin/src/sql/parser.h"
#include "test/fakes/fake_host.h"
#include "test/fakes/fake_task_sender.h"

namespace feb::plugin {
namespace {

namespace fs = std::filesystem;
using feb::testing::FakeHost;
using feb::testing::FakeTaskSender;

class StatementExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("feb_exec_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = host_.AddDatabase("example_db");
    host_.AddOlapTable(db_, "example_tbl", {"p1", "p2"}, 1, 1, 2);
    repos_ = std::make_unique<RepositoryManager>(&host_, storage::MakeDefaultStorageRegistry(), &clock_);
    JobContext deps;
    deps.host = &host_;
    deps.journal = &journal_;
    deps.lanes = &lanes_;
    deps.repos = repos_.get();
    deps.clock = &clock_;
    deps.random01 = [] { return 0.0; };
    jobs_ = std::make_unique<JobManager>(deps, JobManagerOptions{});
    exec_ = std::make_unique<StatementExecutor>(&host_, repos_.get(), jobs_.get());
  }
  void TearDown() override { fs::remove_all(dir_); }

  fe_backup::StatementResult Run(const std::string& sql, fe_backup::Session session = {"root", "%", "", 1, {}}) {
    auto stmt = sql::Parse(sql);
    EXPECT_TRUE(stmt.ok()) << sql << ": " << stmt.status();
    return exec_->Execute(**stmt, session);
  }

  std::string Location() const { return "file://" + dir_.string(); }
  void CreateRepo() {
    auto r = Run("CREATE REPOSITORY example_repo WITH BROKER ON LOCATION \"" + Location() + "\"");
    ASSERT_TRUE(r.ok) << r.message;
  }

  fs::path dir_;
  FakeHost host_;
  FakeTaskSender sender_;
  ModuleJournal journal_{&host_};
  SendLanes lanes_{&sender_};
  FakeClock clock_{1700000000000};
  int64_t db_ = 0;
  std::unique_ptr<RepositoryManager> repos_;
  std::unique_ptr<JobManager> jobs_;
  std::unique_ptr<StatementExecutor> exec_;
};

TEST_F(StatementExecutorTest, RepositoryStatements) {
  CreateRepo();
  EXPECT_TRUE(fs::exists(dir_ / "__starrocks_repository_example_repo" / "__repo_info"));
  auto shown = Run("SHOW REPOSITORIES");
  ASSERT_TRUE(shown.has_result_set);
  ASSERT_EQ(shown.rows.size(), 1u);
  EXPECT_EQ(Run("CREATE REPOSITORY `1bad` WITH BROKER ON LOCATION \"" + Location() + "\"").message,
            "Incorrect repository name '1bad'");
  EXPECT_NE(Run("CREATE REPOSITORY r2 WITH BROKER ON LOCATION \"hdfs://nn/x\"").message.find("not supported yet"),
            std::string::npos);
  EXPECT_NE(Run("CREATE REPOSITORY r3 WITH BROKER ON LOCATION \"" + Location() + "\" PROPERTIES (\"k\" = \"v\")")
                .message.find("[k]"),
            std::string::npos);
  EXPECT_EQ(Run("DROP REPOSITORY nope").message, "Repository does not exist");
  EXPECT_TRUE(Run("DROP REPOSITORY example_repo").ok);
}

TEST_F(StatementExecutorTest, DropRepositoryChecksTheNameAsCreateDoes) {
  CreateRepo();
  EXPECT_EQ(Run("DROP REPOSITORY `1repo`").message, "Incorrect repository name '1repo'");
  auto bad = Run("DROP REPOSITORY `1repo`");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.mysql_errno, 1105);
  EXPECT_EQ(Run("DROP REPOSITORY `" + std::string(65, 'a') + "`").message,
            "Incorrect repository name '" + std::string(65, 'a') + "'");
  EXPECT_EQ(Run("DROP REPOSITORY `a-b`").message, "Incorrect repository name 'a-b'");
  EXPECT_EQ(Run("DROP REPOSITORY nope").message, "Repository does not exist");
  EXPECT_TRUE(Run("DROP REPOSITORY example_repo").ok);
}

TEST_F(StatementExecutorTest, BackupThenShowBackupAndCancel) {
  CreateRepo();
  auto r = Run("BACKUP SNAPSHOT example_db.l1 TO example_repo ON (example_tbl PARTITION (p1))");
  ASSERT_TRUE(r.ok) << r.message;
  auto again = Run("BACKUP SNAPSHOT example_db.l2 TO example_repo");
  EXPECT_EQ(again.message, "Can only run one backup or restore job of a database at same time");
  auto show = Run("SHOW BACKUP FROM example_db");
  ASSERT_EQ(show.rows.size(), 1u);
  EXPECT_EQ(show.columns.size(), 17u);
  EXPECT_EQ(*show.rows[0][1], "l1");
  EXPECT_EQ(*show.rows[0][3], "PENDING");
  EXPECT_EQ(*show.rows[0][4], "[example_db.example_tbl PARTITIONS (p1)]");
  EXPECT_EQ(Run("SHOW BACKUP WHERE SnapshotName = 'other'").rows.size(), 0u);
  EXPECT_EQ(Run("SHOW BACKUP WHERE State LIKE 'PEND%' LIMIT 1").rows.size(), 1u);
  EXPECT_EQ(Run("SHOW BACKUP WHERE Nope = 1").message, "Unknown column 'Nope' in 'where clause'");
  EXPECT_EQ(Run("SHOW BACKUP FROM nodb").message, "Unknown database 'nodb'");
  // A user without EXPORT on the job's table sees nothing at all.
  host_.Grant("alice", fe_backup::Privilege::kRepository, fe_backup::PrivilegeObject::Kind::kSystem);
  EXPECT_EQ(Run("SHOW BACKUP", {"alice", "%", "", 2, {}}).rows.size(), 0u);
  EXPECT_NE(Run("CANCEL BACKUP FROM example_db", {"alice", "%", "", 2, {}}).message.find("EXPORT"), std::string::npos);

  EXPECT_EQ(Run("CANCEL BACKUP").message, "No database selected");
  ASSERT_TRUE(Run("CANCEL BACKUP", {"root", "%", "example_db", 1, {}}).ok);
  show = Run("SHOW BACKUP");
  EXPECT_EQ(*show.rows[0][3], "CANCELLED");
  EXPECT_EQ(*show.rows[0][12], "[COMMON_ERROR, msg: user cancelled]");
  EXPECT_EQ(Run("CANCEL BACKUP FROM example_db").message, "No backup job is currently running");
}

TEST_F(StatementExecutorTest, ShowSnapshotWhereShapes) {
  CreateRepo();
  EXPECT_TRUE(Run("SHOW SNAPSHOT ON example_repo").ok);
  EXPECT_EQ(Run("SHOW SNAPSHOT ON nope").message, "Repository [nope] does not exist");
  EXPECT_EQ(Run("SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT = 'a'").rows.size(), 1u);
  auto detail = Run("SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT = 'a' AND TIMESTAMP = '2024-01-01-00-00-00-000'");
  EXPECT_EQ(detail.columns.size(), 5u);
  std::string shape =
      "Where clause should looks like: SNAPSHOT = 'your_snapshot_name' [AND TIMESTAMP = '2018-04-18-19-19-10']";
  EXPECT_EQ(Run("SHOW SNAPSHOT ON example_repo WHERE TIMESTAMP = 'x'").message, shape);
  EXPECT_EQ(Run("SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT = ''").message, shape);
  EXPECT_EQ(Run("SHOW SNAPSHOT ON example_repo WHERE other = 'x'").message, shape);
  EXPECT_EQ(Run("SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT = 'a' OR SNAPSHOT = 'b'").message, shape);
  EXPECT_EQ(Run("SHOW SNAPSHOT ON example_repo WHERE other IN ('a')").message, "Left expr of should be snapshot");
  EXPECT_EQ(Run("SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT IN ('a', 1)").message,
            "Child of in predicate should be string value");
  EXPECT_TRUE(Run("SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT IN ('a', 'b')").ok);
}

TEST_F(StatementExecutorTest, RestoreStatementsAnswerInStarRocksWords) {
  CreateRepo();
  auto r = Run("RESTORE SNAPSHOT example_db.l FROM example_repo PROPERTIES (\"backup_timestamp\" = \"x\")");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message.rfind("Failed to get info of snapshot 'l' because: Expected one file with path: ", 0), 0u)
      << r.message;
  EXPECT_NE(r.message.find("Maybe specified wrong backup timestamp"), std::string::npos) << r.message;
  auto show = Run("SHOW RESTORE FROM example_db");
  ASSERT_TRUE(show.ok) << show.message;
  EXPECT_EQ(show.columns.size(), 21u);
  EXPECT_TRUE(show.rows.empty());
  EXPECT_EQ(Run("SHOW RESTORE FROM nope").message, "Unknown database 'nope'");
  EXPECT_EQ(Run("CANCEL RESTORE FROM example_db").message, "No restore is currently running");
  EXPECT_EQ(Run("CANCEL RESTORE FROM nope").message, "Unknown database 'nope'");
}

TEST_F(StatementExecutorTest, NonAdminsNeedTheRepositoryPrivilege) {
  auto r = Run("SHOW REPOSITORIES", {"eve", "%", "", 3, {}});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.mysql_errno, 1227);
  EXPECT_NE(r.message.find("REPOSITORY privilege(s) on SYSTEM"), std::string::npos);
}

}  // namespace
}  // namespace feb::plugin
