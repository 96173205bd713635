#include "plugin/src/sql/claims.h"

#include <array>
#include <cctype>

namespace feb::sql {

namespace {

// Reads the next word, skipping whitespace and comments. Empty when the next thing is not a
// word (or the text ends).
class WordReader {
 public:
  explicit WordReader(std::string_view s) : s_(s) {}

  std::string_view Next() {
    SkipSpaceAndComments();
    size_t start = i_;
    while (i_ < s_.size() && IsWordChar(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }

 private:
  static bool IsWordChar(char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u == '_' || u >= 0x80;
  }

  void SkipSpaceAndComments() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i_;
      } else if (c == '#' || (c == '-' && i_ + 1 < s_.size() && s_[i_ + 1] == '-')) {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        size_t end = s_.find("*/", i_ + 2);
        i_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool Is(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(word[i])) != keyword[i]) return false;
  }
  return true;
}

}  // namespace

bool Claims(std::string_view sql) {
  WordReader r(sql);
  std::string_view first = r.Next();
  if (Is(first, "BACKUP") || Is(first, "RESTORE")) return true;
  std::string_view second = r.Next();
  if (Is(first, "CANCEL")) return Is(second, "BACKUP") || Is(second, "RESTORE");
  if (Is(first, "SHOW")) {
    return Is(second, "BACKUP") || Is(second, "RESTORE") || Is(second, "SNAPSHOT") || Is(second, "REPOSITORIES");
  }
  if (Is(first, "DROP")) return Is(second, "REPOSITORY") || Is(second, "SNAPSHOT");
  if (Is(first, "CREATE")) {
    if (Is(second, "REPOSITORY")) return true;
    return Is(second, "READ") && Is(r.Next(), "ONLY") && Is(r.Next(), "REPOSITORY");
  }
  return false;
}

}  // namespace feb::sql
