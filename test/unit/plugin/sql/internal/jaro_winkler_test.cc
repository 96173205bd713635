#include "plugin/src/sql/internal/jaro_winkler.h"

#include <gtest/gtest.h>

namespace feb::sql::internal {
namespace {

TEST(JaroWinklerTest, KnownValues) {
  // Reference values of the Jaro-Winkler similarity (Apache Commons Text's definition).
  EXPECT_NEAR(JaroWinklerSimilarity("MARTHA", "MARHTA"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinklerSimilarity("DWAYNE", "DUANE"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinklerSimilarity("DIXON", "DICKSONX"), 0.8133, 1e-4);
  EXPECT_DOUBLE_EQ(JaroWinklerSimilarity("ABC", "ABC"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinklerSimilarity("ABC", "XYZ"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinklerSimilarity("", "ABC"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinklerDistance("ABC", "ABC"), 0.0);
}

TEST(JaroWinklerTest, IsSymmetric) {
  EXPECT_DOUBLE_EQ(JaroWinklerSimilarity("'FROM'", "FORM"), JaroWinklerSimilarity("FORM", "'FROM'"));
  EXPECT_DOUBLE_EQ(JaroWinklerSimilarity("'SNAPSHOT'", "SNAP"), JaroWinklerSimilarity("SNAP", "'SNAPSHOT'"));
}

TEST(JaroWinklerTest, RanksTheIntendedKeywordFirst) {
  // How syntax errors pick "the most similar input": quoted keyword vs. the upper-cased input.
  EXPECT_LT(JaroWinklerDistance("'FROM'", "FORM"), JaroWinklerDistance("'DATABASE'", "FORM"));
  EXPECT_LT(JaroWinklerDistance("'SNAPSHOT'", "SNAPSHT"), JaroWinklerDistance("'DATABASE'", "SNAPSHT"));
}

}  // namespace
}  // namespace feb::sql::internal
