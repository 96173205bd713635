// Golden syntax errors: golden/syntax_errors.txt lists statements and the exact message Parse()
// gives for each. Format: free text, then cases
//   === sql
//   <statement, one or more lines>
//   === error
//   <exact message, one or more lines>
//   ===
// To regenerate after an intended change: FEB_UPDATE_GOLDEN=1 ./build/tests/sql_test
// --gtest_filter='ParserGoldenTest.*' (then review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "plugin/src/sql/parser.h"

namespace feb::sql {
namespace {

struct Case {
  std::string sql;
  std::string error;
};

std::string GoldenPath() {
  const char* root = std::getenv("FEB_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/test/unit/plugin/sql/golden/syntax_errors.txt";
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i > 0 ? "\n" : "") + lines[i];
  return out;
}

bool Load(const std::string& path, std::string* header, std::vector<Case>* cases) {
  std::ifstream in(path);
  if (!in) return false;
  enum { kHeader, kSql, kError } state = kHeader;
  std::vector<std::string> sql, error;
  std::string line;
  while (std::getline(in, line)) {
    if (line == "=== sql") {
      state = kSql;
      sql.clear();
      error.clear();
    } else if (line == "=== error") {
      state = kError;
    } else if (line == "===") {
      cases->push_back({Join(sql), Join(error)});
      state = kSql;
      sql.clear();
    } else if (state == kHeader) {
      *header += line + "\n";
    } else {
      (state == kSql ? sql : error).push_back(line);
    }
  }
  return true;
}

std::string Actual(const std::string& sql) {
  auto parsed = Parse(sql);
  return parsed.ok() ? "(parsed: " + (*parsed)->ToSql() + ")" : parsed.status().message();
}

TEST(ParserGoldenTest, EveryStatementGivesItsExactMessage) {
  std::string header;
  std::vector<Case> cases;
  ASSERT_TRUE(Load(GoldenPath(), &header, &cases)) << "cannot read " << GoldenPath();
  ASSERT_GE(cases.size(), 30u);

  if (std::getenv("FEB_UPDATE_GOLDEN") != nullptr) {
    std::ofstream out(GoldenPath());
    out << header;
    for (const Case& c : cases) out << "=== sql\n" << c.sql << "\n=== error\n" << Actual(c.sql) << "\n===\n";
    GTEST_SKIP() << "rewrote " << GoldenPath();
  }
  for (const Case& c : cases) {
    EXPECT_EQ(Actual(c.sql), c.error) << "statement:\n" << c.sql;
  }
}

}  // namespace
}  // namespace feb::sql
