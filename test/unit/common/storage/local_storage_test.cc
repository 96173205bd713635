#include "common/storage/local_storage.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "temp_dir.h"

namespace feb::storage {
namespace {

using testing::TempDir;

std::string ReadAll(Storage& s, const std::string& uri) {
  auto f = s.OpenRead(uri);
  EXPECT_TRUE(f.ok()) << f.status();
  if (!f.ok()) return "";
  std::string out;
  char buf[3];
  while (true) {
    auto n = (*f)->Read(buf, sizeof buf);
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) break;
    out.append(buf, *n);
  }
  return out;
}

TEST(LocalStorageTest, WriteListReadRenameDelete) {
  TempDir dir;
  LocalStorage s;
  std::string f = dir.uri() + "/sub/deeper/a.txt";
  {
    auto w = s.OpenWrite(f);
    ASSERT_TRUE(w.ok()) << w.status();
    ASSERT_TRUE((*w)->Append("hello ").ok());
    ASSERT_TRUE((*w)->Append("world").ok());
    ASSERT_TRUE((*w)->Sync().ok());
    ASSERT_TRUE((*w)->Close().ok());
    EXPECT_FALSE((*w)->Close().ok());
  }
  EXPECT_TRUE(*s.Exists(f));
  EXPECT_EQ(ReadAll(s, f), "hello world");
  auto list = s.List(dir.uri() + "/sub/deeper");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "a.txt");
  EXPECT_EQ((*list)[0].size, 11u);
  EXPECT_FALSE((*list)[0].is_dir);

  std::string g = dir.uri() + "/sub/other/b.txt";
  ASSERT_TRUE(s.Rename(f, g).ok());
  EXPECT_FALSE(*s.Exists(f));
  EXPECT_EQ(ReadAll(s, g), "hello world");
  ASSERT_TRUE(s.SyncDir(dir.uri() + "/sub/other").ok());
  ASSERT_TRUE(s.Delete(g).ok());
  EXPECT_FALSE(*s.Exists(g));
  EXPECT_TRUE(s.Delete(g).ok()) << "deleting a missing file is OK";
}

TEST(LocalStorageTest, ListOfMissingDirectoryIsNotFound) {
  TempDir dir;
  LocalStorage s;
  auto list = s.List(dir.uri() + "/nope");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kNotFound);
  auto r = s.OpenRead(dir.uri() + "/nope");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(LocalStorageTest, RejectsDotDotAndRelativeAndForeignUris) {
  LocalStorage s;
  for (const char* bad : {"file:///tmp/../etc/passwd", "file://relative/x", "s3://b/k", "relative/path",
                          "file:///tmp/./x", ""}) {
    auto r = s.OpenWrite(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_FALSE(s.Exists(bad).ok()) << bad;
  }
}

TEST(LocalStorageTest, ToPathAcceptsPlainAbsolutePaths) {
  auto p = LocalStorage::ToPath("/a/b/");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, "/a/b");
  EXPECT_EQ(*LocalStorage::ToPath("file:///x/y"), "/x/y");
}

}  // namespace
}  // namespace feb::storage
