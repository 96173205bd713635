#include "frontend/journal/sqlite_journal.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

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
  // Runs `sql` on the journal's database file through a connection of its own (the journal
  // itself closed), as an operator or a crash would leave it.
  void ExecOnFile(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "journal.db").string().c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << msg;
  }
  std::filesystem::path dir_;
};

constexpr uint16_t kModuleOp = 10001;
constexpr uint16_t kModuleImageOp = 10002;
constexpr uint16_t kHostOp = 3;

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

TEST_F(SqliteJournalTest, ModuleCheckpointDropsEveryEarlierModuleRecordAndNoHostRecord) {
  auto j = Open();
  ASSERT_TRUE(j->Append(kHostOp, "h1").ok());
  ASSERT_TRUE(j->Append(kModuleOp, "m1").ok());
  ASSERT_TRUE(j->Append(kHostOp, "h2").ok());
  ASSERT_TRUE(j->Append(19999, "m2").ok());  // the last module op is the module's too
  ASSERT_TRUE(j->Append(10000, "m3").ok());  // and the first
  auto seq = j->AppendModuleCheckpoint(kModuleImageOp, "image");
  ASSERT_TRUE(seq.ok()) << seq.status();
  EXPECT_EQ(*seq, 6);
  EXPECT_EQ(j->last_seq(), 6);
  auto all = All(j.get());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], std::make_pair(kHostOp, std::string("h1")));
  EXPECT_EQ(all[1], std::make_pair(kHostOp, std::string("h2")));
  EXPECT_EQ(all[2], std::make_pair(kModuleImageOp, std::string("image")));
}

TEST_F(SqliteJournalTest, ReplayAfterReopenSeesTheModuleCheckpointThenLaterModuleRecords) {
  {
    auto j = Open();
    ASSERT_TRUE(j->Append(kModuleOp, "old").ok());
    ASSERT_TRUE(j->AppendModuleCheckpoint(kModuleImageOp, "image 1").ok());
    ASSERT_TRUE(j->Append(kModuleOp, "between").ok());
    ASSERT_TRUE(j->AppendModuleCheckpoint(kModuleImageOp, std::string("image\0 2", 8)).ok());
    ASSERT_TRUE(j->Append(kModuleOp, "after").ok());
    ASSERT_TRUE(j->Append(kHostOp, "host").ok());
  }
  auto j = Open();
  std::vector<std::pair<int64_t, std::string>> module;
  ASSERT_TRUE(j->ForEach(0, [&](int64_t seq, uint16_t op, std::string_view p) {
                 if (op >= 10000) module.emplace_back(seq, std::string(p));
                 return Status::OK();
               }).ok());
  ASSERT_EQ(module.size(), 2u);
  EXPECT_EQ(module[0], std::make_pair(int64_t{4}, std::string("image\0 2", 8)));
  EXPECT_EQ(module[1], std::make_pair(int64_t{5}, std::string("after")));
  EXPECT_EQ(*j->Append(kModuleOp, "next"), 7);  // sequence numbers continue after the reopen
}

TEST_F(SqliteJournalTest, HostCheckpointAfterAModuleCheckpointKeepsTheModuleImage) {
  auto j = Open();
  ASSERT_TRUE(j->Append(kModuleOp, "m").ok());
  ASSERT_TRUE(j->AppendModuleCheckpoint(kModuleImageOp, "image").ok());
  ASSERT_TRUE(j->Append(kHostOp, "h").ok());
  ASSERT_TRUE(j->WriteCheckpoint(j->last_seq(), "catalog").ok());
  auto all = All(j.get());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], std::make_pair(kModuleImageOp, std::string("image")));
}

TEST_F(SqliteJournalTest, AModuleCheckpointThatFailsHalfwayLeavesTheOldRecords) {
  {
    auto j = Open();
    ASSERT_TRUE(j->Append(kModuleOp, "m1").ok());
    ASSERT_TRUE(j->Append(kModuleOp, "m2").ok());
  }
  // The image row goes in first; failing the trim that follows must take it back out.
  ExecOnFile("CREATE TRIGGER fail_trim BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'injected'); END");
  {
    auto j = Open();
    auto seq = j->AppendModuleCheckpoint(kModuleImageOp, "image");
    ASSERT_FALSE(seq.ok());
    EXPECT_NE(seq.status().message().find("injected"), std::string::npos) << seq.status();
    EXPECT_EQ(j->last_seq(), 2);
    EXPECT_EQ(*j->Append(kModuleOp, "m3"), 3);  // the failed checkpoint used no sequence number
  }
  ExecOnFile("DROP TRIGGER fail_trim");
  auto j = Open();
  auto all = All(j.get());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].second, "m1");
  EXPECT_EQ(all[1].second, "m2");
  EXPECT_EQ(all[2].second, "m3");
  ASSERT_TRUE(j->AppendModuleCheckpoint(kModuleImageOp, "image").ok());  // and it works again
  all = All(j.get());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].second, "image");
}

TEST_F(SqliteJournalTest, AModuleCheckpointWhoseInsertFailsChangesNothing) {
  {
    auto j = Open();
    ASSERT_TRUE(j->Append(kModuleOp, "m1").ok());
  }
  ExecOnFile("CREATE TRIGGER fail_insert BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'injected'); END");
  {
    auto j = Open();
    EXPECT_FALSE(j->AppendModuleCheckpoint(kModuleImageOp, "image").ok());
  }
  ExecOnFile("DROP TRIGGER fail_insert");
  auto j = Open();
  auto all = All(j.get());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].second, "m1");
}

TEST_F(SqliteJournalTest, IdRangesNeverOverlapAcrossReopens) {
  std::vector<std::pair<int64_t, int64_t>> ranges;  // [first, first + count)
  const int64_t counts[] = {1, SqliteJournal::kIdBatch - 1, 3, 5 * SqliteJournal::kIdBatch, 1, 7};
  for (int round = 0; round < 3; ++round) {
    auto j = Open();
    for (int64_t n : counts) {
      auto first = j->NextIds(n);
      ASSERT_TRUE(first.ok()) << first.status();
      ranges.emplace_back(*first, *first + n);
    }
    ASSERT_TRUE(j->NextId().ok());
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    EXPECT_LE(ranges[i - 1].second, ranges[i].first) << "range " << i;
  }
}

TEST_F(SqliteJournalTest, IdRangesAfterReopenStartAboveThePersistedLimit) {
  int64_t end = 0;
  {
    auto j = Open();
    auto first = j->NextIds(2 * SqliteJournal::kIdBatch + 5);  // one write covers the whole range
    ASSERT_TRUE(first.ok());
    end = *first + 2 * SqliteJournal::kIdBatch + 5;
  }
  // A kill -9 here loses nothing: the limit was written before the range was handed out.
  auto j = Open();
  auto next = j->NextIds(1);
  ASSERT_TRUE(next.ok());
  EXPECT_GE(*next, end);
}

TEST_F(SqliteJournalTest, AnEmptyOrNegativeIdRangeIsAnError) {
  auto j = Open();
  auto zero = j->NextIds(0);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(zero.status().message().find("0 ids"), std::string::npos) << zero.status();
  EXPECT_FALSE(j->NextIds(-1).ok());
  auto id = j->NextId();  // the refused calls used up nothing
  ASSERT_TRUE(id.ok());
  auto again = j->NextId();
  EXPECT_EQ(*again, *id + 1);
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
