// SqlParser: the one entry point to the frontend's grammar (ANTLR stays inside sql_parser.cc).
// Parse() turns one statement into a FrontendStatement, or a kSyntaxError Status (errno 1064)
// whose message is StarRocks' "Getting syntax error at line L, column C. Detail message: ...".
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status/result.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class SqlParser {
 public:
  static Result<FrontendStatement> Parse(std::string_view sql);
  // Removes the quotes and resolves backslash escapes and doubled quotes of a string token.
  static std::string Unquote(std::string_view token);
};

}  // namespace feb::frontend
