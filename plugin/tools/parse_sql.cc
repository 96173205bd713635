// parse_sql: reads SQL on stdin and prints every statement in the module's canonical form
// (ToSql()), or its syntax error. Exit status 1 when any statement failed, 2 on bad usage.
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/mysql_error.h"
#include "plugin/src/sql/parser.h"
#include "plugin/src/sql/statement_splitter.h"

namespace {

constexpr const char* kUsage =
    "Usage: parse_sql [--lines] < statements.sql\n"
    "\n"
    "Reads SQL from stdin and prints each statement of the backup module (BACKUP, RESTORE,\n"
    "CANCEL/SHOW BACKUP and RESTORE, SHOW SNAPSHOT, CREATE/DROP/SHOW REPOSITORY, DROP SNAPSHOT)\n"
    "in canonical form followed by ';', or 'ERROR <errno> (<sqlstate>): <message>' for a\n"
    "statement that does not parse. Positions in errors count lines from 1 and columns from 0\n"
    "in the whole input.\n"
    "\n"
    "  (default)  statements are separated by ';' (not inside quotes or comments)\n"
    "  --lines    every non-blank line is one statement (a trailing ';' is allowed)\n"
    "  --help     this text\n"
    "\n"
    "Exit status: 0 when every statement parsed, 1 when any failed, 2 on bad usage.\n";

struct Piece {
  std::string_view text;
  feb::sql::SourcePos origin;
};

std::vector<Piece> SplitLines(std::string_view input) {
  std::vector<Piece> out;
  int line = 1;
  size_t begin = 0;
  while (begin <= input.size()) {
    size_t end = input.find('\n', begin);
    if (end == std::string_view::npos) end = input.size();
    std::string_view text = input.substr(begin, end - begin);
    if (text.find_first_not_of(" \t\r\f\v") != std::string_view::npos) out.push_back({text, {line, 0}});
    ++line;
    begin = end + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  bool lines = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::cout << kUsage;
      return 0;
    }
    if (std::strcmp(argv[i], "--lines") == 0) {
      lines = true;
      continue;
    }
    std::cerr << "parse_sql: unknown argument '" << argv[i] << "'\n\n" << kUsage;
    return 2;
  }

  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::vector<Piece> pieces;
  if (lines) {
    pieces = SplitLines(input);
  } else {
    for (const feb::sql::StatementSlice& s : feb::sql::SplitStatements(input)) pieces.push_back({s.text, s.origin});
  }

  bool failed = false;
  for (const Piece& piece : pieces) {
    auto parsed = feb::sql::Parse(piece.text, feb::sql::ParseOptions{piece.origin});
    if (parsed.ok()) {
      std::cout << (*parsed)->ToSql() << ";\n";
    } else {
      failed = true;
      feb::MysqlError e = feb::ToMysqlError(parsed.status());
      std::cout << "ERROR " << e.code << " (" << e.sqlstate << "): " << parsed.status().message() << "\n";
    }
  }
  std::cout.flush();
  return failed ? 1 : 0;
}
