#include "plugin/src/repository/repository_layout.h"

#include <gtest/gtest.h>

namespace feb::plugin {
namespace {

TEST(RepositoryLayoutTest, PathsFollowStarRocksLayout) {
  RepositoryLayout layout("file:///data/repo/", "example_repo");
  EXPECT_EQ(layout.root(), "file:///data/repo/__starrocks_repository_example_repo");
  EXPECT_EQ(layout.RepoInfoPath(), layout.root() + "/__repo_info");
  EXPECT_EQ(layout.SnapshotDir("l1"), layout.root() + "/__ss_l1");
  EXPECT_EQ(layout.MetaPath("l1"), layout.root() + "/__ss_l1/__meta");
  EXPECT_EQ(layout.InfoPath("l1", "2024-01-02-03-04-05-006"), layout.root() + "/__ss_l1/__info_2024-01-02-03-04-05-006");
  EXPECT_EQ(layout.TabletDir("l1", 1, 2, 3, 4, 5),
            layout.root() + "/__ss_l1/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__5");
}

TEST(RepositoryLayoutTest, PaloPrefixIsKeptForOldRepositories) {
  RepositoryLayout layout("file:///r", "old", RepositoryLayout::kPaloPrefix);
  EXPECT_EQ(layout.root(), "file:///r/__palo_repository_old");
}

TEST(RepositoryLayoutTest, SplitsOnlyValidChecksums) {
  auto ok = RepositoryLayout::SplitChecksum("10001_0.dat.0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->first, "10001_0.dat");
  EXPECT_EQ(ok->second, "0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(RepositoryLayout::SplitChecksum("10001_0.dat"));
  EXPECT_FALSE(RepositoryLayout::SplitChecksum("x.0123456789ABCDEF0123456789abcdef"));
  EXPECT_FALSE(RepositoryLayout::SplitChecksum(".0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(RepositoryLayout::SplitChecksum(""));
  EXPECT_EQ(RepositoryLayout::WithChecksum("a", "b"), "a.b");
}

TEST(RepositoryLayoutTest, SafeLabelsAreSingleDirectoryNames) {
  EXPECT_TRUE(RepositoryLayout::IsSafeLabel("snapshot_label1"));
  EXPECT_TRUE(RepositoryLayout::IsSafeLabel("daily-2024"));
  EXPECT_FALSE(RepositoryLayout::IsSafeLabel(""));
  EXPECT_FALSE(RepositoryLayout::IsSafeLabel(".."));
  EXPECT_FALSE(RepositoryLayout::IsSafeLabel("a/b"));
  EXPECT_FALSE(RepositoryLayout::IsSafeLabel(std::string("a\0b", 3)));
  EXPECT_FALSE(RepositoryLayout::IsSafeLabel("-rf"));
  EXPECT_FALSE(RepositoryLayout::IsSafeLabel(std::string(129, 'a')));
}

TEST(RepositoryLayoutTest, SafeFileNamesAreSingleValidUtf8Names) {
  EXPECT_TRUE(RepositoryLayout::IsSafeFileName("10001_2.dat"));
  EXPECT_TRUE(RepositoryLayout::IsSafeFileName("donn\xc3\xa9" "es.dat"));
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName(""));
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName(".."));
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName("../etc/passwd"));
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName("a\nb"));
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName(std::string("a\0b", 3)));
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName("bad\xff"));
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName("\xc0\xaf"));        // overlong '/'
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName("\xed\xa0\x80"));  // a surrogate
  EXPECT_FALSE(RepositoryLayout::IsSafeFileName(std::string(256, 'a')));
}

TEST(RepositoryLayoutTest, ParsesOnlyPublishedJobInfoNamesWithAValidTimestamp) {
  const std::string md5 = "0123456789abcdef0123456789abcdef";
  auto ok = RepositoryLayout::ParseInfoFileName("__info_2024-02-03-04-05-06-007." + md5);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->first, "2024-02-03-04-05-06-007");
  EXPECT_EQ(ok->second, md5);
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__info_2024-02-03-04-05-06-007.part"));
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__info_x.part"));
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__info_garbage." + md5));
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__info_2024-02-03-04-05-06." + md5));   // no millis
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__info_2024-13-03-04-05-06-007." + md5));  // month 13
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__info_2024-02-03-24-05-06-007." + md5));  // hour 24
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__meta." + md5));
  EXPECT_FALSE(RepositoryLayout::ParseInfoFileName("__info_2024-02-03-04-05-06-007." + md5.substr(1)));
}

}  // namespace
}  // namespace feb::plugin
