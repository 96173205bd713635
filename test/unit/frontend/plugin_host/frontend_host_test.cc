#include "frontend/plugin_host/frontend_host.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace feb::frontend {
namespace {

// The module's journal as the host hands it out, over a real SQLite journal; the catalog and
// the rest are not needed for it.
class FrontendHostJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fe_host_journal_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Reopen();
  }
  void TearDown() override {
    host_.reset();
    meta_.reset();
    journal_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    host_.reset();
    meta_.reset();
    journal_.reset();
    auto j = SqliteJournal::Open(dir_.string());
    ASSERT_TRUE(j.ok()) << j.status();
    journal_ = std::move(j).value();
    meta_ = std::make_unique<MetaLog>(journal_.get());
    host_ = std::make_unique<FrontendHost>(nullptr, nullptr, nullptr, nullptr, meta_.get(), nullptr, "127.0.0.1", 9020);
  }
  std::vector<std::pair<uint16_t, std::string>> Records() {
    std::vector<std::pair<uint16_t, std::string>> out;
    EXPECT_TRUE(journal_->ForEach(0, [&](int64_t, uint16_t op, std::string_view p) {
                          out.emplace_back(op, std::string(p));
                          return Status::OK();
                        }).ok());
    return out;
  }
  fe_backup::Journal& journal() { return host_->journal(); }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteJournal> journal_;
  std::unique_ptr<MetaLog> meta_;
  std::unique_ptr<FrontendHost> host_;
};

TEST_F(FrontendHostJournalTest, CheckpointReplacesTheModuleRecordsAndKeepsTheHostOnes) {
  ASSERT_TRUE(journal_->Append(1, "host").ok());
  ASSERT_TRUE(journal().Append(10001, "job 1").ok());
  ASSERT_TRUE(journal().Append(10001, "job 2").ok());
  ASSERT_TRUE(journal().Checkpoint(10002, "image").ok());
  ASSERT_TRUE(journal().Append(10001, "job 3").ok());
  Reopen();
  auto records = Records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], std::make_pair(uint16_t{1}, std::string("host")));
  EXPECT_EQ(records[1], std::make_pair(uint16_t{10002}, std::string("image")));
  EXPECT_EQ(records[2], std::make_pair(uint16_t{10001}, std::string("job 3")));
}

TEST_F(FrontendHostJournalTest, CheckpointWithAHostOpIsRefusedAndChangesNothing) {
  ASSERT_TRUE(journal().Append(10001, "job").ok());
  fe_backup::HostStatus st = journal().Checkpoint(7, "image");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code, fe_backup::HostCode::kInvalidArgument);
  EXPECT_NE(st.message.find("journal op 7"), std::string::npos) << st.message;
  EXPECT_FALSE(journal().Checkpoint(20000, "image").ok());
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].second, "job");
}

TEST_F(FrontendHostJournalTest, NextIdsHandsOutRangesThatNeverOverlapAcrossRestarts) {
  int64_t first = journal().NextIds(5000);
  EXPECT_EQ(journal().NextId(), first + 5000);
  Reopen();
  EXPECT_GT(journal().NextIds(3), first + 5000);
}

TEST_F(FrontendHostJournalTest, NextIdsOutsideTheContractStopsTheFrontend) {
  // The contract has no error path; handing out nothing or a negative range would be a module
  // bug that the host must not paper over.
  EXPECT_DEATH(journal().NextIds(0), "NextIds\\(0\\)");
  EXPECT_DEATH(journal().NextIds(10'000'001), "NextIds\\(10000001\\)");
}

}  // namespace
}  // namespace feb::frontend
