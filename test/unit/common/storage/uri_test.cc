#include "common/storage/uri.h"

#include <gtest/gtest.h>

namespace feb::storage {
namespace {

TEST(UriTest, Scheme) {
  EXPECT_EQ(UriScheme("file:///a/b"), "file");
  EXPECT_EQ(UriScheme("S3://bucket/p"), "s3");
  EXPECT_EQ(UriScheme("/abs/path"), "");
  EXPECT_EQ(UriScheme("://x"), "");
  EXPECT_EQ(UriScheme("1x://y"), "");
}

TEST(UriTest, Join) {
  EXPECT_EQ(JoinUri("file:///a", "b"), "file:///a/b");
  EXPECT_EQ(JoinUri("file:///a/", "/b"), "file:///a/b");
}

TEST(UriTest, UnsafeComponents) {
  EXPECT_FALSE(HasUnsafeComponent("file:///a/b/c"));
  EXPECT_FALSE(HasUnsafeComponent("/a/b/"));
  EXPECT_FALSE(HasUnsafeComponent("/a/..b/c."));
  EXPECT_TRUE(HasUnsafeComponent("file:///a/../b"));
  EXPECT_TRUE(HasUnsafeComponent("/a/.."));
  EXPECT_TRUE(HasUnsafeComponent("/a/./b"));
  EXPECT_TRUE(HasUnsafeComponent("/a//b"));
  EXPECT_TRUE(HasUnsafeComponent(std::string("/a/b\0c", 6)));
}

TEST(UriTest, Within) {
  EXPECT_TRUE(IsWithin("/root", "/root"));
  EXPECT_TRUE(IsWithin("/root/", "/root/a"));
  EXPECT_TRUE(IsWithin("/root", "/root/a/b"));
  EXPECT_FALSE(IsWithin("/root", "/rootx/a"));
  EXPECT_FALSE(IsWithin("/root", "/"));
}

TEST(UriTest, ChecksumNames) {
  auto s = SplitChecksumName("10001_2.dat.0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->name, "10001_2.dat");
  EXPECT_EQ(s->md5, "0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(SplitChecksumName("10001_2.dat").has_value());
  EXPECT_FALSE(SplitChecksumName("x.0123456789ABCDEF0123456789abcdef").has_value());
  EXPECT_FALSE(SplitChecksumName(".0123456789abcdef0123456789abcdef").has_value());
  EXPECT_FALSE(SplitChecksumName("x.part").has_value());
}

}  // namespace
}  // namespace feb::storage
