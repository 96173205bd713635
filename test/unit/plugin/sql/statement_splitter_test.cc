#include "plugin/src/sql/statement_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace feb::sql {
namespace {

std::vector<std::string> Texts(std::string_view script) {
  std::vector<std::string> out;
  for (const StatementSlice& s : SplitStatements(script)) out.emplace_back(s.text);
  return out;
}

TEST(StatementSplitterTest, SplitsAtSemicolons) {
  EXPECT_EQ(Texts("SHOW BACKUP; SHOW RESTORE;\nSHOW REPOSITORIES"),
            (std::vector<std::string>{"SHOW BACKUP", "SHOW RESTORE", "SHOW REPOSITORIES"}));
}

TEST(StatementSplitterTest, IgnoresSemicolonsInQuotesAndComments) {
  EXPECT_EQ(Texts("CREATE REPOSITORY r WITH BROKER ON LOCATION 'a;b'; DROP REPOSITORY `x;y`"),
            (std::vector<std::string>{"CREATE REPOSITORY r WITH BROKER ON LOCATION 'a;b'", "DROP REPOSITORY `x;y`"}));
  EXPECT_EQ(Texts("SHOW BACKUP -- a; b\n WHERE a = \"x\\\";\" # c;\n; SHOW /* ; */ RESTORE"),
            (std::vector<std::string>{"SHOW BACKUP -- a; b\n WHERE a = \"x\\\";\" # c;", "SHOW /* ; */ RESTORE"}));
  EXPECT_EQ(Texts("SHOW BACKUP WHERE a = 'it''s;'"), (std::vector<std::string>{"SHOW BACKUP WHERE a = 'it''s;'"}));
}

TEST(StatementSplitterTest, SkipsEmptyAndCommentOnlyPieces) {
  EXPECT_TRUE(Texts("").empty());
  EXPECT_TRUE(Texts(" ;; \n ; -- nothing\n /* here */ ;").empty());
  EXPECT_EQ(Texts(";;SHOW BACKUP;;"), (std::vector<std::string>{"SHOW BACKUP"}));
}

TEST(StatementSplitterTest, GivesWhereEachStatementStarts) {
  std::vector<StatementSlice> s = SplitStatements("SHOW BACKUP; SHOW RESTORE;\n\n  -- c\n  DROP REPOSITORY r");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].origin.line, 1);
  EXPECT_EQ(s[0].origin.column, 0);
  EXPECT_EQ(s[1].origin.line, 1);
  EXPECT_EQ(s[1].origin.column, 13);
  EXPECT_EQ(s[2].origin.line, 4);
  EXPECT_EQ(s[2].origin.column, 2);
}

TEST(StatementSplitterTest, UnterminatedQuoteRunsToTheEnd) {
  EXPECT_EQ(Texts("SHOW BACKUP WHERE a = 'x; SHOW RESTORE"),
            (std::vector<std::string>{"SHOW BACKUP WHERE a = 'x; SHOW RESTORE"}));
}

}  // namespace
}  // namespace feb::sql
