#include "plugin/src/sql/sql_text.h"

#include <gtest/gtest.h>

#include <string>

#include "BackupSqlLexer.h"
#include "plugin/src/sql/parser.h"

namespace feb::sql {
namespace {

TEST(SqlTextTest, QuotesIdentifiersOnlyWhenNeeded) {
  EXPECT_EQ(QuoteIdentifier("example_db"), "example_db");
  EXPECT_EQ(QuoteIdentifier("_x1"), "_x1");
  EXPECT_EQ(QuoteIdentifier("Tbl"), "Tbl");
  EXPECT_EQ(QuoteIdentifier("1abc"), "`1abc`");
  EXPECT_EQ(QuoteIdentifier("my table"), "`my table`");
  EXPECT_EQ(QuoteIdentifier("a`b"), "`a``b`");
  EXPECT_EQ(QuoteIdentifier(""), "``");
  EXPECT_EQ(QuoteIdentifier("table"), "`table`");
  EXPECT_EQ(QuoteIdentifier("snapshot"), "`snapshot`");
  EXPECT_EQ(QuoteIdentifier("数据库"), "`数据库`");
}

TEST(SqlTextTest, StringsRoundTripThroughEscapes) {
  for (std::string value : {std::string("plain"), std::string("it's \"quoted\""), std::string("back\\slash"),
                            std::string("tab\tnew\nline\rcr"), std::string("nul\0byte", 8), std::string("\x1a\b"),
                            std::string("100\\% \\_"), std::string("")}) {
    EXPECT_EQ(UnquoteString(QuoteString(value, '"')), value);
    EXPECT_EQ(UnquoteString(QuoteString(value, '\'')), value);
  }
}

TEST(SqlTextTest, UnquotesMysqlEscapes) {
  EXPECT_EQ(UnquoteString(R"('a\'b')"), "a'b");
  EXPECT_EQ(UnquoteString(R"("a\"b")"), "a\"b");
  EXPECT_EQ(UnquoteString("'a''b'"), "a'b");
  EXPECT_EQ(UnquoteString("\"a\"\"b\""), "a\"b");
  EXPECT_EQ(UnquoteString(R"('\n\t\r\b\Z\\')"), "\n\t\r\b\x1a\\");
  EXPECT_EQ(UnquoteString(R"('\0')"), std::string(1, '\0'));
  EXPECT_EQ(UnquoteString(R"('\%\_')"), "\\%\\_");
  EXPECT_EQ(UnquoteString(R"('\q')"), "q");
  EXPECT_EQ(UnquoteIdentifier("`a``b`"), "a`b");
  EXPECT_EQ(UnquoteIdentifier("``"), "");
}

// The keyword table of sql_text.cc must list exactly the lexer's keywords, and `reserved` must
// match the grammar's nonReserved rule: a non-reserved keyword works as a bare name.
TEST(SqlTextTest, KeywordTableMatchesTheGrammar) {
  antlr4::ANTLRInputStream input("");
  feb_backup_sql_gen::BackupSqlLexer lexer(&input);
  const antlr4::dfa::Vocabulary& vocabulary = lexer.getVocabulary();
  int keywords = 0;
  for (size_t t = 1; t <= vocabulary.getMaxTokenType(); ++t) {
    std::string literal = vocabulary.getLiteralName(t);
    if (literal.size() < 3 || !std::isalpha(static_cast<unsigned char>(literal[1]))) continue;
    std::string word = literal.substr(1, literal.size() - 2);
    ++keywords;
    EXPECT_TRUE(IsKeyword(word)) << word;
    auto parsed = Parse("DROP REPOSITORY " + word);
    EXPECT_EQ(parsed.ok(), !IsReservedKeyword(word)) << word << ": " << parsed.status();
    // Quoted, every keyword is a name.
    EXPECT_TRUE(Parse("DROP REPOSITORY " + QuoteIdentifier(word)).ok()) << word;
  }
  EXPECT_EQ(keywords, 50);
}

}  // namespace
}  // namespace feb::sql
