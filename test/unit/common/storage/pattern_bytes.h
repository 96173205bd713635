// PatternBytes: `n` reproducible pseudo-random bytes for storage tests (a different stream per
// seed), so that a wrong offset or a swapped part changes the md5.
#pragma once

#include <cstdint>
#include <string>

namespace feb::storage::testing {

inline std::string PatternBytes(size_t n, int seed) {
  std::string s(n, '\0');
  uint32_t x = static_cast<uint32_t>(seed) * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1664525u + 1013904223u;
    s[i] = static_cast<char>(x >> 24);
  }
  return s;
}

}  // namespace feb::storage::testing
