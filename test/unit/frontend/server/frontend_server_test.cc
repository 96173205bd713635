#include "frontend/server/frontend_server.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>

#include "test/unit/frontend/fake_backend_data_client.h"

namespace feb::frontend {
namespace {

class FrontendServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fe_server_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  void StartServer(std::map<std::string, std::string> extra = {}) {
    std::map<std::string, std::string> values{{"meta_dir", (dir_ / "meta").string()},
                                              {"query_port", "0"},
                                              {"plugins", ""},
                                              {"lock_timeout_ms", "2000"},
                                              // backends here are fakes: the heartbeat thread
                                              // beats once at start and then stays out of the way
                                              {"heartbeat_interval_ms", "3600000"},
                                              {"heartbeat_timeout_second", "3600"},
                                              {"rpc_port", "0"}};
    for (auto& [k, v] : extra) values[k] = v;
    server_ = std::make_unique<FrontendServer>(FeConfig::FromMap(values));
    server_->SetDataClient(&data_);
    Status st = server_->Start();
    ASSERT_TRUE(st.ok()) << st;
    conn_ = server_->Create(1, "127.0.0.1");
    LoginRequest login;
    login.user = "root";
    ASSERT_TRUE(conn_->Login(login).ok);
    for (const auto& b : server_->backends()->Entries()) MarkAlive(b.info.id);
  }

  void Restart() {
    conn_.reset();
    server_->Shutdown();
    server_.reset();
    StartServer();
  }

  void MarkAlive(int64_t id) {
    BackendEntry e;
    e.info.be_port = 9060;
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    server_->backends()->RecordHeartbeat(id, true, e, now);
  }

  QueryResult Q(const std::string& sql) { return conn_->Query(sql); }
  void Ok(const std::string& sql) {
    QueryResult r = Q(sql);
    ASSERT_TRUE(r.ok) << sql << " -> " << r.mysql_errno << " " << r.message;
  }

  std::filesystem::path dir_;
  testing::FakeBackendDataClient data_;
  std::unique_ptr<FrontendServer> server_;
  std::unique_ptr<ConnectionHandler> conn_;
};

TEST_F(FrontendServerTest, CatalogUsersAndBackendsSurviveARestart) {
  StartServer();
  Ok("CREATE DATABASE d1");
  Ok("ALTER SYSTEM ADD BACKEND \"127.0.0.1:9050\", \"127.0.0.1:9051\"");
  for (const auto& b : server_->backends()->Entries()) MarkAlive(b.info.id);
  Ok("CREATE TABLE d1.t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PARTITION BY RANGE(k) "
     "(PARTITION p1 VALUES LESS THAN (\"10\"), PARTITION p2 VALUES LESS THAN (\"20\")) "
     "DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES(\"replication_num\" = \"2\")");
  Ok("INSERT INTO d1.t VALUES (1, 'a'), (15, 'b'), (2, NULL)");
  Ok("CREATE USER alice IDENTIFIED BY 'pw'");
  Ok("GRANT SELECT ON TABLE d1.t TO USER alice");
  auto before = server_->catalog()->FindTable(server_->catalog()->FindDatabase("d1")->id, "t");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->partitions[0].visible_version, 2);
  EXPECT_EQ(before->partitions[1].visible_version, 2);

  Restart();
  auto db = server_->catalog()->FindDatabase("d1");
  ASSERT_TRUE(db);
  auto after = server_->catalog()->FindTable(db->id, "t");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->id, before->id);
  EXPECT_EQ(after->partitions.size(), 2u);
  EXPECT_EQ(after->partitions[0].visible_version, 2);
  EXPECT_EQ(after->partitions[0].indexes[0].tablets[0].replicas.size(), 2u);
  EXPECT_EQ(server_->backends()->Entries().size(), 2u);
  EXPECT_TRUE(server_->auth()->Has("alice", "%", "SELECT", GrantTarget{GrantTarget::Kind::kTable, "d1", "t"}));
  QueryResult count = Q("SELECT COUNT(*) FROM d1.t");
  ASSERT_TRUE(count.ok) << count.message;
  EXPECT_EQ(count.rows.at(0).at(0).value_or(""), "3");
}

TEST_F(FrontendServerTest, ACheckpointShortensReplayAndKeepsEverything) {
  StartServer();
  Ok("CREATE DATABASE a");
  Ok("CREATE DATABASE b");
  ASSERT_TRUE(server_->Checkpoint().ok());
  Ok("DROP DATABASE a");
  Ok("CREATE DATABASE c");
  int64_t id_before = server_->host()->journal().NextId();
  Restart();
  EXPECT_FALSE(server_->catalog()->FindDatabase("a"));
  EXPECT_TRUE(server_->catalog()->FindDatabase("b"));
  EXPECT_TRUE(server_->catalog()->FindDatabase("c"));
  EXPECT_GT(server_->host()->journal().NextId(), id_before);
}

TEST_F(FrontendServerTest, InsertRoutesRowsAndSelectReadsThemBackInOrder) {
  StartServer();
  Ok("CREATE DATABASE d");
  Ok("USE d");
  Ok("ALTER SYSTEM ADD BACKEND \"h:1\"");
  for (const auto& b : server_->backends()->Entries()) MarkAlive(b.info.id);
  Ok("CREATE TABLE t (k INT, d DATE, v STRING) PARTITION BY RANGE(d) (PARTITION p2024 VALUES LESS THAN "
     "(\"2025-01-01\"), PARTITION p2025 VALUES LESS THAN (\"2026-01-01\")) DISTRIBUTED BY HASH(k) BUCKETS 3 "
     "PROPERTIES(\"replication_num\" = \"1\")");
  Ok("INSERT INTO t (k, d, v) VALUES (3, '2024-05-01', 'c'), (1, '2025-02-03', 'a'), (2, '2024-01-01', 'b')");
  QueryResult r = Q("SELECT * FROM t ORDER BY k DESC LIMIT 2");
  ASSERT_TRUE(r.ok) << r.message;
  ASSERT_EQ(r.columns.size(), 3u);
  EXPECT_EQ(r.columns[0].name, "k");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0].value_or(""), "3");
  EXPECT_EQ(r.rows[1][0].value_or(""), "2");
  QueryResult out_of_range = Q("INSERT INTO t VALUES (9, '2030-01-01', 'x')");
  EXPECT_FALSE(out_of_range.ok);
  EXPECT_NE(out_of_range.message.find("no partition"), std::string::npos);
  QueryResult parts = Q("SHOW PARTITIONS FROM t");
  ASSERT_TRUE(parts.ok);
  EXPECT_EQ(parts.columns[0].name, "PartitionId");
  EXPECT_EQ(parts.columns[2].name, "VisibleVersion");
  EXPECT_EQ(parts.rows[0][2].value_or(""), "2");
  QueryResult sum1 = Q("CHECKSUM TABLE t");
  ASSERT_TRUE(sum1.ok) << sum1.message;
  Ok("TRUNCATE TABLE t");
  EXPECT_EQ(Q("SELECT COUNT(*) FROM t").rows[0][0].value_or(""), "0");
  Ok("INSERT INTO t VALUES (3, '2024-05-01', 'c'), (1, '2025-02-03', 'a'), (2, '2024-01-01', 'b')");
  QueryResult sum2 = Q("CHECKSUM TABLE t");
  EXPECT_EQ(sum1.rows[0][1], sum2.rows[0][1]);
  Ok("INSERT INTO t VALUES (4, '2024-05-01', 'd')");
  EXPECT_NE(Q("CHECKSUM TABLE t").rows[0][1], sum1.rows[0][1]);
}

TEST_F(FrontendServerTest, AFailedReplicaWriteLeavesTheVisibleVersion) {
  StartServer();
  Ok("CREATE DATABASE d");
  Ok("ALTER SYSTEM ADD BACKEND \"h:1\", \"h:2\"");
  for (const auto& b : server_->backends()->Entries()) MarkAlive(b.info.id);
  Ok("CREATE TABLE d.t (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES(\"replication_num\" = \"2\")");
  data_.FailBackend(server_->backends()->Entries()[1].info.id, true);
  QueryResult r = Q("INSERT INTO d.t VALUES (1)");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("stays at version 1"), std::string::npos) << r.message;
  auto t = server_->catalog()->FindTable(server_->catalog()->FindDatabase("d")->id, "t");
  EXPECT_EQ(t->partitions[0].visible_version, 1);
}

TEST_F(FrontendServerTest, InsertIsRefusedBeforeWritingWhenAReplicaIsNotAlive) {
  StartServer();
  Ok("CREATE DATABASE d");
  Ok("ALTER SYSTEM ADD BACKEND \"h:1\", \"h:2\"");
  for (const auto& b : server_->backends()->Entries()) MarkAlive(b.info.id);
  Ok("CREATE TABLE d.t (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES(\"replication_num\" = \"2\")");
  server_->backends()->Expire(std::numeric_limits<int64_t>::max() / 2, std::chrono::milliseconds(10));
  QueryResult r = Q("INSERT INTO d.t VALUES (1)");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("is not alive; nothing was written"), std::string::npos) << r.message;
  for (const auto& b : server_->backends()->Entries()) MarkAlive(b.info.id);
  Ok("INSERT INTO d.t VALUES (1)");
  EXPECT_EQ(Q("SELECT COUNT(*) FROM d.t").rows[0][0].value_or(""), "1");
}

TEST_F(FrontendServerTest, DdlErrorsUseMysqlNumbers) {
  StartServer();
  EXPECT_EQ(Q("USE nope").mysql_errno, 1049);
  EXPECT_EQ(Q("SHOW TABLES").mysql_errno, 1046);
  Ok("CREATE DATABASE d");
  EXPECT_EQ(Q("CREATE DATABASE d").mysql_errno, 1007);
  Ok("CREATE DATABASE IF NOT EXISTS d");
  EXPECT_EQ(Q("DROP DATABASE nope").mysql_errno, 1008);
  EXPECT_EQ(Q("SELECT * FROM d.nope").mysql_errno, 1051);
  EXPECT_EQ(Q("SELECT @@nope").mysql_errno, 1193);
  EXPECT_EQ(Q("").mysql_errno, 1065);
  QueryResult no_backends = Q("CREATE TABLE d.t (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1");
  EXPECT_FALSE(no_backends.ok);
  EXPECT_NE(no_backends.message.find("replication num"), std::string::npos);
  EXPECT_EQ(Q("SELEC 1").mysql_errno, 1064);
}

TEST_F(FrontendServerTest, UsersWithoutAPrivilegeAreDenied) {
  StartServer();
  Ok("CREATE DATABASE d");
  Ok("CREATE USER bob IDENTIFIED BY ''");
  auto bob = server_->Create(2, "127.0.0.1");
  LoginRequest login;
  login.user = "bob";
  ASSERT_TRUE(bob->Login(login).ok);
  QueryResult denied = bob->Query("CREATE DATABASE x");
  EXPECT_EQ(denied.mysql_errno, 1227);
  EXPECT_EQ(denied.sqlstate, "42000");
  EXPECT_EQ(denied.message.rfind("Access denied; you need (at least one of) the CREATE DATABASE privilege(s) on "
                                 "SYSTEM for this operation.", 0),
            0u);
  Ok("GRANT db_admin TO USER bob");
  EXPECT_TRUE(bob->Query("CREATE DATABASE x").ok);
  LoginRequest wrong;
  wrong.user = "bob";
  wrong.auth_response = std::string(20, 'x');
  wrong.scramble = std::string(20, 'y');
  EXPECT_EQ(server_->Create(3, "127.0.0.1")->Login(wrong).mysql_errno, 1045);
}

TEST_F(FrontendServerTest, ViewsAreKeptShownListedAndSurviveARestartAndACheckpoint) {
  StartServer();
  Ok("CREATE DATABASE d");
  Ok("ALTER SYSTEM ADD BACKEND \"127.0.0.1:9050\"");
  for (const auto& b : server_->backends()->Entries()) MarkAlive(b.info.id);
  Ok("CREATE TABLE d.t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 "
     "PROPERTIES(\"replication_num\" = \"1\")");
  Ok("CREATE VIEW d.v1 (c1 COMMENT \"first\", c2) COMMENT \"my view\" AS SELECT k, v FROM d.t WHERE v = 'a;b'");
  Ok("CREATE VIEW d.v2 AS select  k\n from d.t;");
  QueryResult dup = Q("CREATE VIEW d.v2 AS SELECT 1");
  EXPECT_EQ(dup.mysql_errno, 1050) << dup.message;
  EXPECT_EQ(dup.message, "Table 'v2' already exists");
  Ok("CREATE VIEW IF NOT EXISTS d.v2 AS SELECT 1");
  EXPECT_EQ(Q("CREATE VIEW d.t AS SELECT 1").mysql_errno, 1050) << "a view and a table share names";
  EXPECT_EQ(Q("CREATE TABLE d.v1 (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1").mysql_errno, 1050);

  const std::string v1 = "CREATE VIEW `v1` (`c1` COMMENT \"first\", `c2`) COMMENT \"my view\" AS "
                         "SELECT k, v FROM d.t WHERE v = 'a;b';";
  QueryResult show = Q("SHOW CREATE VIEW d.v1");
  ASSERT_TRUE(show.ok) << show.message;
  EXPECT_EQ(show.columns.size(), 4u);
  EXPECT_EQ(show.rows.at(0).at(1).value_or(""), v1);
  EXPECT_EQ(Q("SHOW CREATE TABLE d.v2").rows.at(0).at(1).value_or(""), "CREATE VIEW `v2` AS select  k\n from d.t;");
  QueryResult not_view = Q("SHOW CREATE VIEW d.t");
  EXPECT_EQ(not_view.mysql_errno, 1347);
  EXPECT_EQ(not_view.message, "'d.t' is not VIEW");
  QueryResult full = Q("SHOW FULL TABLES FROM d");
  ASSERT_TRUE(full.ok) << full.message;
  ASSERT_EQ(full.rows.size(), 3u);
  EXPECT_EQ(full.rows[1].at(0).value_or(""), "v1");
  EXPECT_EQ(full.rows[1].at(1).value_or(""), "VIEW");
  EXPECT_EQ(full.rows[0].at(1).value_or(""), "BASE TABLE");
  EXPECT_EQ(Q("SHOW TABLES FROM d").rows.size(), 3u);

  Restart();
  EXPECT_EQ(Q("SHOW CREATE VIEW d.v1").rows.at(0).at(1).value_or(""), v1);
  ASSERT_TRUE(server_->Checkpoint().ok());
  Ok("DROP VIEW d.v2");
  EXPECT_EQ(Q("DROP VIEW d.v2").mysql_errno, 1051);
  Ok("DROP VIEW IF EXISTS d.v2");
  EXPECT_EQ(Q("DROP VIEW d.t").mysql_errno, 1347);
  Restart();
  EXPECT_EQ(Q("SHOW CREATE VIEW d.v1").rows.at(0).at(1).value_or(""), v1);
  EXPECT_EQ(Q("SHOW CREATE VIEW d.v2").mysql_errno, 1051);
}

TEST_F(FrontendServerTest, FunctionsAreKeptByTheirSignatureAndSurviveARestart) {
  StartServer();
  Ok("CREATE DATABASE d");
  Ok("USE d");
  const std::string props =
      " PROPERTIES (\"symbol\" = \"com.example.Add\", \"type\" = \"StarrocksJar\", \"file\" = \"http://h/udf.jar\")";
  Ok("CREATE FUNCTION My_Add(INT, INT) RETURNS INT" + props);
  Ok("CREATE FUNCTION d.my_add(BIGINT, BIGINT) RETURNS BIGINT" + props);
  Ok("CREATE AGGREGATE FUNCTION my_sum(INT) RETURNS BIGINT INTERMEDIATE BIGINT" + props);
  Ok("CREATE TABLE FUNCTION my_split(VARCHAR(10), ...) RETURNS VARCHAR(10)" + props);
  QueryResult dup = Q("CREATE FUNCTION my_add(INT, INT) RETURNS INT" + props);
  EXPECT_FALSE(dup.ok);
  EXPECT_EQ(dup.message, "function already exists");
  Ok("CREATE FUNCTION IF NOT EXISTS my_add(INT, INT) RETURNS INT" + props);
  Ok("CREATE OR REPLACE FUNCTION my_add(INT, INT) RETURNS SMALLINT" + props);
  EXPECT_FALSE(Q("CREATE GLOBAL FUNCTION g(INT) RETURNS INT" + props).ok);

  QueryResult names = Q("SHOW FUNCTIONS");
  ASSERT_TRUE(names.ok) << names.message;
  ASSERT_EQ(names.columns.size(), 1u);
  EXPECT_EQ(names.columns[0].name, "Function Name");
  EXPECT_EQ(names.rows.size(), 4u);
  QueryResult full = Q("SHOW FULL FUNCTIONS FROM d LIKE 'my_a%'");
  ASSERT_TRUE(full.ok) << full.message;
  ASSERT_EQ(full.columns.size(), 5u);
  EXPECT_EQ(full.columns[0].name, "Signature");
  EXPECT_EQ(full.columns[4].name, "Properties");
  ASSERT_EQ(full.rows.size(), 2u);
  EXPECT_EQ(full.rows[0].at(0).value_or(""), "my_add(BIGINT,BIGINT)");
  EXPECT_EQ(full.rows[1].at(1).value_or(""), "SMALLINT");
  EXPECT_EQ(full.rows[1].at(2).value_or(""), "Scalar");
  EXPECT_EQ(full.rows[1].at(3).value_or(""), "NULL");
  EXPECT_NE(full.rows[1].at(4).value_or("").find("\"symbol\":\"com.example.Add\""), std::string::npos);

  Restart();
  Ok("USE d");
  QueryResult after = Q("SHOW FULL FUNCTIONS");
  ASSERT_EQ(after.rows.size(), 4u);
  EXPECT_EQ(after.rows[2].at(0).value_or(""), "my_split(VARCHAR(10), ...)");
  EXPECT_EQ(after.rows[2].at(2).value_or(""), "Table");
  EXPECT_EQ(after.rows[3].at(3).value_or(""), "BIGINT");
  Ok("DROP FUNCTION my_add(INT, INT)");
  QueryResult gone = Q("DROP FUNCTION my_add(INT, INT)");
  EXPECT_EQ(gone.message, "Unknown function, function=my_add(INT,INT)");
  Ok("DROP FUNCTION IF EXISTS my_add(INT, INT)");
  EXPECT_EQ(Q("SHOW FUNCTIONS").rows.size(), 3u);
}

}  // namespace
}  // namespace feb::frontend
