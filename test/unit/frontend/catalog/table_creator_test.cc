#include "frontend/catalog/table_creator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "test/unit/frontend/fake_backend_data_client.h"

namespace feb::frontend {
namespace {

class TableCreatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fe_table_creator_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    journal_ = std::move(SqliteJournal::Open(dir_.string())).value();
    meta_ = std::make_unique<MetaLog>(journal_.get());
    backends_ = std::make_unique<BackendRegistry>(meta_.get());
    creator_ = std::make_unique<TableCreator>(TableCreator::Deps{meta_.get(), backends_.get(), &data_});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int64_t AddAliveBackend(const std::string& address) {
    auto id = backends_->Add(address);
    EXPECT_TRUE(id.ok()) << id.status();
    BackendEntry e;
    e.info.be_port = 9060;
    backends_->RecordHeartbeat(*id, true, e, 1);
    return *id;
  }
  static fe_backup::TableDefinition Definition(int replication, int buckets, std::vector<std::string> partitions) {
    fe_backup::TableDefinition def;
    def.name = "t";
    def.columns.push_back({"k", "INT", false, true, "", std::nullopt, ""});
    def.key_columns = {"k"};
    def.distribution_columns = {"k"};
    def.buckets = buckets;
    def.properties["replication_num"] = std::to_string(replication);
    if (!partitions.empty()) def.partition_columns = {"k"};
    int bound = 0;
    for (auto& p : partitions) def.partitions.push_back({p, {std::to_string(bound += 10)}});
    return def;
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteJournal> journal_;
  std::unique_ptr<MetaLog> meta_;
  std::unique_ptr<BackendRegistry> backends_;
  testing::FakeBackendDataClient data_;
  std::unique_ptr<TableCreator> creator_;
};

TEST_F(TableCreatorTest, CreatesEveryReplicaOnDistinctAliveBackends) {
  int64_t b1 = AddAliveBackend("h1:9050");
  int64_t b2 = AddAliveBackend("h2:9050");
  int64_t b3 = AddAliveBackend("h3:9050");
  auto table = creator_->CreateTable(1, Definition(2, 3, {"p1", "p2"}));
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->partitions.size(), 2u);
  EXPECT_EQ(table->partitions[0].name, "p1");
  std::set<int64_t> ids{table->id};
  size_t replicas = 0;
  for (const auto& p : table->partitions) {
    EXPECT_EQ(p.visible_version, 1);
    ids.insert(p.id);
    ASSERT_EQ(p.indexes.size(), 1u);
    ASSERT_EQ(p.indexes[0].tablets.size(), 3u);
    for (const auto& t : p.indexes[0].tablets) {
      ids.insert(t.id);
      ASSERT_EQ(t.replicas.size(), 2u);
      EXPECT_NE(t.replicas[0].backend_id, t.replicas[1].backend_id) << "tablet " << t.id;
      for (const auto& r : t.replicas) ids.insert(r.id);
      replicas += t.replicas.size();
    }
  }
  EXPECT_EQ(ids.size(), 1 + 2 + 2 * 3 + replicas) << "every object has its own id";
  EXPECT_EQ(data_.TabletCount(b1) + data_.TabletCount(b2) + data_.TabletCount(b3), replicas);
  EXPECT_EQ(data_.TabletCount(b1), 4u) << "round-robin placement spreads the 12 replicas evenly";
}

TEST_F(TableCreatorTest, AnUnpartitionedTableGetsOnePartitionNamedAfterIt) {
  AddAliveBackend("h1:9050");
  auto table = creator_->CreateTable(1, Definition(1, 1, {}));
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->partitions.size(), 1u);
  EXPECT_EQ(table->partitions[0].name, "t");
}

TEST_F(TableCreatorTest, TooFewAliveBackendsAreRefusedWithStarRocksText) {
  int64_t b1 = AddAliveBackend("h1:9050");
  auto table = creator_->CreateTable(1, Definition(3, 1, {}));
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("Current alive backend is [" + std::to_string(b1) +
                                          "]. , replication_num is 3"),
            std::string::npos)
      << table.status();
}

TEST_F(TableCreatorTest, AFailingBackendLeavesNoTabletAnywhere) {
  int64_t b1 = AddAliveBackend("h1:9050");
  int64_t b2 = AddAliveBackend("h2:9050");
  data_.FailBackend(b2, true);
  auto parts = creator_->CreatePartitions(1, 100, Definition(2, 2, {"p1"}), {"p1"}, 7, 101);
  ASSERT_FALSE(parts.ok());
  EXPECT_NE(parts.status().message().find("create tablets on backend " + std::to_string(b2)), std::string::npos)
      << parts.status();
  EXPECT_EQ(data_.TabletCount(b1), 0u);
  EXPECT_EQ(data_.TabletCount(b2), 0u);
}

TEST_F(TableCreatorTest, DropOnBackendsRemovesWhatCreatePartitionsMade) {
  int64_t b1 = AddAliveBackend("h1:9050");
  auto def = Definition(1, 4, {"p1"});
  auto parts = creator_->CreatePartitions(1, 100, def, {"p1"}, 7, 101);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(data_.TabletCount(b1), 4u);
  EXPECT_EQ(parts->front().indexes.front().schema_hash, 7);
  EXPECT_EQ(parts->front().indexes.front().id, 101);
  creator_->DropOnBackends(1, 100, def, *parts);
  EXPECT_EQ(data_.TabletCount(b1), 0u);
}

}  // namespace
}  // namespace feb::frontend
