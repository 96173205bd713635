#include "plugin/src/sql/internal/syntax_error.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "plugin/src/sql/internal/utf8.h"

namespace feb::sql::internal {

namespace {

constexpr size_t kMaxShownLine = 160;  // code points of the offending line shown around the caret
constexpr size_t kShownBefore = 60;

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Splits a line into its characters (UTF-8 sequences; an ill-formed byte is one character).
std::vector<std::string_view> Characters(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    size_t j = i + 1;
    if (static_cast<unsigned char>(line[i]) >= 0xC0) {
      while (j < line.size() && j - i < 4 && IsContinuation(line[j])) ++j;
    }
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string_view LineAt(std::string_view sql, int line) {
  size_t begin = 0;
  for (int l = 1; l < line; ++l) {
    size_t nl = sql.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
  }
  size_t end = sql.find('\n', begin);
  std::string_view text = sql.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

std::string CaretBlock(std::string_view sql, SourcePos start, std::optional<SourcePos> end) {
  std::vector<std::string_view> chars = Characters(LineAt(sql, start.line));
  const size_t col = static_cast<size_t>(std::max(start.column, 0));
  size_t first = 0;
  size_t last = chars.size();
  if (chars.size() > kMaxShownLine) {
    first = col > kShownBefore ? col - kShownBefore : 0;
    last = std::min(chars.size(), first + kMaxShownLine);
  }
  std::string line;
  std::string caret;
  if (first > 0) {
    line += "...";
    caret += "   ";
  }
  for (size_t i = first; i < last; ++i) {
    std::string_view c = chars[i];
    line += PrintableUtf8(c);
    if (i < col) caret += c == "\t" ? '\t' : ' ';
  }
  if (last < chars.size()) line += "...";
  for (size_t i = std::max(last, first); i < col; ++i) caret += ' ';
  caret += '^';
  if (end && end->line == start.line && end->column > start.column + 1) {
    size_t stop = std::min(static_cast<size_t>(end->column), last);
    for (size_t i = col + 1; i < stop; ++i) caret += '~';
  }
  return line + "\n" + caret;
}

// A copy of `sql` where the value of every `'aws.s3.secret_key' = '<value>'` property (either
// quote, any case, spaces around '=') is masked with one '*' per code point, so the echoed line
// keeps its columns; the values found are added to `secrets`.
std::string MaskSecretValues(std::string_view sql, std::vector<std::string>* secrets) {
  static constexpr std::string_view kKey = "aws.s3.secret_key";
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  auto skip_spaces = [&](size_t j) {
    while (j < sql.size() && std::isspace(static_cast<unsigned char>(sql[j]))) ++j;
    return j;
  };
  std::string out;
  out.reserve(sql.size());
  size_t copied = 0;  // sql[0, copied) is in `out`
  for (size_t i = 0; i + kKey.size() + 2 <= sql.size(); ++i) {
    const char q = sql[i];
    if ((q != '"' && q != '\'') || sql[i + 1 + kKey.size()] != q) continue;
    bool key = true;
    for (size_t k = 0; key && k < kKey.size(); ++k) key = lower(sql[i + 1 + k]) == kKey[k];
    if (!key) continue;
    size_t j = skip_spaces(i + kKey.size() + 2);
    if (j >= sql.size() || sql[j] != '=') continue;
    j = skip_spaces(j + 1);
    if (j >= sql.size() || (sql[j] != '"' && sql[j] != '\'')) continue;
    const char vq = sql[j];
    size_t end = j + 1;
    while (end < sql.size() && sql[end] != vq && sql[end] != '\n') end += sql[end] == '\\' ? 2 : 1;
    end = std::min(end, sql.size());
    if (end > j + 1) secrets->emplace_back(sql.substr(j + 1, end - j - 1));
    out.append(sql.substr(copied, j + 1 - copied));
    for (size_t b = j + 1; b < end; ++b) {
      if (!IsContinuation(sql[b])) out += '*';  // one '*' per character: columns stay right
    }
    copied = end;
    i = end;
  }
  out.append(sql.substr(copied));
  // the same value elsewhere in the statement (a repeated literal) is masked too
  for (const std::string& secret : *secrets) {
    std::string stars;
    for (char c : secret) {
      if (!IsContinuation(c)) stars += '*';
    }
    for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + stars.size())) {
      out.replace(at, secret.size(), stars);
    }
  }
  return out;
}

SourcePos Shift(SourcePos local, SourcePos origin) {
  SourcePos p = local;
  if (local.line == 1) p.column += origin.column;
  p.line += origin.line - 1;
  return p;
}

}  // namespace

Status SyntaxErrorAt(std::string_view sql, SourcePos origin, SourcePos start, std::optional<SourcePos> end,
                     std::string_view detail) {
  SourcePos s = Shift(start, origin);
  std::string msg = "Getting syntax error ";
  if (end && !SamePosition(*end, start)) {
    SourcePos e = Shift(*end, origin);
    msg += "from line " + std::to_string(s.line) + ", column " + std::to_string(s.column) + " to line " +
           std::to_string(e.line) + ", column " + std::to_string(e.column);
  } else {
    msg += "at line " + std::to_string(s.line) + ", column " + std::to_string(s.column);
  }
  // The statement may carry a repository's secret key: never echo it.
  std::vector<std::string> secrets;
  std::string masked = MaskSecretValues(sql, &secrets);
  std::string shown_detail(detail);
  for (const std::string& secret : secrets) {
    for (size_t at = shown_detail.find(secret); at != std::string::npos; at = shown_detail.find(secret, at + 6)) {
      shown_detail.replace(at, secret.size(), "******");
    }
  }
  msg += ". Detail message: ";
  msg += shown_detail;
  msg += ".\n";
  msg += CaretBlock(masked, start, end);
  return Status::SyntaxError(std::move(msg));
}

SourcePos PositionOfByte(std::string_view sql, size_t byte_offset) {
  SourcePos pos{1, 0};
  for (size_t i = 0; i < byte_offset && i < sql.size(); ++i) {
    auto c = static_cast<unsigned char>(sql[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 0;
    } else if ((c & 0xC0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

std::string Abbreviate(std::string_view text, size_t max_code_points) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(text[i])) continue;
    if (count == max_code_points) return std::string(text.substr(0, i)) + "...";
    ++count;
  }
  return std::string(text);
}

}  // namespace feb::sql::internal
