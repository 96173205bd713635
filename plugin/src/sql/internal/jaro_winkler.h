// Jaro-Winkler similarity, used to order the "most similar input" of a syntax error the way
// StarRocks does (Apache Commons Text's definition: scaling factor 0.1, prefix up to 4,
// boost only when the Jaro similarity is at least 0.7).
#pragma once

#include <string_view>

namespace feb::sql::internal {

// 1.0 for equal strings, 0.0 for nothing in common.
double JaroWinklerSimilarity(std::string_view a, std::string_view b);

// 1 - similarity: what StarRocks sorts by (ascending).
inline double JaroWinklerDistance(std::string_view a, std::string_view b) { return 1.0 - JaroWinklerSimilarity(a, b); }

}  // namespace feb::sql::internal
