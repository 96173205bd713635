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
  EXPECT_EQ(Cell(*r, 2, 2), "ERROR: no snapshot");  // no valid job info: not a snapshot
}

TEST_F(SnapshotListingTest, OnlyAValidJobInfoNameCountsAsASnapshot) {
  const std::string md5 = "0123456789abcdef0123456789abcdef";
  repo_.PutFile(repo_.layout().SnapshotDir("staging") + "/__info_2024-01-01-00-00-00-000.part", "{}");
  repo_.PutFile(repo_.layout().SnapshotDir("malformed") + "/__info_garbage." + md5, "{}");
  repo_.PutFile(repo_.layout().SnapshotDir("badtime") + "/__info_2024-13-01-00-00-00-000." + md5, "{}");
  repo_.PutFile(repo_.layout().SnapshotDir("mixed") + "/__info_x.part", "{}");
  repo_.PutFile(repo_.layout().SnapshotDir("mixed") + "/__info_garbage." + md5, "{}");
  repo_.PutFile(repo_.layout().SnapshotDir("mixed") + "/__info_2024-02-03-04-05-06-007." + md5, "{}");
  auto status_of = [&](const std::string& label) {
    SnapshotFilter f;
    f.snapshot = label;
    auto r = SnapshotListing::Show(repo_, f);
    EXPECT_TRUE(r.ok());
    return std::make_pair(Cell(*r, 0, 1), Cell(*r, 0, 2));
  };
  EXPECT_EQ(status_of("staging"),
            std::make_pair(std::string("Invalid: __info_2024-01-01-00-00-00-000.part"), std::string("ERROR: no snapshot")));
  EXPECT_EQ(status_of("malformed").second, "ERROR: no snapshot");
  EXPECT_EQ(status_of("badtime").second, "ERROR: no snapshot");
  auto mixed = status_of("mixed");
  EXPECT_EQ(mixed.second, "OK");
  EXPECT_NE(mixed.first.find("2024-02-03-04-05-06-007"), std::string::npos);
  EXPECT_NE(mixed.first.find("Invalid: __info_x.part"), std::string::npos);
  EXPECT_NE(mixed.first.find("Invalid: __info_garbage." + md5), std::string::npos);
}

TEST_F(SnapshotListingTest, DetailsNeverReadAStagingJobInfo) {
  repo_.PutFile(repo_.layout().SnapshotDir("staging") + "/__info_2024-01-01-00-00-00-000.part", "{}");
  SnapshotFilter f;
  f.snapshot = "staging";
  f.timestamp = "2024-01-01-00-00-00-000";
  auto r = SnapshotListing::Show(repo_, f);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(Cell(*r, 0, 4).find("has no job info file"), std::string::npos);
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
