#include "common/text/sql_like.h"

#include <gtest/gtest.h>

namespace feb {
namespace {

TEST(SqlLikeTest, WildcardsAndCase) {
  EXPECT_TRUE(SqlLike("PENDING", "pend%"));
  EXPECT_TRUE(SqlLike("snapshot_label1", "snapshot%1"));
  EXPECT_TRUE(SqlLike("abc", "a_c"));
  EXPECT_TRUE(SqlLike("", "%"));
  EXPECT_FALSE(SqlLike("abc", "a_"));
  EXPECT_FALSE(SqlLike("abc", ""));
  EXPECT_TRUE(SqlLike("aXbXc", "%x%x%"));
}

TEST(SqlLikeTest, BackslashEscapesWildcards) {
  EXPECT_TRUE(SqlLike("a_b", "a\\_b"));
  EXPECT_FALSE(SqlLike("axb", "a\\_b"));
  EXPECT_TRUE(SqlLike("100%", "100\\%"));
  EXPECT_FALSE(SqlLike("1000", "100\\%"));
  EXPECT_FALSE(SqlLike("a", "a\\"));  // a dangling escape matches nothing
}

}  // namespace
}  // namespace feb
