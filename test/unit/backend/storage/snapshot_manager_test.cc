#include "backend/storage/snapshot_manager.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "test/unit/common/storage/temp_dir.h"

namespace feb::be {
namespace {

using storage::testing::TempDir;
namespace fs = std::filesystem;

class SnapshotManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open().ok());
    TabletMeta m;
    m.tablet_id = 10001;
    m.schema_hash = 368169781;
    m.columns = {{"k", "INT", true, false}};
    ASSERT_TRUE(store_.CreateTablet(m).ok());
    ASSERT_TRUE(store_.WriteRows(10001, 368169781, 2, {Row{Cell("1")}}).ok());
    ASSERT_TRUE(store_.WriteRows(10001, 368169781, 3, {Row{Cell("2")}}).ok());
  }
  TempDir tmp_;
  TabletStore store_{tmp_.path()};
  int64_t now_ = 1764115200;  // 2025-11-26 00:00:00 UTC
  SnapshotManager snaps_{&store_, [this] { return now_; }};
};

TEST_F(SnapshotManagerTest, HardLinksFilesUpToVersionWithCutHeader) {
  auto r = snaps_.MakeSnapshot(10001, 368169781, 2, 3600);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(fs::path(r->snapshot_path).parent_path().string(), tmp_.path() + "/snapshot");
  EXPECT_EQ(fs::path(r->snapshot_path).filename().string(), "20251126000000.0.3600");
  EXPECT_EQ(r->files, (std::vector<std::string>{"10001.hdr", "10001_2.dat"}));
  std::string dir = r->snapshot_path + "/10001/368169781";
  struct stat a, b;
  ASSERT_EQ(::stat((dir + "/10001_2.dat").c_str(), &a), 0);
  ASSERT_EQ(::stat((store_.TabletDir(10001, 368169781) + "/10001_2.dat").c_str(), &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino) << "a hard link, not a copy";
  auto hdr = ReadLocalFile(dir + "/10001.hdr");
  ASSERT_TRUE(hdr.ok());
  auto meta = TabletMeta::FromJson(*hdr, "snapshot header");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->MaxVersion(), 2);

  auto cur = snaps_.MakeSnapshot(10001, 368169781, std::nullopt, 0);
  ASSERT_TRUE(cur.ok());
  EXPECT_EQ(cur->files.size(), 3u);
  EXPECT_NE(cur->snapshot_path, r->snapshot_path);
  EXPECT_NE(cur->snapshot_path.find(".172800"), std::string::npos) << "default timeout";
}

TEST_F(SnapshotManagerTest, UnknownTabletOrVersion) {
  EXPECT_EQ(snaps_.MakeSnapshot(1, 368169781, 2, 60).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(snaps_.MakeSnapshot(10001, 1, 2, 60).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(snaps_.MakeSnapshot(10001, 368169781, 9, 60).status().code(), StatusCode::kNotFound);
}

TEST_F(SnapshotManagerTest, ReleaseRemovesOnlySnapshotDirectories) {
  auto r = snaps_.MakeSnapshot(10001, 368169781, 3, 60);
  ASSERT_TRUE(r.ok());
  for (const std::string& bad : {tmp_.path() + "/data", tmp_.path() + "/snapshot", tmp_.path() + "/snapshot/../data",
                                 r->snapshot_path + "/10001", std::string("relative"), std::string("/etc")}) {
    Status s = snaps_.Release(bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(fs::exists(store_.TabletDir(10001, 368169781) + "/10001_2.dat"));
  ASSERT_TRUE(snaps_.Release(r->snapshot_path).ok());
  EXPECT_FALSE(fs::exists(r->snapshot_path));
  EXPECT_TRUE(snaps_.Release(r->snapshot_path).ok()) << "releasing twice is harmless";
  EXPECT_TRUE(fs::exists(store_.TabletDir(10001, 368169781) + "/10001_2.dat")) << "tablet data untouched";
}

TEST_F(SnapshotManagerTest, RestoreSnapshotIsAnEmptyTabletDirectoryWithoutVersionCheck) {
  auto r = snaps_.MakeRestoreSnapshot(10001, 368169781, 3600);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(fs::path(r->snapshot_path).parent_path().string(), tmp_.path() + "/snapshot");
  EXPECT_TRUE(r->files.empty());
  std::string dir = r->snapshot_path + "/10001/368169781";
  ASSERT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(fs::is_empty(dir));
  EXPECT_EQ(std::distance(fs::directory_iterator(r->snapshot_path), fs::directory_iterator()), 1);
  EXPECT_EQ(snaps_.MakeRestoreSnapshot(999, 368169781, 60).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(snaps_.MakeRestoreSnapshot(10001, 1, 60).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(snaps_.Release(r->snapshot_path).ok());
  EXPECT_FALSE(fs::exists(r->snapshot_path));
}

TEST_F(SnapshotManagerTest, SnapshotNamesLeftByAnEarlierRunAreNotReused) {
  auto first = snaps_.MakeRestoreSnapshot(10001, 368169781, 60);
  ASSERT_TRUE(first.ok());
  SnapshotManager restarted(&store_, [this] { return now_; });  // its sequence starts at 0 again
  auto second = restarted.MakeRestoreSnapshot(10001, 368169781, 60);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->snapshot_path, second->snapshot_path);
}

TEST_F(SnapshotManagerTest, SweepRemovesExpiredOnly) {
  auto short_lived = snaps_.MakeSnapshot(10001, 368169781, 3, 60);
  auto long_lived = snaps_.MakeSnapshot(10001, 368169781, 3, 7200);
  ASSERT_TRUE(short_lived.ok() && long_lived.ok());
  fs::create_directories(tmp_.path() + "/snapshot/not-a-snapshot");
  EXPECT_EQ(snaps_.SweepExpired(), 0);
  now_ += 61;
  EXPECT_EQ(snaps_.SweepExpired(), 1);
  EXPECT_FALSE(fs::exists(short_lived->snapshot_path));
  EXPECT_TRUE(fs::exists(long_lived->snapshot_path));
  EXPECT_TRUE(fs::exists(tmp_.path() + "/snapshot/not-a-snapshot"));
}

}  // namespace
}  // namespace feb::be
