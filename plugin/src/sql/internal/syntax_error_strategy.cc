#include "plugin/src/sql/internal/syntax_error_strategy.h"

#include <algorithm>
#include <vector>

#include "BackupSqlParser.h"
#include "plugin/src/sql/internal/jaro_winkler.h"
#include "plugin/src/sql/internal/syntax_error.h"

namespace feb::sql::internal {

namespace {

constexpr size_t kMaxSimilarWords = 5;

std::string ToUpperAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
  }
  return s;
}

}  // namespace

std::string TokenDisplay(antlr4::Token* token) {
  if (token == nullptr) return "<no token>";
  if (token->getType() == antlr4::Token::EOF) return "<EOF>";
  return Abbreviate(token->getText());
}

std::string SyntaxErrorStrategy::MostSimilar(antlr4::Parser* recognizer, const antlr4::misc::IntervalSet& expecting,
                                             const std::string& offending_text) {
  if (expecting.isEmpty()) return "{}";
  if (expecting.contains(static_cast<size_t>(feb_backup_sql_gen::BackupSqlParser::LETTER_IDENTIFIER))) return "{a legal identifier}";
  const antlr4::dfa::Vocabulary& vocabulary = recognizer->getVocabulary();
  std::vector<std::string> words;
  std::vector<std::string> symbols;
  for (const antlr4::misc::Interval& interval : expecting.getIntervals()) {
    for (ssize_t t = interval.a; t <= interval.b; ++t) {
      if (t == -1) {  // EOF
        symbols.push_back("<EOF>");
        continue;
      }
      if (t < 0) continue;  // epsilon
      std::string name = vocabulary.getDisplayName(static_cast<size_t>(t));
      if (name.size() > 1 && name[1] >= 'A' && name[1] <= 'Z') {
        words.push_back(std::move(name));
      } else {
        symbols.push_back(std::move(name));
      }
    }
  }
  const std::string upper = ToUpperAscii(offending_text);
  std::vector<std::pair<double, std::string>> ranked;
  ranked.reserve(words.size());
  for (std::string& w : words) ranked.emplace_back(JaroWinklerDistance(w, upper), std::move(w));
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out = "{";
  size_t shown = 0;
  for (const auto& [distance, word] : ranked) {
    if (shown == kMaxSimilarWords) break;
    if (shown++ > 0) out += ", ";
    out += word;
  }
  for (const std::string& s : symbols) {
    if (shown++ > 0) out += ", ";
    out += s;
  }
  out += "}";
  return out;
}

void SyntaxErrorStrategy::Fail(antlr4::Token* token, std::string detail) {
  if (!error_) {
    SourcePos pos;
    if (token != nullptr) {
      pos.line = static_cast<int>(token->getLine());
      pos.column = static_cast<int>(token->getCharPositionInLine());
    }
    error_ = Error{pos, std::move(detail)};
  }
  throw antlr4::ParseCancellationException("syntax error");
}

void SyntaxErrorStrategy::ReportUnexpected(antlr4::Parser* recognizer, antlr4::Token* token) {
  std::string text = TokenDisplay(token);
  std::string expected = MostSimilar(recognizer, recognizer->getExpectedTokens(), text);
  Fail(token, "Unexpected input '" + text + "', the most similar input is " + expected);
}

void SyntaxErrorStrategy::reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) {
  beginErrorCondition(recognizer);
  if (const auto* nva = dynamic_cast<const antlr4::NoViableAltException*>(&e)) {
    std::string input;
    antlr4::Token* start = nva->getStartToken();
    if (start == nullptr || start->getType() == antlr4::Token::EOF) {
      input = "<EOF>";
    } else {
      input = Abbreviate(recognizer->getTokenStream()->getText(start, e.getOffendingToken()));
    }
    Fail(e.getOffendingToken(), "No viable statement for input '" + input + "'");
  }
  if (dynamic_cast<const antlr4::InputMismatchException*>(&e) != nullptr) {
    ReportUnexpected(recognizer, e.getOffendingToken());
  }
  Fail(e.getOffendingToken(), e.what());
}

antlr4::Token* SyntaxErrorStrategy::recoverInline(antlr4::Parser* recognizer) {
  throw antlr4::InputMismatchException(recognizer);
}

void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser* recognizer) {
  beginErrorCondition(recognizer);
  ReportUnexpected(recognizer, recognizer->getCurrentToken());
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser* recognizer) {
  beginErrorCondition(recognizer);
  ReportUnexpected(recognizer, recognizer->getCurrentToken());
}

}  // namespace feb::sql::internal
