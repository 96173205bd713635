#include "plugin/src/show/snapshot_listing.h"

#include <gtest/gtest.h>

#include "plugin/src/repository/backup_job_info.h"
#include "test/fakes/fake_repository.h"

namespace feb::plugin {
namespace {

using feb::testing::FakeRepository;

class SnapshotListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BackupJobInfo info;
    info.name = "l1";
    info.database = "example_db";
    info.db_id = 1;
    info.backup_time = 1;
    info.tables.push_back({"t", 2, {{"p1", 3, 4, {}}}});
    auto published = repo_.Publish(repo_.layout().InfoPath("l1", "2024-01-01-00-00-00-000"), info.ToJson());
    ASSERT_TRUE(published.ok());
    info_path_ = *published;
    repo_.PutFile(repo_.layout().SnapshotDir("half") + "/__meta.0123456789abcdef0123456789abcdef", "{}");
    repo_.PutFile(repo_.layout().SnapshotDir("odd") + "/__info_2024-01-01-00-00-00-000.zz", "{}");
  }

  static std::string Cell(const fe_backup::StatementResult& r, size_t row, size_t col) { return *r.rows[row][col]; }

  FakeRepository repo_{1, "example_repo"};
  std::string info_path_;
};

TEST_F(SnapshotListingTest, ListsEverySnapshotWithItsStatus) {
  auto r = SnapshotListing::Show(repo_, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->columns, (std::vector<std::string>{"Snapshot", "Timestamp", "Status"}));
  ASSERT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(Cell(*r, 0, 0), "half");
  EXPECT_EQ(Cell(*r, 0, 2), "ERROR: no snapshot");  // meta without info: not a good snapshot
  EXPECT_EQ(Cell(*r, 1, 0), "l1");
  EXPECT_EQ(Cell(*r, 1, 1), "2024-01-01-00-00-00-000");
  EXPECT_EQ(Cell(*r, 1, 2), "OK");
  EXPECT_EQ(Cell(*r, 2, 1), "Invalid: __info_2024-01-01-00-00-00-000.zz");
}

TEST_F(SnapshotListingTest, FiltersByNameAndInList) {
  SnapshotFilter f;
  f.snapshot = "nope";
  auto r = SnapshotListing::Show(repo_, f);
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(Cell(*r, 0, 2), "ERROR: no snapshot");
  SnapshotFilter in;
  in.in_list = {"l1", "zzz"};
  r = SnapshotListing::Show(repo_, in);
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(Cell(*r, 0, 0), "l1");
}

TEST_F(SnapshotListingTest, DetailsCheckTheInfoFileMd5) {
  SnapshotFilter f;
  f.snapshot = "l1";
  f.timestamp = "2024-01-01-00-00-00-000";
  auto r = SnapshotListing::Show(repo_, f);
  ASSERT_EQ(r->columns.size(), 5u);
  EXPECT_EQ(Cell(*r, 0, 2), "example_db");
  EXPECT_EQ(Cell(*r, 0, 4), "OK");
  EXPECT_NE(Cell(*r, 0, 3).find("\"backup_objects\""), std::string::npos);
  repo_.PutFile(info_path_, "{\"tampered\": true}");
  r = SnapshotListing::Show(repo_, f);
  EXPECT_EQ(Cell(*r, 0, 2), "NULL");
  EXPECT_NE(Cell(*r, 0, 4).find("Failed to get info: md5sum does not equal"), std::string::npos);
  f.timestamp = "2020-01-01-00-00-00-000";
  r = SnapshotListing::Show(repo_, f);
  EXPECT_NE(Cell(*r, 0, 4).find("has no job info file"), std::string::npos);
}

TEST_F(SnapshotListingTest, ListingFailureUsesStarRocksText) {
  repo_.FailList(true);
  auto r = SnapshotListing::Show(repo_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("Failed to list snapshot in repo: example_repo, err: ", 0), 0u);
}

}  // namespace
}  // namespace feb::plugin
