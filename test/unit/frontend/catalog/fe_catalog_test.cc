#include "frontend/catalog/fe_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace feb::frontend {
namespace {

using std::chrono::milliseconds;

class FeCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fe_catalog_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    journal_ = std::move(SqliteJournal::Open(dir_.string())).value();
    meta_ = std::make_unique<MetaLog>(journal_.get());
    catalog_ = std::make_unique<FeCatalog>(meta_.get());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  fe_backup::TableInfo Table(const std::string& name) {
    fe_backup::TableInfo t;
    t.id = *meta_->NextId();
    t.name = name;
    t.definition.name = name;
    t.definition.columns.push_back({"k", "INT", false, true, "", std::nullopt, ""});
    t.definition.key_columns = {"k"};
    t.definition.partition_columns = {"k"};
    t.definition.partitions = {{"p1", {"10"}}};
    fe_backup::PartitionInfo p;
    p.id = *meta_->NextId();
    p.name = "p1";
    fe_backup::IndexInfo idx{*meta_->NextId(), name, 1234, {}};
    idx.tablets.push_back({*meta_->NextId(), {{*meta_->NextId(), 1, 1, -1, false, -1}}});
    p.indexes.push_back(idx);
    t.partitions.push_back(p);
    return t;
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteJournal> journal_;
  std::unique_ptr<MetaLog> meta_;
  std::unique_ptr<FeCatalog> catalog_;
};

TEST_F(FeCatalogTest, TablesPartitionsAndVersionsChangeThroughTheJournal) {
  int64_t db = *catalog_->CreateDatabase("d", false);
  ASSERT_GT(db, 0);
  auto t = Table("t");
  ASSERT_TRUE(catalog_->CreateTable(db, t).ok());
  Status dup = catalog_->CreateTable(db, t);
  EXPECT_EQ(dup.mysql_errno(), 1050);
  fe_backup::PartitionInfo p2 = t.partitions[0];
  p2.id = 999999;
  p2.name = "p2";
  ASSERT_TRUE(catalog_->AddPartition(db, t.id, {"p2", {"20"}}, p2).ok());
  int64_t replica = t.partitions[0].indexes[0].tablets[0].replicas[0].id;
  ASSERT_TRUE(catalog_->UpdateVersions(db, t.id, t.partitions[0].id, 2, {{replica, 2}}).ok());
  auto got = catalog_->FindTable(db, "t");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->partitions.size(), 2u);
  EXPECT_EQ(got->partitions[0].visible_version, 2);
  EXPECT_EQ(got->partitions[0].indexes[0].tablets[0].replicas[0].version, 2);
  EXPECT_EQ(got->definition.partitions.back().upper_bound, std::vector<std::string>{"20"});
  EXPECT_FALSE(catalog_->FindTable(db, "T"));  // names are case-sensitive
  EXPECT_EQ(catalog_->CountTabletsOnBackend(1), 2u);

  // Replaying the journal into a fresh catalog gives the same state.
  FeCatalog replayed(meta_.get());
  ASSERT_TRUE(journal_->ForEach(0, [&](int64_t, uint16_t op, std::string_view payload) {
    return replayed.Apply(static_cast<MetaOp>(op), nlohmann::json::parse(payload));
  }).ok());
  EXPECT_EQ(replayed.Snapshot(), catalog_->Snapshot());
  FeCatalog restored(meta_.get());
  ASSERT_TRUE(restored.Restore(catalog_->Snapshot()).ok());
  EXPECT_EQ(restored.Snapshot(), catalog_->Snapshot());

  ASSERT_TRUE(catalog_->DropPartition(db, t.id, "p2").ok());
  ASSERT_TRUE(catalog_->DropTable(db, t.id).ok());
  EXPECT_TRUE(catalog_->ListTables(db).empty());
  EXPECT_EQ(catalog_->DropDatabase("nope", false).mysql_errno(), 1008);
  EXPECT_TRUE(catalog_->DropDatabase("nope", true).ok());
}

TEST_F(FeCatalogTest, DatabaseLocksTimeOutAndExcludeWriters) {
  int64_t db = *catalog_->CreateDatabase("d", false);
  auto read1 = catalog_->ReadLock(db, milliseconds(100));
  ASSERT_TRUE(read1.ok());
  auto read2 = catalog_->ReadLock(db, milliseconds(100));
  EXPECT_TRUE(read2.ok()) << "readers share the lock";
  auto write = catalog_->WriteLock(db, milliseconds(50));
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.status.code, fe_backup::HostCode::kTimeout);
  read1.value.reset();
  read2.value.reset();
  auto write2 = catalog_->WriteLock(db, milliseconds(100));
  ASSERT_TRUE(write2.ok());
  std::thread other([&] { EXPECT_FALSE(catalog_->ReadLock(db, milliseconds(20)).ok()); });
  other.join();
  EXPECT_EQ(catalog_->ReadLock(424242, milliseconds(10)).status.code, fe_backup::HostCode::kNotFound);
}

TEST_F(FeCatalogTest, CorruptRecordsAreReportedNotApplied) {
  EXPECT_EQ(catalog_->Apply(MetaOp::kCreateTable, nlohmann::json{{"db_id", 1}}).code(), StatusCode::kCorruption);
  EXPECT_EQ(catalog_->Apply(MetaOp::kCreateDatabase, nlohmann::json{{"id", "x"}}).code(), StatusCode::kCorruption);
  EXPECT_EQ(catalog_->Restore(nlohmann::json::array({nlohmann::json{{"id", 1}}})).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace feb::frontend
