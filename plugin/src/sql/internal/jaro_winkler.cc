#include "plugin/src/sql/internal/jaro_winkler.h"

#include <algorithm>
#include <string>
#include <vector>

namespace feb::sql::internal {

double JaroWinklerSimilarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  std::string_view longer = a.size() > b.size() ? a : b;
  std::string_view shorter = a.size() > b.size() ? b : a;
  const size_t range = longer.size() >= 4 ? longer.size() / 2 - 1 : 0;

  std::vector<bool> longer_matched(longer.size(), false);
  std::vector<bool> shorter_matched(shorter.size(), false);
  size_t matches = 0;
  for (size_t i = 0; i < shorter.size(); ++i) {
    size_t lo = i > range ? i - range : 0;
    size_t hi = std::min(i + range + 1, longer.size());
    for (size_t j = lo; j < hi; ++j) {
      if (!longer_matched[j] && shorter[i] == longer[j]) {
        longer_matched[j] = true;
        shorter_matched[i] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;

  std::string s1, s2;
  for (size_t i = 0; i < shorter.size(); ++i) {
    if (shorter_matched[i]) s1.push_back(shorter[i]);
  }
  for (size_t j = 0; j < longer.size(); ++j) {
    if (longer_matched[j]) s2.push_back(longer[j]);
  }
  size_t mismatches = 0;
  for (size_t i = 0; i < s1.size(); ++i) {
    if (s1[i] != s2[i]) ++mismatches;
  }
  size_t prefix = 0;
  for (size_t i = 0; i < std::min<size_t>(4, shorter.size()); ++i) {
    if (a[i] != b[i]) break;
    ++prefix;
  }

  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(mismatches) / 2.0) / m) /
                      3.0;
  return jaro < 0.7 ? jaro : jaro + 0.1 * static_cast<double>(prefix) * (1.0 - jaro);
}

}  // namespace feb::sql::internal
