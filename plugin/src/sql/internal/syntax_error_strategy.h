// SyntaxErrorStrategy: the error strategy of the parser's second (LL) pass. It builds
// StarRocks' messages for the first error and stops the parse there (no recovery).
// Internal: includes ANTLR headers.
#pragma once

#include <optional>
#include <string>

#include "antlr4-runtime.h"
#include "plugin/src/sql/source_pos.h"

namespace feb::sql::internal {

class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  struct Error {
    SourcePos pos;       // of the offending token (local to the parsed text)
    std::string detail;  // e.g. "Unexpected input 'x', the most similar input is {'TO'}"
  };

  // The first error seen, if any.
  const std::optional<Error>& error() const { return error_; }

  void reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) override;
  // No single-token insertion/deletion: a mismatch is an error right away.
  antlr4::Token* recoverInline(antlr4::Parser* recognizer) override;

  // "{'FROM', 'IN', <EOF>}" or "{a legal identifier}" for the tokens the parser expected.
  static std::string MostSimilar(antlr4::Parser* recognizer, const antlr4::misc::IntervalSet& expecting,
                                 const std::string& offending_text);

 protected:
  void reportUnwantedToken(antlr4::Parser* recognizer) override;
  void reportMissingToken(antlr4::Parser* recognizer) override;

 private:
  [[noreturn]] void Fail(antlr4::Token* token, std::string detail);
  void ReportUnexpected(antlr4::Parser* recognizer, antlr4::Token* token);

  std::optional<Error> error_;
};

// The text of a token as StarRocks shows it ("<EOF>" at the end).
std::string TokenDisplay(antlr4::Token* token);

}  // namespace feb::sql::internal
