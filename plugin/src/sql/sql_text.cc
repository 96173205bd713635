#include "plugin/src/sql/sql_text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace feb::sql {

namespace {

struct Keyword {
  std::string_view word;
  bool reserved;
};

// Every keyword of grammar/BackupSql.g4; `reserved` = not listed in its nonReserved rule.
// sql_text_test checks this table against the generated lexer's vocabulary.
constexpr std::array<Keyword, 50> kKeywords = {{
    {"ALL", true},          {"AND", true},           {"AS", true},          {"ASC", true},
    {"BACKUP", false},      {"BROKER", false},       {"BY", true},          {"CANCEL", false},
    {"CATALOG", false},     {"CATALOGS", false},     {"CREATE", true},      {"DATABASE", true},
    {"DESC", true},         {"DROP", true},          {"EXTERNAL", false},   {"FOR", true},
    {"FORCE", true},        {"FROM", true},          {"FUNCTION", true},    {"FUNCTIONS", false},
    {"IN", true},           {"IS", true},            {"LIKE", true},        {"LIMIT", true},
    {"LOCATION", false},    {"MATERIALIZED", false}, {"NOT", true},         {"NULL", true},
    {"OFFSET", false},      {"ON", true},            {"ONLY", false},       {"OR", true},
    {"ORDER", true},        {"PARTITION", true},     {"PARTITIONS", false}, {"PROPERTIES", false},
    {"READ", true},         {"REPOSITORIES", false}, {"REPOSITORY", false}, {"RESTORE", false},
    {"SHOW", true},         {"SNAPSHOT", false},     {"TABLE", true},       {"TABLES", false},
    {"TEMPORARY", false},   {"TO", true},            {"VIEW", false},       {"VIEWS", false},
    {"WHERE", true},        {"WITH", true},
}};

const Keyword* FindKeyword(std::string_view word) {
  if (word.empty() || word.size() > 16) return nullptr;
  char upper[17];
  for (size_t i = 0; i < word.size(); ++i) {
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[i])));
  }
  std::string_view u(upper, word.size());
  for (const Keyword& k : kKeywords) {
    if (k.word == u) return &k;
  }
  return nullptr;
}

bool IsPlainIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto c0 = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(c0) || c0 == '_')) return false;
  return std::all_of(name.begin() + 1, name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x80 && (std::isalnum(u) || u == '_');
  });
}

}  // namespace

bool IsKeyword(std::string_view word) { return FindKeyword(word) != nullptr; }

bool IsReservedKeyword(std::string_view word) {
  const Keyword* k = FindKeyword(word);
  return k != nullptr && k->reserved;
}

std::string QuoteIdentifier(std::string_view name) {
  if (IsPlainIdentifier(name) && !IsKeyword(name)) return std::string(name);
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('`');
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string QuoteString(std::string_view value, char quote) {
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back(quote);
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\x1a': out += "\\Z"; break;
      default:
        if (c == quote) out.push_back('\\');
        out.push_back(c);
    }
  }
  out.push_back(quote);
  return out;
}

std::string UnquoteString(std::string_view token) {
  std::string out;
  if (token.size() < 2) return out;
  const char quote = token.front();
  std::string_view body = token.substr(1, token.size() - 2);
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      char n = body[++i];
      switch (n) {
        case '0': out.push_back('\0'); break;
        case 'b': out.push_back('\b'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'Z': out.push_back('\x1a'); break;
        case '%':
        case '_':
          out.push_back('\\');
          out.push_back(n);
          break;
        default: out.push_back(n);
      }
    } else if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
      out.push_back(quote);
      ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string UnquoteIdentifier(std::string_view token) {
  std::string out;
  if (token.size() < 2) return out;
  std::string_view body = token.substr(1, token.size() - 2);
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    out.push_back(body[i]);
    if (body[i] == '`' && i + 1 < body.size() && body[i + 1] == '`') ++i;
  }
  return out;
}

}  // namespace feb::sql
