#include "plugin/src/sql/parser.h"

#include <cstdio>
#include <exception>

#include "BackupSqlLexer.h"
#include "BackupSqlParser.h"
#include "antlr4-runtime.h"
#include "common/status/mysql_error.h"
#include "plugin/src/sql/internal/ast_builder.h"
#include "plugin/src/sql/internal/case_insensitive_stream.h"
#include "plugin/src/sql/internal/syntax_error.h"
#include "plugin/src/sql/internal/syntax_error_strategy.h"
#include "plugin/src/sql/internal/utf8.h"

namespace feb::sql {

namespace {

using feb_backup_sql_gen::BackupSqlLexer;
using feb_backup_sql_gen::BackupSqlParser;

// Rejects statements that nest parentheses and NOT deeper than kMaxNestingDepth before the
// recursive-descent parser (and the AST code) would recurse that deep.
Status CheckNesting(std::string_view sql, SourcePos origin, antlr4::CommonTokenStream& tokens) {
  int parens = 0;
  int nots = 0;  // NOT tokens since the last token that is neither NOT nor '('
  for (size_t i = 0; i < tokens.size(); ++i) {
    antlr4::Token* t = tokens.get(i);
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    switch (t->getType()) {
      case BackupSqlParser::LEFT_PAREN: ++parens; break;
      case BackupSqlParser::NOT: ++nots; break;
      case BackupSqlParser::RIGHT_PAREN:
        if (parens > 0) --parens;
        nots = 0;
        break;
      default: nots = 0;
    }
    if (parens + nots > kMaxNestingDepth) {
      return internal::SyntaxErrorAt(
          sql, origin, SourcePos{static_cast<int>(t->getLine()), static_cast<int>(t->getCharPositionInLine())},
          std::nullopt,
          "The statement nests parentheses and NOT more than " + std::to_string(kMaxNestingDepth) + " levels deep");
    }
  }
  return Status::OK();
}

Result<std::unique_ptr<Statement>> ParseOrFail(std::string_view sql, const ParseOptions& options) {
  if (sql.size() > kMaxStatementBytes) {
    return Status(StatusCode::kResourceExhausted,
                  "Getting syntax error. Detail message: Statement is too long: " + std::to_string(sql.size()) +
                      " bytes, the limit is " + std::to_string(kMaxStatementBytes) + " bytes.",
                  kErrParse);
  }
  std::u32string code_points;
  size_t bad = internal::DecodeUtf8(sql, &code_points);
  if (bad != std::string_view::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(sql[bad]));
    return internal::SyntaxErrorAt(sql, options.origin, internal::PositionOfByte(sql, bad), std::nullopt,
                                   std::string("Invalid UTF-8 byte ") + hex);
  }
  size_t nul = sql.find('\0');
  if (nul != std::string_view::npos) {
    return internal::SyntaxErrorAt(sql, options.origin, internal::PositionOfByte(sql, nul), std::nullopt,
                                   "Unexpected NUL byte (0x00)");
  }

  internal::CaseInsensitiveStream input(sql, std::move(code_points));
  BackupSqlLexer lexer(&input);
  lexer.removeErrorListeners();  // UNRECOGNIZED catches every character: the lexer cannot fail
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  RETURN_IF_ERROR(CheckNesting(sql, options.origin, tokens));

  BackupSqlParser parser(&tokens);
  parser.removeErrorListeners();
  // Fast path: SLL prediction, bail out on the first error (toolchain.md, Appendix B).
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  BackupSqlParser::SingleStatementContext* tree = nullptr;
  try {
    tree = parser.singleStatement();
  } catch (const antlr4::ParseCancellationException&) {
    // Full LL with StarRocks-style error messages; it stops at the first error.
    tokens.seek(0);
    parser.reset();
    auto strategy = std::make_shared<internal::SyntaxErrorStrategy>();
    parser.setErrorHandler(strategy);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
    tree = nullptr;
    try {
      tree = parser.singleStatement();
    } catch (const antlr4::ParseCancellationException&) {
    }
    if (strategy->error()) {
      return internal::SyntaxErrorAt(sql, options.origin, strategy->error()->pos, std::nullopt,
                                     strategy->error()->detail);
    }
    if (tree == nullptr) return Status::Internal("the parser stopped without reporting an error");
  }
  internal::AstBuilder builder(sql, options.origin, &input);
  return builder.Build(tree);
}

}  // namespace

Result<std::unique_ptr<Statement>> Parse(std::string_view sql, const ParseOptions& options) {
  try {
    return ParseOrFail(sql, options);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("the SQL parser failed: ") + e.what());
  } catch (...) {
    return Status::Internal("the SQL parser failed with an unknown exception");
  }
}

}  // namespace feb::sql
