// Parse(): SQL text -> the module's AST. The only entry into the generated parser; no ANTLR
// type appears here.
//
// Errors are Status::SyntaxError (MySQL 1064 / SQLSTATE 42000 through mysql_error.h) with
// StarRocks' wording, followed by the offending line and a caret under the position:
//
//   Getting syntax error at line 1, column 26. Detail message: Unexpected input 'FORM', the most similar input is {'FROM'}.
//   RESTORE SNAPSHOT db.label FORM repo
//                             ^
//
// Thread-safety: Parse may be called concurrently from any number of threads.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "common/status/result.h"
#include "plugin/src/sql/source_pos.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

// Longest statement accepted, in bytes (1 MiB). Longer input fails with kResourceExhausted
// (still MySQL 1064 / 42000) whose message gives the actual size.
inline constexpr size_t kMaxStatementBytes = size_t{1} << 20;

// Deepest nesting of parentheses and NOT accepted in a statement.
inline constexpr int kMaxNestingDepth = 100;

struct ParseOptions {
  // Where `sql` starts in a larger text (e.g. a script): positions in the AST and in errors
  // are reported relative to that text. Default: the start of `sql` itself.
  SourcePos origin{1, 0};
};

// Parses exactly one statement (an optional trailing ';' is allowed; comments and whitespace
// anywhere). Never throws, never crashes on any input (empty, binary, invalid UTF-8, NUL
// bytes, deep nesting): bad input is a SyntaxError.
Result<std::unique_ptr<Statement>> Parse(std::string_view sql, const ParseOptions& options = {});

}  // namespace feb::sql
