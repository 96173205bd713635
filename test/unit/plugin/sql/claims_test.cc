#include "plugin/src/sql/claims.h"

#include <gtest/gtest.h>

namespace feb::sql {
namespace {

TEST(ClaimsTest, ClaimsEveryStatementOfTheModule) {
  for (const char* sql : {
           "BACKUP SNAPSHOT db.l TO r",
           "backup database d snapshot l to r",
           "RESTORE SNAPSHOT db.l FROM r",
           "CANCEL BACKUP",
           "cancel restore from db",
           "SHOW BACKUP",
           "show restore",
           "SHOW SNAPSHOT ON r",
           "SHOW REPOSITORIES",
           "CREATE REPOSITORY r WITH BROKER ON LOCATION 'x'",
           "create read only repository r with broker on location 'x'",
           "CREATE  READ\n ONLY\tREPOSITORY r",
           "DROP REPOSITORY r",
           "DROP SNAPSHOT l ON r",
           "BACKUP",        // claimed: the module reports the syntax error
           "BACKUP;",
           "restore(",
       }) {
    EXPECT_TRUE(Claims(sql)) << sql;
  }
}

TEST(ClaimsTest, SkipsWhitespaceAndEveryCommentStyle) {
  EXPECT_TRUE(Claims("  \n\t BACKUP SNAPSHOT l TO r"));
  EXPECT_TRUE(Claims("-- a comment\nBACKUP SNAPSHOT l TO r"));
  EXPECT_TRUE(Claims("# a comment\nSHOW BACKUP"));
  EXPECT_TRUE(Claims("/* a\ncomment */ SHOW /* inner */ SNAPSHOT ON r"));
  EXPECT_TRUE(Claims("/*+ hint */CANCEL -- x\n BACKUP"));
}

TEST(ClaimsTest, DeclinesEverythingElse) {
  for (const char* sql : {
           "",
           "   ",
           "-- only a comment",
           "/* unterminated",
           "SELECT 1",
           "SHOW DATABASES",
           "SHOW BACKUPS",
           "BACKUPS",
           "BACKUPX SNAPSHOT",
           "CREATE TABLE t (a INT)",
           "CREATE READ REPOSITORY r",
           "CREATE READ ONLY TABLE t",
           "DROP TABLE t",
           "DROP DATABASE backup",
           "CANCEL LOAD FROM db",
           "CANCEL",
           "SHOW",
           "INSERT INTO backup VALUES (1)",
           "`BACKUP` SNAPSHOT l TO r",
           "'BACKUP'",
       }) {
    EXPECT_FALSE(Claims(sql)) << sql;
  }
}

}  // namespace
}  // namespace feb::sql
