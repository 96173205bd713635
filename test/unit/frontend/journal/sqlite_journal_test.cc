#include "frontend/journal/sqlite_journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace feb::frontend {
namespace {

class SqliteJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fe_journal_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<SqliteJournal> Open() {
    auto j = SqliteJournal::Open(dir_.string());
    EXPECT_TRUE(j.ok()) << j.status();
    return std::move(j).value();
  }
  std::vector<std::pair<uint16_t, std::string>> All(SqliteJournal* j) {
    std::vector<std::pair<uint16_t, std::string>> out;
    EXPECT_TRUE(j->ForEach(0, [&](int64_t, uint16_t op, std::string_view p) {
                   out.emplace_back(op, std::string(p));
                   return Status::OK();
                 }).ok());
    return out;
  }
  std::filesystem::path dir_;
};

TEST_F(SqliteJournalTest, RecordsComeBackInOrderAfterReopen) {
  {
    auto j = Open();
    ASSERT_EQ(*j->Append(1, "a"), 1);
    ASSERT_EQ(*j->Append(10001, std::string("b\0c", 3)), 2);
    ASSERT_EQ(*j->Append(2, "d"), 3);
  }
  auto j = Open();
  auto all = All(j.get());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].first, 10001);
  EXPECT_EQ(all[1].second, std::string("b\0c", 3));
  EXPECT_EQ(*j->Append(3, "e"), 4);
}

TEST_F(SqliteJournalTest, CheckpointDropsHostRecordsButKeepsModuleRecords) {
  auto j = Open();
  ASSERT_TRUE(j->Append(1, "a").ok());
  ASSERT_TRUE(j->Append(10001, "m").ok());
  ASSERT_TRUE(j->WriteCheckpoint(j->last_seq(), "image").ok());
  ASSERT_TRUE(j->Append(2, "b").ok());
  j.reset();
  j = Open();
  auto cp = j->ReadCheckpoint();
  ASSERT_TRUE(cp.ok() && cp->has_value());
  EXPECT_EQ((*cp)->image, "image");
  EXPECT_EQ((*cp)->last_seq, 2);
  auto all = All(j.get());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].second, "m");
  EXPECT_EQ(all[1].second, "b");
  EXPECT_EQ(*j->Append(3, "c"), 4);  // sequence numbers never go back
}

TEST_F(SqliteJournalTest, IdsAreNeverHandedOutTwiceAcrossReopens) {
  int64_t last = 0;
  for (int round = 0; round < 3; ++round) {
    auto j = Open();
    for (int i = 0; i < 5; ++i) {
      auto id = j->NextId();
      ASSERT_TRUE(id.ok());
      EXPECT_GT(*id, last);
      last = *id;
    }
  }
}

TEST_F(SqliteJournalTest, OpenFailsClearlyWhenTheFolderCannotBeCreated) {
  std::filesystem::create_directories(dir_);
  { std::ofstream(dir_ / "file") << "x"; }
  auto j = SqliteJournal::Open((dir_ / "file" / "sub").string());
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.status().message().find("meta_dir"), std::string::npos);
}

}  // namespace
}  // namespace feb::frontend
