#include "plugin/src/analysis/backup_analyzer.h"

#include <gtest/gtest.h>

#include "common/status/mysql_error.h"
#include "plugin/src/sql/parser.h"
#include "test/fakes/fake_host.h"
#include "test/fakes/fake_repository.h"

namespace feb::plugin {
namespace {

using feb::testing::FakeHost;
using feb::testing::FakeRepository;

class BackupAnalyzerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = host_.AddDatabase("example_db");
    host_.AddOlapTable(db_, "example_tbl", {"p1", "p2"}, 2, 1, 2);
    host_.AddOlapTable(db_, "example_tbl2", {}, 1, 1, 2);
    host_.AddTable(db_, "ext1", fe_backup::TableKind::kExternal);
    fe_backup::ViewDefinition v1;
    v1.name = "v1";
    v1.select_text = "SELECT k1 FROM example_tbl";
    host_.AddView(db_, v1);
    for (std::vector<std::string> args : {std::vector<std::string>{"INT"}, std::vector<std::string>{"BIGINT"}}) {
      fe_backup::FunctionDefinition f;
      f.name = "my_fn";
      f.arg_types = args;
      f.return_type = "INT";
      host_.AddFunction(db_, f);
    }
    host_.AddDatabase("empty_db");
  }

  Result<AnalyzedBackup> Analyze(const std::string& sql, fe_backup::Session session = {"root", "%", "", 1, {}}) {
    auto stmt = sql::Parse(sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status();
    if (!stmt.ok()) return stmt.status();
    BackupAnalyzer analyzer(&host_, &repo_);
    return analyzer.Analyze(static_cast<const sql::BackupStmt&>(**stmt), session);
  }

  std::string Error(const std::string& sql, fe_backup::Session session = {"root", "%", "", 1, {}}) {
    auto r = Analyze(sql, session);
    EXPECT_FALSE(r.ok()) << sql;
    return r.ok() ? "" : r.status().message();
  }

  FakeHost host_;
  FakeRepository repo_{9, "example_repo"};
  int64_t db_ = 0;
};

TEST_F(BackupAnalyzerTest, SeedExamplesResolveToTheRightTables) {
  auto r1 = Analyze(R"(BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES ("type" = "full"))");
  ASSERT_TRUE(r1.ok()) << r1.status();
  EXPECT_EQ(r1->db_id, db_);
  EXPECT_EQ(r1->repo_id, 9);
  EXPECT_EQ(r1->label, "snapshot_label1");
  EXPECT_EQ(r1->timeout_ms, 86400000);
  std::vector<BackupTableRef> all = {{"example_tbl", {}}, {"example_tbl2", {}}};  // the view is left out
  EXPECT_EQ(r1->tables, all);

  auto r2 = Analyze("BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl)");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->tables, (std::vector<BackupTableRef>{{"example_tbl", {}}}));

  auto r3 = Analyze(
      "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2)");
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->tables, (std::vector<BackupTableRef>{{"example_tbl", {"p1", "p2"}}, {"example_tbl2", {}}}));
  EXPECT_GE(host_.lock_calls(), 3) << "catalog reads happen under the database lock";
}

TEST_F(BackupAnalyzerTest, DatabaseComesFromTheStatementOrTheSession) {
  auto r = Analyze("BACKUP SNAPSHOT l TO example_repo", {"root", "%", "example_db", 1, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->db_name, "example_db");
  auto r2 = Analyze("BACKUP DATABASE example_db SNAPSHOT l TO example_repo");
  ASSERT_TRUE(r2.ok());
  auto none = Analyze("BACKUP SNAPSHOT l TO example_repo");
  EXPECT_EQ(none.status().message(), "No database selected");
  EXPECT_EQ(ToMysqlError(none.status()).code, kErrNoDbSelected);
  auto unknown = Analyze("BACKUP SNAPSHOT nodb.l TO example_repo");
  EXPECT_EQ(unknown.status().message(), "Unknown database 'nodb'");
  EXPECT_EQ(ToMysqlError(unknown.status()).code, kErrBadDb);
  EXPECT_EQ(Error("BACKUP SNAPSHOT `9db`.l TO example_repo"), "Incorrect database name '9db'");
}

TEST_F(BackupAnalyzerTest, LabelsMustBeSafeDirectoryNames) {
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.`` TO example_repo"), "Incorrect label name ''");
  for (const char* bad : {"`a/b`", "`..`", "`-x`"}) {
    std::string msg = Error(std::string("BACKUP SNAPSHOT example_db.") + bad + " TO example_repo");
    EXPECT_NE(msg.find("Incorrect label name"), std::string::npos) << msg;
    EXPECT_NE(msg.find("directory name"), std::string::npos) << msg;
  }
}

TEST_F(BackupAnalyzerTest, RepositoryMustExist) {
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO nope"), "Repository [nope] does not exist");
}

TEST_F(BackupAnalyzerTest, TableAndPartitionErrorsUseStarRocksTexts) {
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (missing)"), "Incorrect table name 'missing'");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl PARTITION (p9))"),
            "partition[p9] does not exist  in tableexample_tbl");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl, example_tbl2, example_tbl)"),
            "Duplicated table: example_tbl");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (ext1)"),
            "Table: ext1 can not support backup restore, type: EXTERNAL");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl TEMPORARY PARTITION (p1))"),
            "Do not support backing up temp partitions");
  host_.MutableTable(db_, "example_tbl")->has_temp_partitions = true;
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl)"),
            "Do not support backing up table with temp partitions");
  EXPECT_NE(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (other_db.example_tbl2)").find("one database"),
            std::string::npos);
  EXPECT_EQ(Error("BACKUP SNAPSHOT empty_db.l TO example_repo"), "Database: empty_db is empty");
}

TEST_F(BackupAnalyzerTest, PropertiesAreTypedAndUnknownOnesNamed) {
  auto r = Analyze(R"(BACKUP SNAPSHOT example_db.l TO example_repo PROPERTIES ("timeout" = "3600", "type" = "FULL"))");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->timeout_ms, 3600000);
  EXPECT_EQ(Error(R"(BACKUP SNAPSHOT example_db.l TO example_repo PROPERTIES ("timeout" = "1h"))"),
            "Invalid timeout format: 1h");
  EXPECT_EQ(Error(R"(BACKUP SNAPSHOT example_db.l TO example_repo PROPERTIES ("timeout" = "599"))"),
            "timeout must be at least 10 min");
  EXPECT_EQ(Error(R"(BACKUP SNAPSHOT example_db.l TO example_repo PROPERTIES ("type" = "incremental"))"),
            "Currently does not support incremental backup");
  EXPECT_EQ(Error(R"(BACKUP SNAPSHOT example_db.l TO example_repo PROPERTIES ("type" = "diff"))"),
            "Invalid backup job type: diff");
  EXPECT_EQ(Error(R"(BACKUP SNAPSHOT example_db.l TO example_repo PROPERTIES ("a" = "1", "b" = "2"))"),
            "Unknown backup job properties: [a, b]");
}

TEST_F(BackupAnalyzerTest, PrivilegesAreCheckedAfterAnalysis) {
  fe_backup::Session alice{"alice", "%", "", 1, {}};
  std::string msg = Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl)", alice);
  EXPECT_EQ(msg.rfind("Access denied; you need (at least one of) the REPOSITORY privilege(s) on SYSTEM", 0), 0u) << msg;
  host_.Grant("alice", fe_backup::Privilege::kRepository, fe_backup::PrivilegeObject::Kind::kSystem);
  msg = Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl)", alice);
  EXPECT_NE(msg.find("the EXPORT privilege(s) on TABLE example_db.example_tbl"), std::string::npos) << msg;
  host_.Grant("alice", fe_backup::Privilege::kExport, fe_backup::PrivilegeObject::Kind::kTable, "example_db",
              "example_tbl");
  EXPECT_TRUE(Analyze("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl)", alice).ok());
  EXPECT_TRUE(Analyze("BACKUP SNAPSHOT example_db.l TO example_repo", {"bob", "%", "", 2, {"db_admin"}}).ok());
  // Unknown objects are reported before privileges, as StarRocks analyses first.
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (missing)", {"eve", "%", "", 3, {}}),
            "Incorrect table name 'missing'");
}

TEST_F(BackupAnalyzerTest, ExternalCatalogsAreNotSupported) {
  EXPECT_NE(Error("BACKUP ALL EXTERNAL CATALOGS SNAPSHOT l TO example_repo").find("external catalogs"),
            std::string::npos);
}

TEST_F(BackupAnalyzerTest, ViewsAndFunctionsAreSelectedByStarRocksRules) {
  // No ON clause: every table, view and function.
  auto whole = Analyze("BACKUP SNAPSHOT example_db.l TO example_repo");
  ASSERT_TRUE(whole.ok()) << whole.status();
  ASSERT_EQ(whole->views.size(), 1u);
  EXPECT_EQ(whole->views[0].select_text, "SELECT k1 FROM example_tbl");
  EXPECT_EQ(whole->functions.size(), 2u);
  // ALL <kind> adds that kind only; materialized views: the host keeps none.
  auto all = Analyze("BACKUP SNAPSHOT example_db.l TO example_repo ON (example_tbl, ALL VIEWS, ALL FUNCTIONS, "
                     "ALL MATERIALIZED VIEWS)");
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->tables, (std::vector<BackupTableRef>{{"example_tbl", {}}}));
  EXPECT_EQ(all->views.size(), 1u);
  EXPECT_EQ(all->functions.size(), 2u);
  auto tables_only = Analyze("BACKUP SNAPSHOT example_db.l TO example_repo ON (ALL TABLES)");
  ASSERT_TRUE(tables_only.ok());
  EXPECT_TRUE(tables_only->views.empty());
  EXPECT_TRUE(tables_only->functions.empty());
  // Named: a view by VIEW or as a plain item; a function by name, any case, every overload.
  auto named = Analyze("BACKUP SNAPSHOT example_db.l TO example_repo ON (VIEW v1, FUNCTION MY_FN)");
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_TRUE(named->tables.empty());
  EXPECT_EQ(named->views.size(), 1u);
  EXPECT_EQ(named->functions.size(), 2u);
  auto plain = Analyze("BACKUP SNAPSHOT example_db.l TO example_repo ON (v1, FUNCTION my_fn, ALL FUNCTIONS)");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->views.size(), 1u);
  EXPECT_EQ(plain->functions.size(), 2u) << "an overload is taken once";
  EXPECT_EQ(Error("BACKUP SNAPSHOT empty_db.l TO example_repo ON (ALL VIEWS, ALL FUNCTIONS)"),
            "Database: empty_db is empty");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (VIEW nov)"), "Incorrect table name 'nov'");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (FUNCTION f1)"),
            "Invalid backup function(s), function name: f1");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (VIEW v1, v1)"), "Duplicated table: v1");
  EXPECT_EQ(Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (v1 PARTITION (p1))"), "Incorrect table name 'v1'");
  // EXPORT is needed on a view as on a table.
  host_.Grant("alice", fe_backup::Privilege::kRepository, fe_backup::PrivilegeObject::Kind::kSystem);
  std::string msg = Error("BACKUP SNAPSHOT example_db.l TO example_repo ON (VIEW v1)", {"alice", "%", "", 1, {}});
  EXPECT_NE(msg.find("the EXPORT privilege(s) on TABLE example_db.v1"), std::string::npos) << msg;
}

TEST_F(BackupAnalyzerTest, LockTimeoutIsReported) {
  host_.FailNextLocks(1);
  EXPECT_NE(Error("BACKUP SNAPSHOT example_db.l TO example_repo").find("could not lock database example_db"),
            std::string::npos);
}

}  // namespace
}  // namespace feb::plugin
