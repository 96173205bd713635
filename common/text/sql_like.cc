#include "common/text/sql_like.h"

#include <cctype>
#include <string>

namespace feb {

namespace {
char Fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
}  // namespace

bool SqlLike(std::string_view text, std::string_view pattern) {
  size_t ti = 0, pi = 0, star = std::string::npos, mark = 0;
  while (ti < text.size()) {
    char t = Fold(text[ti]);
    if (pi + 1 < pattern.size() && pattern[pi] == '\\' && Fold(pattern[pi + 1]) == t) {
      pi += 2;
      ++ti;
    } else if (pi < pattern.size() && pattern[pi] != '%' && pattern[pi] != '\\' &&
               (pattern[pi] == '_' || Fold(pattern[pi]) == t)) {
      ++pi;
      ++ti;
    } else if (pi < pattern.size() && pattern[pi] == '%') {
      star = pi++;
      mark = ti;
    } else if (star != std::string::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pattern.size() && pattern[pi] == '%') ++pi;
  return pi == pattern.size();
}

}  // namespace feb
