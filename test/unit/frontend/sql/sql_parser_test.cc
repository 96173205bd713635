#include "frontend/sql/sql_parser.h"

#include <gtest/gtest.h>

namespace feb::frontend {
namespace {

template <typename T>
T ParseAs(const std::string& sql) {
  auto r = SqlParser::Parse(sql);
  EXPECT_TRUE(r.ok()) << sql << ": " << r.status();
  if (!r.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*r)) << sql;
  if (!std::holds_alternative<T>(*r)) return T{};
  return std::get<T>(*r);
}

TEST(SqlParserTest, KeywordsAreCaseInsensitiveAndIdentifiersMayBeBackquoted) {
  auto c = ParseAs<CreateDatabaseStmt>("cReAtE dAtAbAsE IF not EXISTS `my``db`;");
  EXPECT_EQ(c.name, "my`db");
  EXPECT_TRUE(c.if_not_exists);
  auto d = ParseAs<DropDatabaseStmt>("DROP DATABASE /* comment */ d1 -- trailing\n");
  EXPECT_EQ(d.name, "d1");
  EXPECT_FALSE(d.if_exists);
}

TEST(SqlParserTest, CreateTableInStarRocksForm) {
  auto t = ParseAs<CreateTableStmt>(
      "CREATE TABLE db1.sales (\n"
      "  k1 INT NOT NULL COMMENT 'key',\n"
      "  d DATE,\n"
      "  v VARCHAR(32) DEFAULT \"x\",\n"
      "  amount DECIMAL(10, 2) SUM\n"
      ") ENGINE=OLAP AGGREGATE KEY(k1, d, v)\n"
      "PARTITION BY RANGE(k1) (PARTITION p1 VALUES LESS THAN (\"10\"), PARTITION p2 VALUES LESS THAN MAXVALUE)\n"
      "DISTRIBUTED BY HASH(k1) BUCKETS 3\n"
      "PROPERTIES(\"replication_num\" = \"1\")");
  EXPECT_EQ(t.name.db, "db1");
  EXPECT_EQ(t.name.table, "sales");
  const auto& def = t.definition;
  ASSERT_EQ(def.columns.size(), 4u);
  EXPECT_EQ(def.columns[0].type, "INT");
  EXPECT_FALSE(def.columns[0].nullable);
  EXPECT_EQ(def.columns[0].comment, "key");
  EXPECT_EQ(def.columns[2].type, "VARCHAR(32)");
  EXPECT_EQ(def.columns[2].default_value.value_or(""), "x");
  EXPECT_EQ(def.columns[3].type, "DECIMAL(10,2)");
  EXPECT_EQ(def.columns[3].aggregation, "SUM");
  EXPECT_EQ(def.keys_type, "AGGREGATE");
  EXPECT_EQ(def.key_columns, (std::vector<std::string>{"k1", "d", "v"}));
  EXPECT_EQ(def.partition_columns, (std::vector<std::string>{"k1"}));
  ASSERT_EQ(def.partitions.size(), 2u);
  EXPECT_EQ(def.partitions[0].upper_bound, (std::vector<std::string>{"10"}));
  EXPECT_EQ(def.partitions[1].upper_bound, (std::vector<std::string>{"MAXVALUE"}));
  EXPECT_EQ(def.distribution_columns, (std::vector<std::string>{"k1"}));
  EXPECT_EQ(def.buckets, 3);
  EXPECT_EQ(def.properties.at("replication_num"), "1");
}

TEST(SqlParserTest, AlterTablePartitions) {
  auto a = ParseAs<AddPartitionStmt>("ALTER TABLE t ADD PARTITION IF NOT EXISTS p3 VALUES LESS THAN (\"30\")");
  EXPECT_EQ(a.partition.name, "p3");
  EXPECT_TRUE(a.if_not_exists);
  EXPECT_EQ(a.partition.upper_bound, (std::vector<std::string>{"30"}));
  auto d = ParseAs<DropPartitionStmt>("alter table db.t drop partition if exists p3");
  EXPECT_EQ(d.partition, "p3");
  EXPECT_EQ(d.name.db, "db");
}

TEST(SqlParserTest, StringsResolveEscapesAndDoubledQuotes) {
  auto i = ParseAs<InsertStmt>("INSERT INTO t VALUES ('a\\'b', \"c\\\\d\", 'e''f', 'g\\nh', -5, 1.5, NULL)");
  ASSERT_EQ(i.rows.size(), 1u);
  const auto& row = i.rows[0];
  EXPECT_EQ(row[0].text, "a'b");
  EXPECT_EQ(row[1].text, "c\\d");
  EXPECT_EQ(row[2].text, "e'f");
  EXPECT_EQ(row[3].text, "g\nh");
  EXPECT_EQ(row[4].text, "-5");
  EXPECT_EQ(row[4].kind, Literal::Kind::kInteger);
  EXPECT_EQ(row[5].kind, Literal::Kind::kDecimal);
  EXPECT_EQ(row[6].kind, Literal::Kind::kNull);
}

TEST(SqlParserTest, ClientConnectQueries) {
  auto s = ParseAs<SelectStmt>("SELECT @@version_comment LIMIT 1");
  ASSERT_EQ(s.items.size(), 1u);
  EXPECT_EQ(s.items[0].kind, SelectItem::Kind::kVariable);
  EXPECT_EQ(s.items[0].name, "version_comment");
  EXPECT_EQ(s.items[0].label, "@@version_comment");
  EXPECT_EQ(s.limit.value_or(-1), 1);
  auto j = ParseAs<SelectStmt>("SELECT @@max_allowed_packet,@@system_time_zone,@@session.time_zone,@@auto_increment_increment");
  ASSERT_EQ(j.items.size(), 4u);
  EXPECT_EQ(j.items[2].name, "time_zone");
  auto set = ParseAs<SetStmt>("set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES')");
  ASSERT_EQ(set.assignments.size(), 2u);
  EXPECT_EQ(set.assignments[1].first, "sql_mode");
  EXPECT_EQ(set.assignments[1].second.kind, SetValue::Kind::kConcat);
  ParseAs<SetStmt>("SET NAMES utf8mb4 COLLATE 'utf8mb4_general_ci'");
  ParseAs<SetStmt>("SET AUTOCOMMIT = 0");
  ParseAs<ShowVariablesStmt>("SHOW SESSION VARIABLES LIKE 'lower_case_%'");
  auto db = ParseAs<SelectStmt>("SELECT DATABASE()");
  EXPECT_EQ(db.items[0].kind, SelectItem::Kind::kFunction);
  EXPECT_EQ(db.items[0].name, "DATABASE");
}

TEST(SqlParserTest, ViewsKeepTheirQueryTextVerbatim) {
  auto v = ParseAs<CreateViewStmt>(
      "CREATE VIEW IF NOT EXISTS db1.v (c1 COMMENT 'first', `c 2`) COMMENT \"my view\" AS\n"
      "  SELECT k1, /* kept */ v FROM t WHERE v = 'a;b' ;;");
  EXPECT_EQ(v.name.db, "db1");
  EXPECT_TRUE(v.if_not_exists);
  EXPECT_EQ(v.view.name, "v");
  ASSERT_EQ(v.view.columns.size(), 2u);
  EXPECT_EQ(v.view.columns[0].comment, "first");
  EXPECT_EQ(v.view.columns[1].name, "c 2");
  EXPECT_EQ(v.view.comment, "my view");
  EXPECT_EQ(v.view.select_text, "SELECT k1, /* kept */ v FROM t WHERE v = 'a;b'");
  EXPECT_TRUE(ParseAs<DropViewStmt>("DROP VIEW IF EXISTS v").if_exists);
  EXPECT_EQ(ParseAs<ShowCreateViewStmt>("SHOW CREATE VIEW d.v").name.table, "v");
  EXPECT_TRUE(ParseAs<ShowTablesStmt>("SHOW FULL TABLES FROM d").full);
  EXPECT_FALSE(SqlParser::Parse("CREATE VIEW v AS").ok());
}

TEST(SqlParserTest, FunctionsInStarRocksForms) {
  auto f = ParseAs<CreateFunctionStmt>(
      "CREATE OR REPLACE AGGREGATE FUNCTION d.My_Sum(INT, DECIMAL(10, 2), ...) RETURNS BIGINT INTERMEDIATE BIGINT "
      "PROPERTIES (\"symbol\" = \"com.x.Sum\", \"type\" = \"StarrocksJar\", \"file\" = \"http://h/a.jar\")");
  EXPECT_TRUE(f.or_replace);
  EXPECT_EQ(f.name.db, "d");
  EXPECT_EQ(f.function.name, "my_sum");
  EXPECT_EQ(f.function.arg_types, (std::vector<std::string>{"INT", "DECIMAL(10,2)"}));
  EXPECT_TRUE(f.function.variadic);
  EXPECT_EQ(f.function.kind, fe_backup::FunctionKind::kAggregate);
  EXPECT_EQ(f.function.intermediate_type, "BIGINT");
  EXPECT_EQ(f.function.properties.at("symbol"), "com.x.Sum");
  EXPECT_EQ(fe_backup::FunctionSignature(f.function), "my_sum(INT,DECIMAL(10,2), ...)");
  auto t = ParseAs<CreateFunctionStmt>("CREATE TABLE FUNCTION split(VARCHAR(10)) RETURNS VARCHAR(10)");
  EXPECT_EQ(t.function.kind, fe_backup::FunctionKind::kTable);
  EXPECT_TRUE(ParseAs<CreateFunctionStmt>("CREATE GLOBAL FUNCTION g() RETURNS INT").global);
  auto d = ParseAs<DropFunctionStmt>("DROP FUNCTION IF EXISTS my_add(INT, INT)");
  EXPECT_TRUE(d.if_exists);
  EXPECT_EQ(d.signature.arg_types.size(), 2u);
  auto s = ParseAs<ShowFunctionsStmt>("SHOW FULL FUNCTIONS IN d LIKE 'my%'");
  EXPECT_TRUE(s.full);
  EXPECT_EQ(s.db, "d");
  EXPECT_EQ(s.like, std::optional<std::string>("my%"));
  EXPECT_FALSE(SqlParser::Parse("CREATE FUNCTION f(..., INT) RETURNS INT").ok());
  // A table may still be named like the new keywords.
  EXPECT_EQ(ParseAs<CreateTableStmt>("CREATE TABLE function (view INT)").definition.columns[0].name, "view");
}

TEST(SqlParserTest, UsersAndGrants) {
  auto u = ParseAs<CreateUserStmt>("CREATE USER 'alice'@'%' IDENTIFIED BY 'pw'");
  EXPECT_EQ(u.user.user, "alice");
  EXPECT_EQ(u.password.value_or(""), "pw");
  auto g = ParseAs<GrantPrivilegeStmt>("GRANT SELECT, INSERT, CREATE TABLE ON ALL TABLES IN DATABASE d TO USER alice");
  EXPECT_EQ(g.privileges, (std::vector<std::string>{"SELECT", "INSERT", "CREATE TABLE"}));
  EXPECT_EQ(g.object.kind, GrantObject::Kind::kAllTablesInDatabase);
  auto r = ParseAs<GrantPrivilegeStmt>("REVOKE REPOSITORY ON SYSTEM FROM USER 'alice'");
  EXPECT_TRUE(r.revoke);
  EXPECT_EQ(r.privileges, (std::vector<std::string>{"REPOSITORY"}));
  auto role = ParseAs<GrantRoleStmt>("GRANT db_admin TO USER alice");
  EXPECT_EQ(role.role, "db_admin");
  auto t = ParseAs<GrantPrivilegeStmt>("GRANT EXPORT ON TABLE d.t TO alice");
  EXPECT_EQ(t.object.db, "d");
  EXPECT_EQ(t.object.table, "t");
  ParseAs<SetPasswordStmt>("SET PASSWORD FOR 'alice' = PASSWORD('x')");
}

TEST(SqlParserTest, SyntaxErrorsCarryLineAndColumnInStarRocksForm) {
  auto r = SqlParser::Parse("CREATE DATABASE\nFROM x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kSyntaxError);
  EXPECT_EQ(r.status().message().rfind("Getting syntax error at line 2, column 0. Detail message: Unexpected input "
                                       "'FROM'", 0),
            0u)
      << r.status().message();
  auto eof = SqlParser::Parse("SELECT");
  ASSERT_FALSE(eof.ok());
  EXPECT_NE(eof.status().message().find("'<EOF>'"), std::string::npos) << eof.status().message();
}

TEST(SqlParserTest, GarbageNeverCrashes) {
  for (const char* s : {"", ";", "'unterminated", "`x", "\x01\x02\xff", "SELECT 99999999999999999999999 LIMIT "
                        "99999999999999999999999", "CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a) BUCKETS 99999999999"}) {
    auto r = SqlParser::Parse(s);
    EXPECT_FALSE(r.ok()) << s;
  }
}

}  // namespace
}  // namespace feb::frontend
