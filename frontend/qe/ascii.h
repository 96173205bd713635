// Small ASCII text helpers the statement executors share (identifiers and variable values are
// compared case-insensitively, as MySQL does for ASCII).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace feb::frontend {

inline std::string AsciiLower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// True for a non-empty run of decimal digits.
inline bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace feb::frontend
