// The fixture of the RestoreStager tests: RESTORE's catalog writes over a real SQLite journal,
// the real catalog, registry and table creator, and fake backends.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontend/catalog/catalog_json.h"
#include "frontend/plugin_host/restore_stager.h"
#include "test/unit/frontend/fake_backend_data_client.h"

namespace feb::frontend::testing {

// RESTORE's catalog writes over a real SQLite journal, the real catalog, registry and table
// creator, and fake backends. "Replayed" catalogs are rebuilt from the journal file on disk
// through a second connection, as a restart after kill -9 would.
class RestoreStagerTest : public ::testing::Test {
 public:
  static fe_backup::TableDefinition Def(const std::string& name,
                                        std::vector<fe_backup::RangePartitionDefinition> partitions) {
    fe_backup::TableDefinition def;
    def.name = name;
    def.columns.push_back({"k", "INT", false, true, "", std::nullopt, ""});
    def.columns.push_back({"v", "VARCHAR(10)", true, false, "", std::nullopt, ""});
    def.key_columns = {"k"};
    def.distribution_columns = {"k"};
    def.buckets = 2;
    def.properties["replication_num"] = "2";
    if (!partitions.empty()) def.partition_columns = {"k"};
    def.partitions = std::move(partitions);
    return def;
  }

 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fe_restore_stager_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Open();
    for (const char* a : {"h1:9050", "h2:9050", "h3:9050"}) {
      auto id = backends_->Add(a);
      ASSERT_TRUE(id.ok()) << id.status();
      backend_ids_.push_back(*id);
    }
    MarkAllAlive();
    db_ = *catalog_->CreateDatabase("d", false);
  }
  void TearDown() override {
    Close();
    std::filesystem::remove_all(dir_);
  }

  void Close() {
    stager_.reset();
    creator_.reset();
    catalog_.reset();
    backends_.reset();
    meta_.reset();
    journal_.reset();
  }
  void Open() {
    journal_ = std::move(SqliteJournal::Open(dir_.string())).value();
    meta_ = std::make_unique<MetaLog>(journal_.get());
    catalog_ = std::make_unique<FeCatalog>(meta_.get());
    backends_ = std::make_unique<BackendRegistry>(meta_.get());
    // As FrontendServer::Replay: the checkpoint image, then the records after it.
    int64_t covered = 0;
    auto checkpoint = std::move(journal_->ReadCheckpoint()).value();
    if (checkpoint) {
      auto image = nlohmann::json::parse(checkpoint->image);
      ASSERT_TRUE(catalog_->Restore(image["catalog"]).ok());
      ASSERT_TRUE(backends_->Restore(image["backends"]).ok());
      covered = checkpoint->last_seq;
    }
    ASSERT_TRUE(journal_->ForEach(covered, [&](int64_t, uint16_t op, std::string_view payload) {
                          auto j = nlohmann::json::parse(payload);
                          return op < 20 ? catalog_->Apply(static_cast<MetaOp>(op), j)
                                         : backends_->Apply(static_cast<MetaOp>(op), j);
                        }).ok());
    creator_ = std::make_unique<TableCreator>(TableCreator::Deps{meta_.get(), backends_.get(), &data_});
    RestoreStager::Deps deps;
    deps.catalog = catalog_.get();
    deps.meta = meta_.get();
    deps.backends = backends_.get();
    deps.creator = creator_.get();
    deps.lock_timeout = std::chrono::milliseconds(200);
    stager_ = std::make_unique<RestoreStager>(deps);
  }
  // A frontend restart: everything rebuilt from the journal; backends beat again.
  void Restart() {
    Close();
    Open();
    MarkAllAlive();
  }
  void MarkAllAlive() {
    for (int64_t id : backend_ids_) {
      BackendEntry e;
      e.info.be_port = 9060;
      backends_->RecordHeartbeat(id, true, e, 1);
    }
  }

  // The catalog a restart would rebuild from the records with seq <= max_seq.
  std::unique_ptr<FeCatalog> Replayed(int64_t max_seq = std::numeric_limits<int64_t>::max()) {
    auto other = std::move(SqliteJournal::Open(dir_.string())).value();
    auto replayed = std::make_unique<FeCatalog>(meta_.get());
    Status st = other->ForEach(0, [&](int64_t seq, uint16_t op, std::string_view payload) {
      if (seq > max_seq || op >= 20) return Status::OK();
      return replayed->Apply(static_cast<MetaOp>(op), nlohmann::json::parse(payload));
    });
    EXPECT_TRUE(st.ok()) << st;
    return replayed;
  }

  fe_backup::TableInfo CreateTable(const fe_backup::TableDefinition& def) {
    auto table = creator_->CreateTable(db_, def);
    EXPECT_TRUE(table.ok()) << table.status();
    EXPECT_TRUE(catalog_->CreateTable(db_, *table).ok());
    return *table;
  }
  static fe_backup::RestoreStageRequest Request(const std::string& table, const fe_backup::TableDefinition& snapshot,
                                                std::vector<fe_backup::RestorePartitionSpec> partitions,
                                                int32_t replication = 2) {
    fe_backup::RestoreStageRequest r;
    r.job_id = 4242;
    r.table_name = table;
    r.definition = snapshot;
    r.definition.name = table;
    r.partitions = std::move(partitions);
    r.replication_num = replication;
    return r;
  }
  size_t Tablets() {
    size_t n = 0;
    for (int64_t id : backend_ids_) n += data_.TabletCount(id);
    return n;
  }
  size_t Records() {
    size_t n = 0;
    EXPECT_TRUE(journal_->ForEach(0, [&](int64_t, uint16_t, std::string_view) {
                          ++n;
                          return Status::OK();
                        }).ok());
    return n;
  }
  // Whatever a refused stage touched: nothing.
  void ExpectNothingLeft(size_t tablets, size_t records, const std::string& table) {
    EXPECT_EQ(Tablets(), tablets);
    EXPECT_EQ(Records(), records);
    EXPECT_TRUE(stager_->ListRestoreStages().empty());
    EXPECT_TRUE(catalog_->ListStages().empty());
    if (auto t = catalog_->FindTable(db_, table)) {
      EXPECT_FALSE(catalog_->HasPendingRestore(db_, t->id));
    } else {
      EXPECT_FALSE(catalog_->TableNameTaken(db_, table));
    }
  }

  std::filesystem::path dir_;
  testing::FakeBackendDataClient data_;
  std::vector<int64_t> backend_ids_;
  std::unique_ptr<SqliteJournal> journal_;
  std::unique_ptr<MetaLog> meta_;
  std::unique_ptr<FeCatalog> catalog_;
  std::unique_ptr<BackendRegistry> backends_;
  std::unique_ptr<TableCreator> creator_;
  std::unique_ptr<RestoreStager> stager_;
  int64_t db_ = 0;
};

inline const fe_backup::TableDefinition kSnapshot =
    RestoreStagerTest::Def("t", {{"p1", {"10"}}, {"p2", {"20"}}, {"p3", {"30"}}});

// Another writer holding SQLite's write lock makes every append fail (after the journal's 5 s busy
// timeout): the journal is "down".
class JournalOutage {
 public:
  explicit JournalOutage(const std::filesystem::path& dir) {
    sqlite3_open((dir / "journal.db").string().c_str(), &db_);
    ok_ = sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~JournalOutage() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  bool ok() const { return ok_; }

 private:
  sqlite3* db_ = nullptr;
  bool ok_ = false;
};


}  // namespace feb::frontend::testing
