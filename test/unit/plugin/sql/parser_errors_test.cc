// Syntax errors: codes, the StarRocks wording, positions, and the statement rules StarRocks
// enforces while parsing. (Many more exact texts are in golden/syntax_errors.txt.)
#include <gtest/gtest.h>

#include "common/status/mysql_error.h"
#include "plugin/src/sql/parser.h"

namespace feb::sql {
namespace {

std::string ErrorOf(std::string_view sql) {
  auto parsed = Parse(sql);
  EXPECT_FALSE(parsed.ok()) << sql;
  return parsed.ok() ? "" : parsed.status().message();
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

TEST(ParserErrorsTest, SyntaxErrorIsMysql1064With42000) {
  auto parsed = Parse("BACKUP SNAPSHOT");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kSyntaxError);
  MysqlError e = ToMysqlError(parsed.status());
  EXPECT_EQ(e.code, 1064);
  EXPECT_EQ(e.sqlstate, "42000");
}

TEST(ParserErrorsTest, TheEchoedLineMasksTheSecretKeyValueAndKeepsTheCaret) {
  const std::string sql =
      R"(CREATE REPOSITORY r WITH BROKER ON LOCATION "s3://b/p" PROPERTIES ("aws.s3.access_key" = "AK", )"
      R"('AWS.S3.SECRET_KEY' = 'hunter2-ü', ))";
  std::string err = ErrorOf(sql);
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
  // one '*' per character, so the caret still points under the bad token (the ')')
  std::string masked = sql;
  masked.replace(masked.find("hunter2-ü"), std::string("hunter2-ü").size(), "*********");
  EXPECT_NE(err.find("\n" + masked + "\n"), std::string::npos) << err;
  const std::string caret = err.substr(err.rfind('\n') + 1);
  EXPECT_EQ(caret.size(), masked.size()) << err;  // the caret under the last character
  EXPECT_NE(err.find("\"AK\""), std::string::npos) << "only the secret is masked: " << err;
  // an unexpected token that is the secret itself is not echoed in the detail either
  std::string detail = ErrorOf(R"(CREATE REPOSITORY r WITH BROKER ON LOCATION "s3://b/p" PROPERTIES )"
                               R"(("aws.s3.secret_key" = "s3cr3t" "s3cr3t"))");
  EXPECT_EQ(detail.find("s3cr3t"), std::string::npos) << detail;
}

TEST(ParserErrorsTest, UnexpectedInputNamesTheMostSimilarKeyword) {
  EXPECT_EQ(ErrorOf("RESTORE SNAPSHOT db.label FORM repo"),
            "Getting syntax error at line 1, column 26. Detail message: Unexpected input 'FORM', the most similar "
            "input is {'FROM'}.\n"
            "RESTORE SNAPSHOT db.label FORM repo\n"
            "                          ^");
}

TEST(ParserErrorsTest, ExpectingANameSaysALegalIdentifier) {
  EXPECT_EQ(FirstLine(ErrorOf("BACKUP SNAPSHOT db.l TO ON (t)")),
            "Getting syntax error at line 1, column 24. Detail message: Unexpected input 'ON', the most similar input "
            "is {a legal identifier}.");
}

TEST(ParserErrorsTest, EndOfInputIsShownAsEof) {
  EXPECT_EQ(FirstLine(ErrorOf("DROP SNAPSHOT s ON")),
            "Getting syntax error at line 1, column 18. Detail message: Unexpected input '<EOF>', the most similar "
            "input is {a legal identifier}.");
}

TEST(ParserErrorsTest, TrailingInputAfterTheStatement) {
  EXPECT_EQ(FirstLine(ErrorOf("SHOW REPOSITORIES; SHOW BACKUP")),
            "Getting syntax error at line 1, column 19. Detail message: Unexpected input 'SHOW', the most similar "
            "input is {<EOF>}.");
}

TEST(ParserErrorsTest, CaretIsUnderTheColumnOnTheRightLine) {
  std::string msg = ErrorOf("SHOW BACKUP\n\tWHERE a = = 1");
  EXPECT_EQ(msg.substr(msg.find('\n')), "\n\tWHERE a = = 1\n\t          ^");
  EXPECT_NE(msg.find("at line 2, column 11."), std::string::npos) << msg;
}

TEST(ParserErrorsTest, OriginShiftsTheReportedPosition) {
  auto parsed = Parse("SHOW BACKUP x", ParseOptions{SourcePos{5, 10}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(FirstLine(parsed.status().message()).substr(0, 40), "Getting syntax error at line 5, column 2");
  EXPECT_NE(parsed.status().message().find("column 22."), std::string::npos);
}

// ---- statement rules checked while parsing (StarRocks' ParserErrorMsg texts) -----------------

TEST(ParserErrorsTest, DatabaseGivenTwiceInBackup) {
  EXPECT_EQ(FirstLine(ErrorOf("BACKUP DATABASE d SNAPSHOT d.l TO r")),
            "Getting syntax error from line 1, column 27 to line 1, column 30. Detail message: Specifying dbName "
            "before snapshot name is forbidden if the DbName is specified explicitly in BACKUP/RESTORE.");
}

TEST(ParserErrorsTest, DatabaseGivenTwiceInRestore) {
  EXPECT_NE(ErrorOf("RESTORE SNAPSHOT d.l FROM r DATABASE d").find("Specifying dbName before snapshot name is forbidden"),
            std::string::npos);
}

TEST(ParserErrorsTest, AliasInBackupIsRejected) {
  EXPECT_NE(ErrorOf("BACKUP SNAPSHOT d.l TO r ON (t AS t2)")
                .find("Detail message: Specifying alias for backup object is forbidden in BACKUP stmt."),
            std::string::npos);
  EXPECT_NE(ErrorOf("BACKUP SNAPSHOT d.l TO r ON (VIEW v AS v2)").find("alias for backup object"), std::string::npos);
  EXPECT_NE(ErrorOf("BACKUP EXTERNAL CATALOGS (c AS c2) SNAPSHOT l TO r").find("alias for backup object"),
            std::string::npos);
}

TEST(ParserErrorsTest, ExternalCatalogsRejectDatabaseAndOnList) {
  const std::string db = "Can not sepcify database name for external catalog Backup/Restore.";
  const std::string on = "Can not sepcify `ON` clause for external catalog Backup/Restore.";
  EXPECT_NE(ErrorOf("BACKUP ALL EXTERNAL CATALOGS SNAPSHOT d.l TO r").find(db), std::string::npos);
  EXPECT_NE(ErrorOf("BACKUP ALL EXTERNAL CATALOGS DATABASE d SNAPSHOT l TO r").find(db), std::string::npos);
  EXPECT_NE(ErrorOf("BACKUP EXTERNAL CATALOG (c) SNAPSHOT l TO r ON (t)").find(on), std::string::npos);
  EXPECT_NE(ErrorOf("RESTORE SNAPSHOT d.l FROM r ALL EXTERNAL CATALOGS").find(db), std::string::npos);
  EXPECT_NE(ErrorOf("RESTORE SNAPSHOT l FROM r ALL EXTERNAL CATALOGS DATABASE d").find(db), std::string::npos);
  EXPECT_NE(ErrorOf("RESTORE SNAPSHOT l FROM r EXTERNAL CATALOG (c) ON (t)").find(on), std::string::npos);
}

TEST(ParserErrorsTest, RestoreOnNeedsADatabase) {
  EXPECT_NE(ErrorOf("RESTORE SNAPSHOT l FROM r ON (t)")
                .find("`ON` clause is forbidden if no Database explicitly specified in Restore stmt."),
            std::string::npos);
}

TEST(ParserErrorsTest, CancelRestoreNeedsADatabase) {
  EXPECT_NE(ErrorOf("CANCEL RESTORE").find("No selected database for cancel BACKUP/RESTORE."), std::string::npos);
}

TEST(ParserErrorsTest, LabelWithThreeParts) {
  EXPECT_NE(ErrorOf("BACKUP SNAPSHOT a.b.c TO r").find("Invalid table name format 'a.b.c'."), std::string::npos);
}

TEST(ParserErrorsTest, LimitOverflow) {
  EXPECT_NE(ErrorOf("SHOW BACKUP LIMIT 99999999999999999999").find("Numeric overflow 99999999999999999999."),
            std::string::npos);
}

TEST(ParserErrorsTest, CreateRepositoryPropertiesNeedAPair) {
  EXPECT_NE(ErrorOf("CREATE REPOSITORY r WITH BROKER ON LOCATION 'x' PROPERTIES ()").find("Unexpected input ')'"),
            std::string::npos);
}

}  // namespace
}  // namespace feb::sql
