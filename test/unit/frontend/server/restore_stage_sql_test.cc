// RESTORE stages as SQL clients see them: a whole frontend (journal, catalog, executors, host)
// with fake backends; the module's calls go through host()->catalog_writer().
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "frontend/catalog/table_creator.h"
#include "frontend/server/frontend_server.h"
#include "test/unit/frontend/fake_backend_data_client.h"

namespace feb::frontend {
namespace {

using fe_backup::HostCode;

const char kRestoreInProgress[] =
    "A snapshot restore operation is in progress on the table \"t\". Please wait until the current operation "
    "completes.\nTo check the status of the operation, see "
    "https://docs.starrocks.io/en-us/latest/sql-reference/sql-statements/data-manipulation/SHOW%20RESTORE";

class RestoreStageSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fe_restore_sql_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    StartServer();
    Ok("CREATE DATABASE d");
    Ok("ALTER SYSTEM ADD BACKEND \"h:1\", \"h:2\"");
    MarkAlive();
    db_ = server_->catalog()->FindDatabase("d")->id;
  }
  void TearDown() override {
    conn_.reset();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  void StartServer() {
    server_ = std::make_unique<FrontendServer>(FeConfig::FromMap({{"meta_dir", (dir_ / "meta").string()},
                                                                  {"query_port", "0"},
                                                                  {"plugins", ""},
                                                                  {"lock_timeout_ms", "2000"},
                                                                  {"heartbeat_interval_ms", "3600000"},
                                                                  {"heartbeat_timeout_second", "3600"},
                                                                  {"rpc_port", "0"}}));
    server_->SetDataClient(&data_);
    Status st = server_->Start();
    ASSERT_TRUE(st.ok()) << st;
    conn_ = server_->Create(1, "127.0.0.1");
    LoginRequest login;
    login.user = "root";
    ASSERT_TRUE(conn_->Login(login).ok);
    MarkAlive();
  }
  void Restart() {
    conn_.reset();
    server_->Shutdown();
    server_.reset();
    StartServer();
  }
  void MarkAlive() {
    for (const auto& b : server_->backends()->Entries()) {
      BackendEntry e;
      e.info.be_port = 9060;
      int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
      server_->backends()->RecordHeartbeat(b.info.id, true, e, now);
    }
  }
  fe_backup::CatalogWriter& writer() { return server_->host()->catalog_writer(); }

  QueryResult Q(const std::string& sql) { return conn_->Query(sql); }
  void Ok(const std::string& sql) {
    QueryResult r = Q(sql);
    ASSERT_TRUE(r.ok) << sql << " -> " << r.mysql_errno << " " << r.message;
  }
  std::string Cell(const std::string& sql, size_t row = 0, size_t col = 0) {
    QueryResult r = Q(sql);
    EXPECT_TRUE(r.ok) << sql << " -> " << r.message;
    if (!r.ok || row >= r.rows.size() || col >= r.rows[row].size()) return "<none>";
    return r.rows[row][col].value_or("NULL");
  }

  static fe_backup::TableDefinition Snapshot(const std::string& name) {
    fe_backup::TableDefinition def;
    def.name = name;
    def.columns.push_back({"k", "INT", true, true, "", std::nullopt, ""});
    def.columns.push_back({"v", "VARCHAR(10)", true, false, "", std::nullopt, ""});
    def.key_columns = {"k"};
    def.partition_columns = {"k"};
    def.partitions = {{"p1", {"10"}}, {"p2", {"20"}}};
    def.distribution_columns = {"k"};
    def.buckets = 2;
    def.properties["replication_num"] = "2";
    return def;
  }
  fe_backup::RestoreStage Stage(const std::string& table, std::vector<fe_backup::RestorePartitionSpec> parts) {
    fe_backup::RestoreStageRequest req;
    req.job_id = 7;
    req.table_name = table;
    req.definition = Snapshot(table);
    req.partitions = std::move(parts);
    req.replication_num = 2;
    auto r = writer().StageRestore(db_, req);
    EXPECT_TRUE(r.ok()) << r.status.message;
    return r.ok() ? *r.value : fe_backup::RestoreStage{};
  }
  // What the backends' MOVE does before the commit: every replica of every staged tablet holds
  // versions 2..visible_version; a partition's `rows` go into its first tablet at version 2.
  void LoadSnapshot(const fe_backup::RestoreStage& stage, std::map<std::string, std::vector<DataRow>> rows) {
    for (const auto& p : stage.table.partitions) {
      for (const auto& idx : p.indexes) {
        for (size_t b = 0; b < idx.tablets.size(); ++b) {
          for (const auto& r : idx.tablets[b].replicas) {
            auto be = server_->backends()->Find(r.backend_id);
            ASSERT_TRUE(be);
            auto spec = TableCreator::SpecOf(db_, stage.table.id, stage.table.definition, p, idx, idx.tablets[b]);
            for (int64_t v = 2; v <= p.visible_version; ++v) {
              ASSERT_TRUE(data_.WriteRows(*be, spec, v, v == 2 && b == 0 ? rows[p.name] : std::vector<DataRow>{}).ok());
            }
          }
        }
      }
    }
  }
  size_t Tablets() {
    size_t n = 0;
    for (const auto& b : server_->backends()->Entries()) n += data_.TabletCount(b.info.id);
    return n;
  }

  std::filesystem::path dir_;
  testing::FakeBackendDataClient data_;
  std::unique_ptr<FrontendServer> server_;
  std::unique_ptr<ConnectionHandler> conn_;
  int64_t db_ = 0;
};

TEST_F(RestoreStageSqlTest, ANewTableStageIsHiddenFromSqlAndHoldsItsNameThenBecomesAnOrdinaryTable) {
  auto stage = Stage("r", {{"p1", 3}, {"p2", 3}});
  ASSERT_EQ(stage.table.partitions.size(), 2u);
  QueryResult tables = Q("SHOW TABLES FROM d");
  ASSERT_TRUE(tables.ok);
  EXPECT_TRUE(tables.rows.empty());
  EXPECT_EQ(Q("SELECT * FROM d.r").mysql_errno, 1051);
  EXPECT_EQ(Q("SHOW PARTITIONS FROM d.r").mysql_errno, 1051);
  QueryResult create = Q("CREATE TABLE d.r (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES(\"replication_num\" = \"1\")");
  EXPECT_EQ(create.mysql_errno, 1050);
  EXPECT_EQ(create.message, "Table 'r' already exists");
  Ok("CREATE TABLE IF NOT EXISTS d.r (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES(\"replication_num\" = \"1\")");
  EXPECT_FALSE(server_->catalog()->FindTable(db_, "r")) << "IF NOT EXISTS created nothing";

  LoadSnapshot(stage, {{"p1", {{"1", "a"}, {"2", "b"}}}, {"p2", {{"12", "c"}}}});
  ASSERT_TRUE(writer().CommitRestore(stage.stage_id).ok());
  EXPECT_EQ(Cell("SHOW TABLES FROM d"), "r");
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM d.r"), "3");
  EXPECT_EQ(Cell("SHOW PARTITIONS FROM d.r", 0, 1), "p1");
  EXPECT_EQ(Cell("SHOW PARTITIONS FROM d.r", 0, 2), "3") << "VisibleVersion is the snapshot's";
  std::string checksum = Cell("CHECKSUM TABLE d.r", 0, 1);
  Ok("INSERT INTO d.r VALUES (5, 'x'), (15, 'y')");
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM d.r"), "5");
  EXPECT_EQ(Cell("SHOW PARTITIONS FROM d.r", 0, 2), "4") << "the next load is visible + 1";
  EXPECT_NE(Cell("CHECKSUM TABLE d.r", 0, 1), checksum);

  Restart();
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM d.r"), "5");
  // The module's catalog view (what a later BACKUP reads): tablets, replicas, versions.
  auto t = server_->host()->catalog().FindTable(db_, "r");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->id, stage.table.id);
  for (const auto& p : t->partitions) {
    EXPECT_EQ(p.visible_version, 4);
    for (const auto& tab : p.indexes[0].tablets) {
      ASSERT_EQ(tab.replicas.size(), 2u);
      for (const auto& r : tab.replicas) EXPECT_EQ(r.version, 4);
    }
  }
}

TEST_F(RestoreStageSqlTest, LoadsIntoAStagedTableAreRefusedWhileSelectReadsTheOldData) {
  Ok("CREATE TABLE d.t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PARTITION BY RANGE(k) "
     "(PARTITION p1 VALUES LESS THAN (\"10\"), PARTITION p2 VALUES LESS THAN (\"20\")) "
     "DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES(\"replication_num\" = \"2\")");
  Ok("INSERT INTO d.t VALUES (1, 'old'), (15, 'b')");
  size_t tablets = Tablets();
  auto stage = Stage("t", {{"p1", 5}});
  QueryResult insert = Q("INSERT INTO d.t VALUES (2, 'c')");
  EXPECT_FALSE(insert.ok);
  EXPECT_EQ(insert.message, kRestoreInProgress);
  EXPECT_EQ(Q("TRUNCATE TABLE d.t").message, kRestoreInProgress);
  EXPECT_EQ(Q("ALTER TABLE d.t ADD PARTITION p3 VALUES LESS THAN (\"30\")").message, kRestoreInProgress);
  EXPECT_EQ(Q("ALTER TABLE d.t DROP PARTITION p2").message, kRestoreInProgress);
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM d.t"), "2");
  EXPECT_EQ(Cell("SELECT v FROM d.t ORDER BY k"), "old");
  EXPECT_EQ(Cell("SHOW PARTITIONS FROM d.t", 0, 2), "2");

  Restart();
  EXPECT_EQ(Q("INSERT INTO d.t VALUES (2, 'c')").message, kRestoreInProgress) << "the stage is replayed";
  ASSERT_EQ(writer().ListRestoreStages().size(), 1u);
  EXPECT_EQ(writer().ListRestoreStages()[0].job_id, 7);

  LoadSnapshot(stage, {{"p1", {{"3", "s1"}, {"4", "s2"}}}});
  ASSERT_TRUE(writer().CommitRestore(stage.stage_id).ok());
  EXPECT_EQ(Tablets(), tablets) << "the old p1's tablets are dropped, the staged ones took their place";
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM d.t"), "3");
  EXPECT_EQ(Cell("SELECT v FROM d.t ORDER BY k"), "s1");
  EXPECT_EQ(Cell("SELECT v FROM d.t ORDER BY k", 2), "b") << "p2 is untouched";
  EXPECT_EQ(Cell("SHOW PARTITIONS FROM d.t", 0, 2), "5");
  Ok("INSERT INTO d.t VALUES (2, 'new')");
  EXPECT_EQ(Cell("SHOW PARTITIONS FROM d.t", 0, 2), "6");
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM d.t"), "4");
  Ok("TRUNCATE TABLE d.t");
}

TEST_F(RestoreStageSqlTest, DropTableWithAStageIsAllowedAndTheCommitThenAnswersNotFound) {
  Ok("CREATE TABLE d.t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PARTITION BY RANGE(k) "
     "(PARTITION p1 VALUES LESS THAN (\"10\"), PARTITION p2 VALUES LESS THAN (\"20\")) "
     "DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES(\"replication_num\" = \"2\")");
  auto stage = Stage("t", {{"p2", 2}});
  Ok("DROP TABLE d.t");
  EXPECT_EQ(writer().CommitRestore(stage.stage_id).code, HostCode::kNotFound);
  EXPECT_EQ(Q("SELECT * FROM d.t").mysql_errno, 1051);
  ASSERT_TRUE(writer().AbortRestore(stage.stage_id).ok());
  EXPECT_EQ(Tablets(), 0u);
  EXPECT_TRUE(writer().ListRestoreStages().empty());
}

// Clients keep reading and loading while restores are staged and committed: every SELECT
// answers, every INSERT either lands or gets the restore text, and nothing waits forever.
TEST_F(RestoreStageSqlTest, ReadsAndLoadsRacingRestoresSeeOnlyWholeTables) {
  Ok("CREATE TABLE d.t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PARTITION BY RANGE(k) "
     "(PARTITION p1 VALUES LESS THAN (\"10\"), PARTITION p2 VALUES LESS THAN (\"20\")) "
     "DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES(\"replication_num\" = \"2\")");
  std::atomic<bool> done{false};
  std::atomic<int> selects{0}, inserts{0}, refused{0};
  auto client = [&](uint32_t id, bool load) {
    auto conn = server_->Create(id, "127.0.0.1");
    LoginRequest login;
    login.user = "root";
    ASSERT_TRUE(conn->Login(login).ok);
    while (!done.load()) {
      if (load) {
        QueryResult r = conn->Query("INSERT INTO d.t VALUES (15, 'l'), (3, 'l')");
        if (r.ok) {
          ++inserts;
        } else {
          ASSERT_EQ(r.message, kRestoreInProgress);
          ++refused;
        }
      } else {
        QueryResult r = conn->Query("SELECT COUNT(*) FROM d.t");
        ASSERT_TRUE(r.ok) << r.message;
        ++selects;
      }
    }
  };
  std::thread reader(client, 2, false), loader(client, 3, true);
  for (int round = 0; round < 20; ++round) {
    auto stage = Stage("t", {{"p1", 3}});
    LoadSnapshot(stage, {{"p1", {{"1", "r"}}}});
    ASSERT_TRUE(writer().CommitRestore(stage.stage_id).ok());
    ASSERT_TRUE(writer().ForgetRestoreStage(stage.stage_id).ok());
    std::this_thread::yield();
  }
  done = true;
  reader.join();
  loader.join();
  EXPECT_GT(selects.load(), 0);
  EXPECT_GT(inserts.load() + refused.load(), 0);
  // p1 holds the last restore (1 row) and the loads after it; p2 every load's row.
  EXPECT_EQ(Cell("SHOW PARTITIONS FROM d.t", 1, 2), std::to_string(1 + inserts.load()));
}

}  // namespace
}  // namespace feb::frontend
