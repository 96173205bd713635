#include "plugin/src/sql/statement_splitter.h"

#include <cctype>

namespace feb::sql {

namespace {

// Advances a position over `s[from, to)`, counting lines and code points.
void Advance(std::string_view s, size_t from, size_t to, SourcePos* pos) {
  for (size_t i = from; i < to; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      ++pos->line;
      pos->column = 0;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++pos->column;
    }
  }
}

}  // namespace

std::vector<StatementSlice> SplitStatements(std::string_view script) {
  std::vector<StatementSlice> out;
  SourcePos pos{1, 0};     // position of `scanned`
  size_t scanned = 0;      // bytes already accounted for in `pos`
  bool has_content = false;
  size_t content_start = 0;

  auto finish = [&](size_t end) {
    if (has_content) {
      Advance(script, scanned, content_start, &pos);
      scanned = content_start;
      while (end > content_start && std::isspace(static_cast<unsigned char>(script[end - 1]))) --end;
      out.push_back({script.substr(content_start, end - content_start), pos});
    }
    has_content = false;
  };
  auto mark_content = [&](size_t i) {
    if (!has_content) {
      has_content = true;
      content_start = i;
    }
  };

  size_t i = 0;
  const size_t n = script.size();
  while (i < n) {
    char c = script[i];
    if (c == '\'' || c == '"' || c == '`') {
      mark_content(i);
      const char q = c;
      ++i;
      while (i < n) {
        if (script[i] == '\\' && q != '`' && i + 1 < n) {
          i += 2;
        } else if (script[i] == q) {
          if (i + 1 < n && script[i + 1] == q) {
            i += 2;  // doubled quote
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
    } else if (c == '#' || (c == '-' && i + 1 < n && script[i + 1] == '-')) {
      while (i < n && script[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && script[i + 1] == '*') {
      size_t end = script.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == ';') {
      finish(i);
      ++i;
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) mark_content(i);
      ++i;
    }
  }
  finish(n);
  return out;
}

}  // namespace feb::sql
