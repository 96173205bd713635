// Parse(ToSql(x)) == x for every form the grammar accepts, and ToSql is a fixed point.
#include <gtest/gtest.h>

#include "plugin/src/sql/parser.h"

namespace feb::sql {
namespace {

const char* const kStatements[] = {
    // BACKUP
    R"(BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES ("type" = "full"))",
    "BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl)",
    "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2);",
    "BACKUP SNAPSHOT label TO repo",
    "BACKUP DATABASE db SNAPSHOT label TO repo ON (ALL TABLES, ALL MATERIALIZED VIEWS, ALL VIEWS, ALL FUNCTIONS)",
    "BACKUP DATABASE `db x` SNAPSHOT `la``bel` TO `re po` ON (TABLE `t``1` TEMPORARY PARTITIONS (`p 1`, 'p2'))",
    "BACKUP SNAPSHOT d.l TO r ON (t PARTITION p1, MATERIALIZED VIEW d.mv, VIEWS v, FUNCTION f, TABLES d2.t2)",
    "BACKUP SNAPSHOT d.l TO r ON (`table`, `select`, views, snapshot, `1abc`, 数据)",
    R"(BACKUP SNAPSHOT d.l TO r PROPERTIES ('type' = 'full', "timeout" = '86400', 'q' = 'it''s', "e" = "a\"b\\c\n"))",
    "BACKUP ALL EXTERNAL CATALOGS SNAPSHOT cs TO r",
    "BACKUP EXTERNAL CATALOG (c1) SNAPSHOT cs TO r PROPERTIES ('timeout' = '3600')",
    "BACKUP EXTERNAL CATALOGS (c1, `c 2`) SNAPSHOT cs TO r",
    // RESTORE
    "RESTORE SNAPSHOT snap FROM repo",
    "RESTORE SNAPSHOT db.snap FROM repo ON (t1 PARTITION (p1) AS t2, MATERIALIZED VIEW mv AS mv2) "
    "PROPERTIES ('backup_timestamp' = '2018-05-04-16-45-08-001')",
    "RESTORE SNAPSHOT snap FROM repo DATABASE src AS dst ON (ALL TABLES, VIEW v AS w, FUNCTION f AS g)",
    "RESTORE SNAPSHOT snap FROM repo DATABASE src",
    "RESTORE SNAPSHOT snap FROM repo ALL EXTERNAL CATALOGS",
    "RESTORE SNAPSHOT snap FROM repo EXTERNAL CATALOGS (c1 AS c2, c3)",
    "RESTORE SNAPSHOT snap FROM repo EXTERNAL CATALOG (c1)",
    // CANCEL
    "CANCEL BACKUP",
    "CANCEL BACKUP FROM db",
    "CANCEL BACKUP IN db",
    "CANCEL BACKUP FOR EXTERNAL CATALOG",
    "CANCEL RESTORE FROM db",
    "CANCEL RESTORE FOR EXTERNAL CATALOG",
    // SHOW BACKUP / RESTORE
    "SHOW BACKUP",
    "SHOW BACKUP FROM db",
    "SHOW RESTORE IN db",
    "SHOW BACKUP WHERE SnapshotName = 'a'",
    "SHOW BACKUP FROM db WHERE a = 1 AND (b = 2 OR c = 3) AND NOT d LIKE 'x%' ORDER BY a DESC, b LIMIT 3",
    "SHOW BACKUP WHERE (a = 1 AND b = 2) AND c = 3 OR ((d = 4))",
    "SHOW BACKUP WHERE NOT NOT (a = 1 OR b = 2) AND NOT (c IN (1, 'x', NULL, -7))",
    "SHOW BACKUP WHERE a NOT IN ('x') OR b NOT LIKE 'y' OR c IS NULL OR d IS NOT NULL OR e <> f OR g != h",
    "SHOW BACKUP WHERE a < 1 OR a <= 2 OR a > 3 OR a >= 4 OR `where` = 'it''s'",
    "SHOW BACKUP WHERE a",
    "SHOW RESTORE WHERE State = 'FINISHED' ORDER BY CreateTime LIMIT 5, 10",
    "SHOW RESTORE LIMIT 1 OFFSET 2",
    "SHOW BACKUP ORDER BY 1 DESC",
    // SHOW SNAPSHOT
    "SHOW SNAPSHOT ON repo",
    "SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'backup1'",
    "SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'backup1' AND TIMESTAMP = '2018-04-18-19-19-10'",
    "SHOW SNAPSHOT ON repo WHERE SNAPSHOT IN ('a', 'b')",
    // repositories, snapshots
    R"(CREATE REPOSITORY r WITH BROKER ON LOCATION "file:///tmp/repo")",
    "CREATE READ ONLY REPOSITORY r WITH BROKER b ON LOCATION 's3://bucket/p' PROPERTIES ('aws.s3.access_key' = 'k')",
    "CREATE REPOSITORY `r-1` WITH BROKER 'broker name' ON LOCATION 'hdfs://h:9000/p'",
    "DROP REPOSITORY r",
    "DROP REPOSITORY `repository`",
    "SHOW REPOSITORIES",
    "DROP SNAPSHOT s ON r",
    "DROP SNAPSHOT `s``1` ON r FORCE",
};

class RoundTripTest : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTripTest, ParseOfToSqlIsEqualAndToSqlIsStable) {
  auto first = Parse(GetParam());
  ASSERT_TRUE(first.ok()) << GetParam() << "\n" << first.status();
  std::string sql = (*first)->ToSql();
  auto second = Parse(sql);
  ASSERT_TRUE(second.ok()) << sql << "\n" << second.status();
  EXPECT_TRUE(**first == **second) << GetParam() << "\nprinted as\n" << sql << "\nreprinted as\n" << (*second)->ToSql();
  EXPECT_EQ((*second)->ToSql(), sql);
  EXPECT_EQ((*second)->kind(), (*first)->kind());
}

INSTANTIATE_TEST_SUITE_P(EveryForm, RoundTripTest, ::testing::ValuesIn(kStatements));

}  // namespace
}  // namespace feb::sql
