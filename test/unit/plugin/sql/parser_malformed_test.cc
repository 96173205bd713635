// Bad input never crashes Parse(): every case ends in a clean error.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "common/status/mysql_error.h"
#include "plugin/src/sql/parser.h"

namespace feb::sql {
namespace {

void ExpectSyntaxError(std::string_view sql, std::string_view expected_part) {
  auto parsed = Parse(sql);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(ToMysqlError(parsed.status()).code, 1064);
  EXPECT_NE(parsed.status().message().find(expected_part), std::string::npos) << parsed.status().message();
}

TEST(ParserMalformedTest, EmptyAndBlankInput) {
  ExpectSyntaxError("", "Getting syntax error at line 1, column 0. Detail message: Unexpected input '<EOF>'");
  ExpectSyntaxError("   \n\t ", "Unexpected input '<EOF>'");
  ExpectSyntaxError("-- only a comment", "Unexpected input '<EOF>'");
  ExpectSyntaxError(";", "Unexpected input ';'");
}

TEST(ParserMalformedTest, ExpectedStatementsAreListed) {
  ExpectSyntaxError("SELECT 1", "Unexpected input 'SELECT', the most similar input is {'CREATE', 'RESTORE', 'SHOW', ");
}

TEST(ParserMalformedTest, InputLongerThanTheLimitSaysItsSize) {
  std::string sql = "SHOW BACKUP WHERE a = '" + std::string(kMaxStatementBytes, 'x') + "'";
  auto parsed = Parse(sql);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kResourceExhausted);
  MysqlError e = ToMysqlError(parsed.status());
  EXPECT_EQ(e.code, 1064);
  EXPECT_EQ(e.sqlstate, "42000");
  EXPECT_EQ(parsed.status().message(),
            "Getting syntax error. Detail message: Statement is too long: " + std::to_string(sql.size()) +
                " bytes, the limit is 1048576 bytes.");
}

TEST(ParserMalformedTest, InputJustUnderTheLimitIsParsed) {
  std::string sql = "SHOW BACKUP WHERE a = ''";
  sql.insert(sql.size() - 1, std::string(kMaxStatementBytes - sql.size(), 'x'));
  ASSERT_EQ(sql.size(), kMaxStatementBytes);
  EXPECT_TRUE(Parse(sql).ok());
}

TEST(ParserMalformedTest, OneMegabyteOfGarbage) {
  std::mt19937 rng(42);
  std::string sql(kMaxStatementBytes, ' ');
  for (char& c : sql) c = static_cast<char>(0x20 + rng() % 0x5F);  // printable ASCII
  auto parsed = Parse(sql);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kSyntaxError);
}

TEST(ParserMalformedTest, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string sql(rng() % 200, ' ');
    for (char& c : sql) c = static_cast<char>(rng() % 256);
    auto parsed = Parse(sql);
    if (!parsed.ok()) {
      EXPECT_NE(parsed.status().code(), StatusCode::kInternal) << parsed.status();
    }
  }
}

TEST(ParserMalformedTest, MutatedStatementsNeverCrash) {
  const std::string base =
      "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2) "
      "PROPERTIES ('type' = 'full')";
  std::mt19937 rng(11);
  const std::string alphabet = "(),.;'\"`-#/*= \nab";
  for (int i = 0; i < 3000; ++i) {
    std::string sql = base;
    for (int k = 0; k < 3; ++k) {
      size_t at = rng() % sql.size();
      switch (rng() % 3) {
        case 0: sql.erase(at, 1 + rng() % 5); break;
        case 1: sql.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: sql[at] = alphabet[rng() % alphabet.size()];
      }
      if (sql.empty()) sql.push_back('x');
    }
    auto parsed = Parse(sql);
    if (parsed.ok()) {
      auto again = Parse((*parsed)->ToSql());
      ASSERT_TRUE(again.ok()) << sql << "\n" << (*parsed)->ToSql() << "\n" << again.status();
      EXPECT_TRUE(**parsed == **again) << sql;
    } else {
      EXPECT_NE(parsed.status().code(), StatusCode::kInternal) << parsed.status();
    }
  }
}

TEST(ParserMalformedTest, DeepParenthesesAreRejectedNotRecursed) {
  std::string sql = "SHOW BACKUP WHERE " + std::string(100000, '(');
  ExpectSyntaxError(sql, "Detail message: The statement nests parentheses and NOT more than 100 levels deep.");
  ExpectSyntaxError(std::string(100000, '('), "more than 100 levels deep");
  std::string closed = "SHOW BACKUP WHERE " + std::string(100000, '(') + "a = 1" + std::string(100000, ')');
  ExpectSyntaxError(closed, "more than 100 levels deep");
}

TEST(ParserMalformedTest, DeepNotChainIsRejected) {
  std::string sql = "SHOW BACKUP WHERE ";
  for (int i = 0; i < 100000; ++i) sql += "NOT ";
  sql += "a = 1";
  ExpectSyntaxError(sql, "more than 100 levels deep");
}

TEST(ParserMalformedTest, NestingUpToTheLimitParses) {
  std::string sql = "SHOW BACKUP WHERE " + std::string(kMaxNestingDepth, '(') + "a = 1" +
                    std::string(kMaxNestingDepth, ')');
  auto parsed = Parse(sql);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(Parse((*parsed)->ToSql()).ok());
}

TEST(ParserMalformedTest, NulByteIsAnError) {
  std::string sql = std::string("SHOW BACKUP\0 x", 14);
  auto parsed = Parse(sql);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "Getting syntax error at line 1, column 11. Detail message: Unexpected NUL byte (0x00).\n"
            "SHOW BACKUP\\0 x\n"
            "           ^");
}

TEST(ParserMalformedTest, InvalidUtf8IsAnError) {
  ExpectSyntaxError("SHOW BACKUP FROM \xff", "at line 1, column 17. Detail message: Invalid UTF-8 byte 0xFF.");
  ExpectSyntaxError("SHOW BACKUP FROM \xc3", "Invalid UTF-8 byte 0xC3");        // truncated sequence
  ExpectSyntaxError("SHOW BACKUP FROM \xc0\xaf", "Invalid UTF-8 byte 0xC0");    // overlong
  ExpectSyntaxError("SHOW BACKUP FROM \xed\xa0\x80", "Invalid UTF-8 byte 0xED");  // surrogate
  ExpectSyntaxError("SHOW BACKUP FROM \xf4\x90\x80\x80", "Invalid UTF-8 byte 0xF4");  // > U+10FFFF
  ExpectSyntaxError("数据\n库 \xfe", "at line 2, column 2.");
}

TEST(ParserMalformedTest, UnterminatedQuotesAndComments) {
  ExpectSyntaxError("SHOW BACKUP WHERE a = 'abc", "Unexpected input '''");
  ExpectSyntaxError("DROP REPOSITORY `abc", "Unexpected input '`'");
  ExpectSyntaxError("SHOW BACKUP /* never closed", "Unexpected input '/'");
}

TEST(ParserMalformedTest, HugeTokenIsAbbreviatedInTheMessage) {
  std::string sql = "SHOW BACKUP " + std::string(100000, 'x');
  auto parsed = Parse(sql);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.status().message().size(), 1000u);
  EXPECT_NE(parsed.status().message().find("xxx...'"), std::string::npos);
}

}  // namespace
}  // namespace feb::sql
