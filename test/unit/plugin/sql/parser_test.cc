// Per-statement tests of Parse(): the AST each form produces.
#include "plugin/src/sql/parser.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "plugin/src/sql/backup_stmt.h"
#include "plugin/src/sql/cancel_job_stmt.h"
#include "plugin/src/sql/create_repository_stmt.h"
#include "plugin/src/sql/drop_repository_stmt.h"
#include "plugin/src/sql/drop_snapshot_stmt.h"
#include "plugin/src/sql/restore_stmt.h"
#include "plugin/src/sql/show_jobs_stmt.h"
#include "plugin/src/sql/show_repositories_stmt.h"
#include "plugin/src/sql/show_snapshot_stmt.h"

namespace feb::sql {
namespace {

template <typename T>
std::unique_ptr<T> ParseAs(std::string_view sql) {
  auto parsed = Parse(sql);
  EXPECT_TRUE(parsed.ok()) << sql << "\n" << parsed.status();
  if (!parsed.ok()) return nullptr;
  auto* typed = dynamic_cast<T*>(parsed->get());
  EXPECT_NE(typed, nullptr) << sql;
  if (typed == nullptr) return nullptr;
  parsed->release();
  return std::unique_ptr<T>(typed);
}

std::vector<std::string> Names(const std::vector<Identifier>& ids) {
  std::vector<std::string> out;
  for (const Identifier& id : ids) out.push_back(id.value);
  return out;
}

void ExpectPos(const SourcePos& pos, int line, int column) {
  EXPECT_EQ(pos.line, line);
  EXPECT_EQ(pos.column, column);
}

// ---- the seed's three examples ---------------------------------------------------------------

TEST(ParserTest, SeedExample1FullBackupWithProperties) {
  auto s = ParseAs<BackupStmt>(
      R"(BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES ("type" = "full");)");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->kind(), StatementKind::kBackup);
  EXPECT_FALSE(s->external_catalogs.present());
  EXPECT_FALSE(s->database.has_value());
  ASSERT_TRUE(s->label_db.has_value());
  EXPECT_EQ(s->label_db->value, "example_db");
  EXPECT_EQ(s->label.value, "snapshot_label1");
  EXPECT_EQ(s->repository.value, "example_repo");
  EXPECT_FALSE(s->has_on_clause);
  EXPECT_TRUE(s->objects.empty());
  ASSERT_EQ(s->properties.entries.size(), 1u);
  EXPECT_EQ(s->properties.entries[0].key, "type");
  EXPECT_EQ(s->properties.entries[0].value, "full");
  ExpectPos(s->pos(), 1, 0);
  ExpectPos(s->label_db->pos, 1, 16);
  ExpectPos(s->label.pos, 1, 27);
  ExpectPos(s->repository.pos, 1, 46);
  ExpectPos(s->properties.pos, 1, 59);
  ExpectPos(s->properties.entries[0].key_pos, 1, 71);
  ExpectPos(s->properties.entries[0].value_pos, 1, 80);
  EXPECT_EQ(s->NamedDatabase()->value, "example_db");
}

TEST(ParserTest, SeedExample2OneTable) {
  auto s = ParseAs<BackupStmt>("BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl);");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->label_db->value, "example_db");
  EXPECT_EQ(s->label.value, "snapshot_label2");
  EXPECT_EQ(s->repository.value, "example_repo");
  EXPECT_TRUE(s->has_on_clause);
  ASSERT_EQ(s->objects.size(), 1u);
  const BackupObject& o = s->objects[0];
  EXPECT_EQ(o.kind, BackupObjectKind::kTable);
  EXPECT_FALSE(o.all);
  EXPECT_EQ(Names(o.name), std::vector<std::string>{"example_tbl"});
  EXPECT_TRUE(o.partitions.names.empty());
  EXPECT_FALSE(o.alias.has_value());
  ExpectPos(o.pos, 1, 63);
  EXPECT_TRUE(s->properties.empty());
}

TEST(ParserTest, SeedExample3PartitionsAndTwoTables) {
  auto s = ParseAs<BackupStmt>(
      "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), "
      "example_tbl2);");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->label.value, "snapshot_label3");
  ASSERT_EQ(s->objects.size(), 2u);
  EXPECT_EQ(Names(s->objects[0].name), std::vector<std::string>{"example_tbl"});
  EXPECT_FALSE(s->objects[0].partitions.temporary);
  EXPECT_EQ(Names(s->objects[0].partitions.names), (std::vector<std::string>{"p1", "p2"}));
  ExpectPos(s->objects[0].partitions.names[1].pos, 1, 89);
  EXPECT_EQ(Names(s->objects[1].name), std::vector<std::string>{"example_tbl2"});
  EXPECT_TRUE(s->objects[1].partitions.names.empty());
  EXPECT_EQ(s->ToSql(),
            "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON (example_tbl PARTITION (p1, p2), "
            "example_tbl2)");
}

// ---- BACKUP ----------------------------------------------------------------------------------

TEST(ParserTest, BackupDatabaseForm) {
  auto s = ParseAs<BackupStmt>("BACKUP DATABASE sales SNAPSHOT nightly TO repo");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->database->value, "sales");
  EXPECT_FALSE(s->label_db.has_value());
  EXPECT_EQ(s->label.value, "nightly");
  EXPECT_EQ(s->NamedDatabase()->value, "sales");
}

TEST(ParserTest, BackupLabelWithoutDatabase) {
  auto s = ParseAs<BackupStmt>("BACKUP SNAPSHOT nightly TO repo");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->NamedDatabase().has_value());
}

TEST(ParserTest, BackupEveryObjectKind) {
  auto s = ParseAs<BackupStmt>(
      "BACKUP SNAPSHOT d.l TO r ON (TABLE t1, TABLES d2.t2 TEMPORARY PARTITIONS (tp1), t3 PARTITION p9, "
      "t4 PARTITION ('p x'), ALL TABLES, MATERIALIZED VIEW mv1, MATERIALIZED VIEWS d.mv2, ALL MATERIALIZED VIEWS, "
      "VIEW v1, VIEWS v2, ALL VIEWS, FUNCTION f1, FUNCTIONS d.f2, ALL FUNCTIONS, ALL TABLE, ALL VIEW, "
      "ALL FUNCTION, ALL MATERIALIZED VIEW)");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->objects.size(), 18u);
  auto is = [&](size_t i, BackupObjectKind kind, bool all, std::vector<std::string> name) {
    SCOPED_TRACE(i);
    EXPECT_EQ(s->objects[i].kind, kind);
    EXPECT_EQ(s->objects[i].all, all);
    EXPECT_EQ(Names(s->objects[i].name), name);
  };
  using K = BackupObjectKind;
  is(0, K::kTable, false, {"t1"});
  is(1, K::kTable, false, {"d2", "t2"});
  EXPECT_TRUE(s->objects[1].partitions.temporary);
  EXPECT_EQ(Names(s->objects[1].partitions.names), std::vector<std::string>{"tp1"});
  is(2, K::kTable, false, {"t3"});
  EXPECT_EQ(Names(s->objects[2].partitions.names), std::vector<std::string>{"p9"});
  EXPECT_EQ(Names(s->objects[3].partitions.names), std::vector<std::string>{"p x"});
  is(4, K::kTable, true, {});
  is(5, K::kMaterializedView, false, {"mv1"});
  is(6, K::kMaterializedView, false, {"d", "mv2"});
  is(7, K::kMaterializedView, true, {});
  is(8, K::kView, false, {"v1"});
  is(9, K::kView, false, {"v2"});
  is(10, K::kView, true, {});
  is(11, K::kFunction, false, {"f1"});
  is(12, K::kFunction, false, {"d", "f2"});
  is(13, K::kFunction, true, {});
  is(14, K::kTable, true, {});
  is(15, K::kView, true, {});
  is(16, K::kFunction, true, {});
  is(17, K::kMaterializedView, true, {});
}

TEST(ParserTest, BackupExternalCatalogForms) {
  auto all = ParseAs<BackupStmt>("BACKUP ALL EXTERNAL CATALOGS SNAPSHOT cat_snap TO repo PROPERTIES ('timeout' = '3600')");
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->external_catalogs.scope, ExternalCatalogs::Scope::kAll);
  EXPECT_EQ(all->label.value, "cat_snap");
  EXPECT_EQ(all->properties.Find("timeout"), "3600");

  auto listed = ParseAs<BackupStmt>("BACKUP EXTERNAL CATALOGS (hive1, iceberg2) SNAPSHOT s TO repo");
  ASSERT_NE(listed, nullptr);
  EXPECT_EQ(listed->external_catalogs.scope, ExternalCatalogs::Scope::kListed);
  ASSERT_EQ(listed->external_catalogs.catalogs.size(), 2u);
  EXPECT_EQ(listed->external_catalogs.catalogs[1].name.value, "iceberg2");

  auto one = ParseAs<BackupStmt>("BACKUP EXTERNAL CATALOG (hive1) SNAPSHOT s TO repo");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->external_catalogs.catalogs.size(), 1u);
}

TEST(ParserTest, KeywordsAreCaseInsensitiveAndNamesKeepTheirCase) {
  auto s = ParseAs<BackupStmt>("bAcKuP sNaPsHoT MyDb.MyLabel To MyRepo oN (MyTbl pArTiTiOn (P1)) pRoPeRtIeS ('Type'='Full')");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->label_db->value, "MyDb");
  EXPECT_EQ(s->label.value, "MyLabel");
  EXPECT_EQ(s->repository.value, "MyRepo");
  EXPECT_EQ(s->objects[0].partitions.names[0].value, "P1");
  EXPECT_EQ(s->properties.entries[0].key, "Type");
  EXPECT_EQ(s->properties.entries[0].value, "Full");
}

TEST(ParserTest, NonReservedKeywordsAreNames) {
  auto s = ParseAs<BackupStmt>("BACKUP SNAPSHOT backup.snapshot TO repository ON (views, restore PARTITION (partitions))");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->label_db->value, "backup");
  EXPECT_EQ(s->label.value, "snapshot");
  EXPECT_EQ(s->repository.value, "repository");
  EXPECT_EQ(s->objects[0].kind, BackupObjectKind::kTable);
  EXPECT_EQ(Names(s->objects[0].name), std::vector<std::string>{"views"});
  EXPECT_EQ(s->objects[1].partitions.names[0].value, "partitions");
}

TEST(ParserTest, BackquotedNamesWithEscapedBackquotes) {
  auto s = ParseAs<BackupStmt>("BACKUP SNAPSHOT `my db`.`a``b` TO `table` ON (`select`)");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->label_db->value, "my db");
  EXPECT_EQ(s->label.value, "a`b");
  EXPECT_EQ(s->repository.value, "table");
  EXPECT_EQ(s->objects[0].name[0].value, "select");
}

TEST(ParserTest, StringsWithEscapesInBothQuoteStyles) {
  auto s = ParseAs<BackupStmt>(R"(BACKUP SNAPSHOT l TO r PROPERTIES ('a\'b' = "c\"d", 'e''f' = "tab\there", "k" = ''))");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->properties.entries.size(), 3u);
  EXPECT_EQ(s->properties.entries[0].key, "a'b");
  EXPECT_EQ(s->properties.entries[0].value, "c\"d");
  EXPECT_EQ(s->properties.entries[1].key, "e'f");
  EXPECT_EQ(s->properties.entries[1].value, "tab\there");
  EXPECT_EQ(s->properties.entries[2].value, "");
}

TEST(ParserTest, PropertiesKeepOrderAndDuplicates) {
  auto s = ParseAs<BackupStmt>(R"(BACKUP SNAPSHOT l TO r PROPERTIES ("z" = "1", "a" = "2", "z" = "3"))");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->properties.entries.size(), 3u);
  EXPECT_EQ(s->properties.entries[0].key, "z");
  EXPECT_EQ(s->properties.entries[1].key, "a");
  EXPECT_EQ(s->properties.entries[2].value, "3");
  EXPECT_EQ(s->properties.Find("z"), "1");
  EXPECT_EQ(s->properties.Find("Z"), std::nullopt);
}

TEST(ParserTest, CommentsWhitespaceAndTrailingSemicolon) {
  auto s = ParseAs<BackupStmt>(
      "-- leading comment\n# hash comment\n/* block\n comment */ BACKUP /* inline */ SNAPSHOT\n\tdb.l -- tail\n TO r ;  "
      "-- after");
  ASSERT_NE(s, nullptr);
  ExpectPos(s->pos(), 4, 12);
  ExpectPos(s->label_db->pos, 5, 1);
  ExpectPos(s->repository.pos, 6, 4);
}

TEST(ParserTest, NonAsciiNamesAndPositionsInCodePoints) {
  auto s = ParseAs<BackupStmt>("BACKUP SNAPSHOT 数据库.快照 TO r");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->label_db->value, "数据库");
  EXPECT_EQ(s->label.value, "快照");
  ExpectPos(s->label.pos, 1, 20);
  ExpectPos(s->repository.pos, 1, 26);
}

TEST(ParserTest, OriginShiftsPositions) {
  auto parsed = Parse("SHOW\nBACKUP FROM db", ParseOptions{SourcePos{10, 7}});
  ASSERT_TRUE(parsed.ok());
  auto& s = static_cast<ShowJobsStmt&>(**parsed);
  ExpectPos(s.pos(), 10, 7);
  ExpectPos(s.database->pos, 11, 12);
}

// ---- RESTORE ---------------------------------------------------------------------------------

TEST(ParserTest, RestoreWithEverything) {
  auto s = ParseAs<RestoreStmt>(
      "RESTORE SNAPSHOT snap FROM repo DATABASE src AS dst ON (t1 PARTITION (p1) AS t1_new, MATERIALIZED VIEW mv AS "
      "mv2, VIEW v AS v2, FUNCTION f AS g, ALL TABLES) PROPERTIES (\"backup_timestamp\" = "
      "\"2018-05-04-16-45-08-001\", \"replication_num\" = \"1\")");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->label_db.has_value());
  EXPECT_EQ(s->label.value, "snap");
  EXPECT_EQ(s->repository.value, "repo");
  EXPECT_EQ(s->database->value, "src");
  EXPECT_EQ(s->database_alias->value, "dst");
  ASSERT_EQ(s->objects.size(), 5u);
  EXPECT_EQ(s->objects[0].alias->value, "t1_new");
  EXPECT_EQ(s->objects[0].partitions.names[0].value, "p1");
  EXPECT_EQ(s->objects[1].kind, BackupObjectKind::kMaterializedView);
  EXPECT_EQ(s->objects[1].alias->value, "mv2");
  EXPECT_EQ(s->objects[3].kind, BackupObjectKind::kFunction);
  EXPECT_EQ(s->objects[3].alias->value, "g");
  EXPECT_TRUE(s->objects[4].all);
  EXPECT_EQ(s->properties.Find("backup_timestamp"), "2018-05-04-16-45-08-001");
}

TEST(ParserTest, RestoreQualifiedLabelAndExternalCatalogs) {
  auto s = ParseAs<RestoreStmt>("RESTORE SNAPSHOT db1.snap FROM repo ON (t)");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->label_db->value, "db1");

  auto c = ParseAs<RestoreStmt>("RESTORE SNAPSHOT cs FROM repo EXTERNAL CATALOGS (hive AS hive2, ice)");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->external_catalogs.catalogs.size(), 2u);
  EXPECT_EQ(c->external_catalogs.catalogs[0].alias->value, "hive2");
  EXPECT_FALSE(c->external_catalogs.catalogs[1].alias.has_value());

  auto a = ParseAs<RestoreStmt>("RESTORE SNAPSHOT cs FROM repo ALL EXTERNAL CATALOGS");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->external_catalogs.scope, ExternalCatalogs::Scope::kAll);
}

// ---- CANCEL / SHOW ---------------------------------------------------------------------------

TEST(ParserTest, CancelBackupForms) {
  auto a = ParseAs<CancelJobStmt>("CANCEL BACKUP");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind(), StatementKind::kCancelBackup);
  EXPECT_FALSE(a->database.has_value());
  auto b = ParseAs<CancelJobStmt>("CANCEL BACKUP FROM db1");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->database->value, "db1");
  auto c = ParseAs<CancelJobStmt>("CANCEL BACKUP IN db2");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->database->value, "db2");
  auto d = ParseAs<CancelJobStmt>("CANCEL BACKUP FOR EXTERNAL CATALOG");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->for_external_catalog);
}

TEST(ParserTest, CancelRestoreForms) {
  auto a = ParseAs<CancelJobStmt>("CANCEL RESTORE FROM db1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind(), StatementKind::kCancelRestore);
  EXPECT_TRUE(a->is_restore());
  auto b = ParseAs<CancelJobStmt>("cancel restore for external catalog");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->for_external_catalog);
}

TEST(ParserTest, ShowBackupWithFilter) {
  auto s = ParseAs<ShowJobsStmt>(
      "SHOW BACKUP IN db WHERE SnapshotName = 'l1' AND State <> \"CANCELLED\" OR JobId >= -5 ORDER BY CreateTime "
      "DESC, JobId ASC LIMIT 10 OFFSET 20");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->kind(), StatementKind::kShowBackup);
  EXPECT_EQ(s->database->value, "db");
  ASSERT_TRUE(s->filter.where.has_value());
  const Expr& w = *s->filter.where;
  ASSERT_EQ(w.kind, ExprKind::kOr);
  ASSERT_EQ(w.children.size(), 2u);
  EXPECT_EQ(w.children[0].kind, ExprKind::kAnd);
  EXPECT_EQ(w.children[0].children[1].op, CompareOp::kNe);
  EXPECT_EQ(w.children[1].op, CompareOp::kGe);
  EXPECT_EQ(w.children[1].children[1].text, "-5");
  ASSERT_EQ(s->filter.order_by.size(), 2u);
  EXPECT_TRUE(s->filter.order_by[0].descending);
  EXPECT_EQ(s->filter.order_by[0].expr.text, "CreateTime");
  EXPECT_FALSE(s->filter.order_by[1].descending);
  EXPECT_EQ(s->filter.limit->limit, 10u);
  EXPECT_EQ(s->filter.limit->offset, 20u);
}

TEST(ParserTest, ShowLimitCommaFormMeansOffsetThenCount) {
  auto s = ParseAs<ShowJobsStmt>("SHOW RESTORE LIMIT 5, 10");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->kind(), StatementKind::kShowRestore);
  EXPECT_EQ(s->filter.limit->offset, 5u);
  EXPECT_EQ(s->filter.limit->limit, 10u);
  EXPECT_EQ(s->ToSql(), "SHOW RESTORE LIMIT 10 OFFSET 5");
}

TEST(ParserTest, PredicateForms) {
  auto s = ParseAs<ShowJobsStmt>(
      "SHOW BACKUP WHERE NOT a IN ('x', 1) AND b NOT IN (NULL) AND c LIKE 'p%' AND d NOT LIKE \"q\" AND e IS NULL AND "
      "f IS NOT NULL AND NOT NOT (g < 1 OR h <= 2 OR i > 3) AND j != 4 AND k = l");
  ASSERT_NE(s, nullptr);
  const Expr& w = *s->filter.where;
  ASSERT_EQ(w.kind, ExprKind::kAnd);
  ASSERT_EQ(w.children.size(), 9u);
  EXPECT_EQ(w.children[0].kind, ExprKind::kNot);
  EXPECT_EQ(w.children[0].children[0].kind, ExprKind::kIn);
  EXPECT_EQ(w.children[0].children[0].children.size(), 3u);
  EXPECT_EQ(w.children[1].kind, ExprKind::kIn);
  EXPECT_TRUE(w.children[1].negated);
  EXPECT_EQ(w.children[1].children[1].kind, ExprKind::kNull);
  EXPECT_EQ(w.children[2].kind, ExprKind::kLike);
  EXPECT_FALSE(w.children[2].negated);
  EXPECT_TRUE(w.children[3].negated);
  EXPECT_EQ(w.children[4].kind, ExprKind::kIsNull);
  EXPECT_FALSE(w.children[4].negated);
  EXPECT_TRUE(w.children[5].negated);
  EXPECT_EQ(w.children[6].kind, ExprKind::kNot);
  EXPECT_EQ(w.children[6].children[0].kind, ExprKind::kNot);
  EXPECT_EQ(w.children[6].children[0].children[0].kind, ExprKind::kOr);
  EXPECT_EQ(w.children[7].op, CompareOp::kNe);
  EXPECT_EQ(w.children[8].children[1].kind, ExprKind::kColumn);
}

TEST(ParserTest, LongAndChainIsFlat) {
  std::string sql = "SHOW BACKUP WHERE a = 0";
  for (int i = 1; i < 5000; ++i) sql += " AND a = " + std::to_string(i);
  auto s = ParseAs<ShowJobsStmt>(sql);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->filter.where->children.size(), 5000u);
}

TEST(ParserTest, ShowSnapshotWhereForms) {
  auto a = ParseAs<ShowSnapshotStmt>("SHOW SNAPSHOT ON repo");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->repository.value, "repo");
  EXPECT_FALSE(a->where.has_value());

  auto b = ParseAs<ShowSnapshotStmt>(
      "SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'backup1' AND TIMESTAMP = '2018-04-18-19-19-10'");
  ASSERT_NE(b, nullptr);
  ASSERT_EQ(b->where->kind, ExprKind::kAnd);
  EXPECT_EQ(b->where->children[0].children[0].text, "SNAPSHOT");
  EXPECT_EQ(b->where->children[0].children[1].text, "backup1");
  EXPECT_EQ(b->where->children[1].children[0].text, "TIMESTAMP");

  auto c = ParseAs<ShowSnapshotStmt>("SHOW SNAPSHOT ON repo WHERE SNAPSHOT IN ('a', 'b')");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->where->kind, ExprKind::kIn);
  EXPECT_EQ(c->where->children.size(), 3u);
}

// ---- repositories and snapshots --------------------------------------------------------------

TEST(ParserTest, CreateRepositoryForms) {
  auto a = ParseAs<CreateRepositoryStmt>(R"(CREATE REPOSITORY r WITH BROKER ON LOCATION "file:///data/backup")");
  ASSERT_NE(a, nullptr);
  EXPECT_FALSE(a->read_only);
  EXPECT_EQ(a->name.value, "r");
  EXPECT_FALSE(a->broker.has_value());
  EXPECT_EQ(a->location, "file:///data/backup");
  EXPECT_TRUE(a->properties.empty());

  auto b = ParseAs<CreateRepositoryStmt>(
      "CREATE READ ONLY REPOSITORY s3_repo WITH BROKER my_broker ON LOCATION 's3://bucket/prefix' PROPERTIES "
      "('aws.s3.access_key' = 'AK', 'aws.s3.secret_key' = 'SK', 'aws.s3.endpoint' = 'http://127.0.0.1:9000')");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->read_only);
  EXPECT_EQ(b->broker->value, "my_broker");
  EXPECT_EQ(b->properties.entries.size(), 3u);
  EXPECT_EQ(b->properties.Find("aws.s3.secret_key"), "SK");

  auto c = ParseAs<CreateRepositoryStmt>("CREATE REPOSITORY r WITH BROKER 'hdfs broker' ON LOCATION 'hdfs://h/p'");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->broker->value, "hdfs broker");
}

TEST(ParserTest, DropAndShowRepositoriesAndDropSnapshot) {
  auto a = ParseAs<DropRepositoryStmt>("DROP REPOSITORY `r1`");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name.value, "r1");
  auto b = ParseAs<ShowRepositoriesStmt>("show repositories;");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->kind(), StatementKind::kShowRepositories);
  auto c = ParseAs<DropSnapshotStmt>("DROP SNAPSHOT snap1 ON repo1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->label.value, "snap1");
  EXPECT_EQ(c->repository.value, "repo1");
  EXPECT_FALSE(c->force);
  auto d = ParseAs<DropSnapshotStmt>("DROP SNAPSHOT snap1 ON repo1 FORCE");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->force);
}

// ---- equality --------------------------------------------------------------------------------

TEST(ParserTest, EqualityIgnoresPositionsButNotContent) {
  auto a = Parse("BACKUP SNAPSHOT db.l TO r");
  auto b = Parse("\n\n   backup    snapshot   db . l   to r ;");
  auto c = Parse("BACKUP SNAPSHOT db.l2 TO r");
  auto d = Parse("BACKUP DATABASE db SNAPSHOT l TO r");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
  EXPECT_TRUE(**a == **b);
  EXPECT_FALSE(**a == **c);
  EXPECT_FALSE(**a == **d);  // same meaning, different form: the AST keeps the form
  auto e = Parse("CANCEL BACKUP FROM db");
  auto f = Parse("CANCEL RESTORE FROM db");
  ASSERT_TRUE(e.ok() && f.ok());
  EXPECT_FALSE(**e == **f);
}

// ---- concurrency -----------------------------------------------------------------------------

TEST(ParserTest, ConcurrentParsesGiveTheSameResults) {
  const std::vector<std::string> statements = {
      "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2)",
      "RESTORE SNAPSHOT s FROM r DATABASE d AS e ON (t AS u) PROPERTIES ('backup_timestamp' = 'x')",
      "SHOW BACKUP FROM db WHERE a = 1 AND (b LIKE 'x' OR c NOT IN (1, 2)) ORDER BY a DESC LIMIT 3",
      "RESTORE SNAPSHOT db.label FORM repo",
      "SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'a' AND TIMESTAMP = 'b'",
      "CREATE READ ONLY REPOSITORY r WITH BROKER ON LOCATION 'x'",
  };
  auto render = [](const std::string& sql) {
    auto parsed = Parse(sql);
    return parsed.ok() ? (*parsed)->ToSql() : parsed.status().message();
  };
  std::vector<std::string> expected;
  for (const std::string& sql : statements) expected.push_back(render(sql));

  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        size_t k = static_cast<size_t>(i + t) % statements.size();
        if (render(statements[k]) != expected[k]) ++mismatches[static_cast<size_t>(t)];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace feb::sql
