#include "frontend/plugin_host/restore_stager.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <limits>
#include <set>

#include "frontend/catalog/catalog_json.h"
#include "test/unit/frontend/fake_backend_data_client.h"

namespace feb::frontend {
namespace {

using fe_backup::HostCode;

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

const fe_backup::TableDefinition kSnapshot =
    RestoreStagerTest::Def("t", {{"p1", {"10"}}, {"p2", {"20"}}, {"p3", {"30"}}});

TEST_F(RestoreStagerTest, CreateDatabaseReturnsAnExistingOneAndJournalsANewOne) {
  auto same = stager_->CreateDatabase("d");
  ASSERT_TRUE(same.ok()) << same.status.message;
  EXPECT_EQ(same.value->id, db_);
  size_t records = Records();
  auto created = stager_->CreateDatabase("restored_db");
  ASSERT_TRUE(created.ok()) << created.status.message;
  EXPECT_EQ(created.value->name, "restored_db");
  EXPECT_EQ(Records(), records + 1);
  auto replayed = Replayed()->FindDatabase("restored_db");
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->id, created.value->id);
  EXPECT_EQ(stager_->CreateDatabase("").status.code, HostCode::kInvalidArgument);
}

TEST_F(RestoreStagerTest, ANewTableStageIsInvisibleUntilItsCommit) {
  auto staged = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 5}, {"p3", 7}}));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  const fe_backup::RestoreStage& s = *staged.value;
  EXPECT_TRUE(s.new_table);
  EXPECT_FALSE(s.committed);
  EXPECT_EQ(s.job_id, 4242);
  EXPECT_EQ(s.db_id, db_);
  EXPECT_EQ(s.table.name, "r");
  EXPECT_EQ(s.table.definition.name, "r");
  EXPECT_EQ(s.table.definition.properties.at("replication_num"), "2");
  ASSERT_EQ(s.table.definition.partitions.size(), 2u) << "only the staged partitions are defined";
  ASSERT_EQ(s.table.partitions.size(), 2u);
  EXPECT_EQ(s.table.partitions[0].name, "p1");
  EXPECT_EQ(s.table.partitions[0].visible_version, 5);
  EXPECT_EQ(s.table.partitions[1].name, "p3");
  EXPECT_EQ(s.table.partitions[1].visible_version, 7);
  for (const auto& p : s.table.partitions) {
    ASSERT_EQ(p.indexes.size(), 1u);
    EXPECT_EQ(p.indexes[0].name, "r") << "the base index is named like the table";
    ASSERT_EQ(p.indexes[0].tablets.size(), 2u);
    for (const auto& t : p.indexes[0].tablets) {
      ASSERT_EQ(t.replicas.size(), 2u);
      EXPECT_NE(t.replicas[0].backend_id, t.replicas[1].backend_id);
      EXPECT_EQ(t.replicas[0].version, 1) << "created empty";
      for (const auto& r : t.replicas) EXPECT_TRUE(data_.CreatedForRestore(r.backend_id, t.id));
    }
  }
  EXPECT_EQ(Tablets(), 2u * 2u * 2u);
  // Invisible: no read finds it, its id included; its name is held.
  EXPECT_FALSE(catalog_->FindTable(db_, "r"));
  EXPECT_FALSE(catalog_->FindTableById(db_, s.table.id));
  EXPECT_TRUE(catalog_->ListTables(db_).empty());
  EXPECT_TRUE(catalog_->TableNameTaken(db_, "r"));
  auto list = stager_->ListRestoreStages();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].stage_id, s.stage_id);
  // Durable before it returned, and still invisible after a replay.
  auto replayed = Replayed();
  EXPECT_EQ(replayed->Snapshot(), catalog_->Snapshot());
  EXPECT_FALSE(replayed->FindTable(db_, "r"));
  ASSERT_EQ(replayed->ListStages().size(), 1u);

  ASSERT_TRUE(stager_->CommitRestore(s.stage_id).ok());
  auto t = catalog_->FindTable(db_, "r");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->id, s.table.id);
  EXPECT_EQ(catalog_->ListTables(db_), std::vector<std::string>{"r"});
  ASSERT_EQ(t->partitions.size(), 2u);
  for (const auto& p : t->partitions) {
    for (const auto& tab : p.indexes[0].tablets) {
      for (const auto& r : tab.replicas) {
        EXPECT_EQ(r.version, p.visible_version) << "every replica at the partition's version";
        EXPECT_EQ(r.last_failed_version, -1);
      }
    }
  }
  EXPECT_EQ(t->partitions[1].visible_version, 7);
  EXPECT_TRUE(stager_->ListRestoreStages().at(0).committed);
  EXPECT_EQ(Replayed()->Snapshot(), catalog_->Snapshot());
  EXPECT_EQ(Tablets(), 8u) << "a new table replaces nothing";

  size_t records = Records();
  EXPECT_TRUE(stager_->CommitRestore(s.stage_id).ok()) << "a repeated commit answers OK";
  EXPECT_EQ(Records(), records) << "and journals nothing";
  ASSERT_TRUE(stager_->ForgetRestoreStage(s.stage_id).ok());
  EXPECT_TRUE(stager_->ListRestoreStages().empty());
  EXPECT_TRUE(catalog_->FindTable(db_, "r")) << "forgetting keeps the table";
  EXPECT_EQ(Replayed()->Snapshot(), catalog_->Snapshot());
  EXPECT_TRUE(stager_->ForgetRestoreStage(s.stage_id).ok()) << "unknown: OK";
  EXPECT_EQ(stager_->CommitRestore(s.stage_id).code, HostCode::kNotFound);
}

TEST_F(RestoreStagerTest, ANewTableStageHoldsItsNameAgainstTablesAndOtherStages) {
  auto staged = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 2}}));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  fe_backup::TableInfo other;
  other.id = 999999;
  other.name = "r";
  other.definition = Def("r", {});
  Status st = catalog_->CreateTable(db_, other);
  EXPECT_EQ(st.mysql_errno(), 1050);
  EXPECT_EQ(st.message(), "Table 'r' already exists");
  size_t tablets = Tablets();
  auto again = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p2", 2}}));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status.code, HostCode::kAlreadyExists);
  EXPECT_NE(again.status.message.find("restore stage " + std::to_string(staged.value->stage_id)), std::string::npos)
      << again.status.message;
  EXPECT_EQ(Tablets(), tablets) << "the refused stage created nothing";
  // The name is free again once the stage is aborted.
  ASSERT_TRUE(stager_->AbortRestore(staged.value->stage_id).ok());
  EXPECT_FALSE(catalog_->TableNameTaken(db_, "r"));
  EXPECT_TRUE(catalog_->CreateTable(db_, other).ok());
}

TEST_F(RestoreStagerTest, AnExistingTableKeepsItsDataUntilTheCommitReplacesAndAddsPartitionsInRangeOrder) {
  auto old = CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  size_t tablets = Tablets();
  auto staged = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p2", 4}, {"p3", 6}}, 3));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  const auto& s = *staged.value;
  EXPECT_FALSE(s.new_table);
  EXPECT_EQ(s.table.id, old.id);
  ASSERT_EQ(s.table.partitions.size(), 2u);
  EXPECT_EQ(s.table.partitions[0].name, "p2");
  EXPECT_NE(s.table.partitions[0].id, old.partitions[1].id) << "a new partition id";
  EXPECT_EQ(s.table.partitions[0].indexes[0].id, old.partitions[0].indexes[0].id) << "the table's own index";
  EXPECT_EQ(s.table.partitions[0].indexes[0].schema_hash, old.partitions[0].indexes[0].schema_hash);
  EXPECT_EQ(s.table.partitions[0].indexes[0].tablets.size(), 2u) << "the table's own buckets";
  EXPECT_EQ(s.table.partitions[0].indexes[0].tablets[0].replicas.size(), 3u) << "replication_num of the request";
  ASSERT_EQ(s.table.definition.partitions.size(), 3u);
  EXPECT_EQ(s.table.definition.partitions[2].name, "p3");
  EXPECT_EQ(Tablets(), tablets + 2 * 2 * 3);
  // Until the commit: the old table, unchanged; loads refused.
  auto before = catalog_->FindTable(db_, "t");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->partitions.size(), 2u);
  EXPECT_EQ(before->partitions[1].id, old.partitions[1].id);
  EXPECT_TRUE(catalog_->HasPendingRestore(db_, old.id));
  EXPECT_EQ(Replayed()->Snapshot(), catalog_->Snapshot());

  ASSERT_TRUE(stager_->CommitRestore(s.stage_id).ok());
  EXPECT_FALSE(catalog_->HasPendingRestore(db_, old.id));
  auto after = catalog_->FindTable(db_, "t");
  ASSERT_TRUE(after);
  ASSERT_EQ(after->partitions.size(), 3u);
  EXPECT_EQ(after->partitions[0].id, old.partitions[0].id) << "p1 is not in the stage: untouched";
  EXPECT_EQ(after->partitions[0].visible_version, 1);
  EXPECT_EQ(after->partitions[1].id, s.table.partitions[0].id);
  EXPECT_EQ(after->partitions[1].visible_version, 4);
  EXPECT_EQ(after->partitions[2].name, "p3");
  EXPECT_EQ(after->partitions[2].visible_version, 6);
  EXPECT_EQ(after->partitions[2].indexes[0].tablets[0].replicas[0].version, 6);
  ASSERT_EQ(after->definition.partitions.size(), 3u);
  EXPECT_EQ(after->definition.partitions[2].upper_bound, std::vector<std::string>{"30"});
  EXPECT_EQ(after->definition.properties.at("replication_num"), "2") << "the table's own definition";
  EXPECT_EQ(Tablets(), tablets + 2 * 2 * 3 - 2 * 2) << "the replaced p2's tablets are dropped on the backends";
  EXPECT_EQ(Replayed()->Snapshot(), catalog_->Snapshot());
}

TEST_F(RestoreStagerTest, AnAddedRangeThatOverlapsAPartitionIsRefusedAndLeavesNothing) {
  // p2 of the snapshot is [10, 20); the table's p3 is [10, 30) since it has no p2.
  CreateTable(Def("t", {{"p1", {"10"}}, {"p3", {"30"}}}));
  size_t tablets = Tablets(), records = Records();
  auto staged = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p2", 3}}));
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.status.code, HostCode::kInvalidArgument);
  EXPECT_EQ(staged.status.message, "Partition p2 in table t has conflict range with existing ranges: it overlaps "
                                   "partition p3");
  ExpectNothingLeft(tablets, records, "t");
  // A range above the last partition is fine.
  auto above = stager_->StageRestore(db_, Request("t", Def("t", {{"p1", {"10"}}, {"p3", {"30"}}, {"p4", {"40"}}}),
                                                  {{"p4", 2}}));
  EXPECT_TRUE(above.ok()) << above.status.message;
}

TEST_F(RestoreStagerTest, RequestsTheHostCannotSatisfyAreRefusedAndLeaveNothing) {
  CreateTable(Def("u", {}));
  CreateTable(Def("t", {{"p1", {"10"}}}));
  size_t tablets = Tablets(), records = Records();
  struct Case {
    fe_backup::RestoreStageRequest request;
    HostCode code;
    std::string message;
  };
  std::vector<Case> cases = {
      {Request("r", kSnapshot, {{"p1", 2}}, 4), HostCode::kInvalidArgument,
       "failed to find 4 different hosts to create table: r"},
      {Request("u", Def("u", {}), {{"u2", 2}}), HostCode::kInvalidArgument,
       "No partition exist in single partitioned table u"},
      {Request("t", Def("t", {{"p1", {"10"}}}), {{"p9", 2}}), HostCode::kInvalidArgument,
       "Partition p9 of table t is neither a partition of the table nor in the restore definition"},
      {Request("r", kSnapshot, {{"p9", 2}}), HostCode::kInvalidArgument,
       "Partition p9 of table r is not in its definition"},
      {Request("r", kSnapshot, {}), HostCode::kInvalidArgument, "the restore stage of table r names no partition"},
      {Request("r", kSnapshot, {{"p1", 2}, {"p1", 3}}), HostCode::kInvalidArgument,
       "the restore stage of table r names partition p1 twice"},
      {Request("r", kSnapshot, {{"p1", 0}}), HostCode::kInvalidArgument,
       "partition p1 of table r has version 0; expected at least 1"},
      {Request("r", kSnapshot, {{"p1", 2}}, 0), HostCode::kInvalidArgument,
       "replication_num of the restore stage of table r must be at least 1, got 0"},
      {Request("r", Def("r", {}), {{"a", 2}, {"b", 2}}), HostCode::kInvalidArgument,
       "table r is unpartitioned: a restore stages its one partition, not 2"},
  };
  for (const auto& c : cases) {
    auto r = stager_->StageRestore(db_, c.request);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status.code, c.code) << c.message;
    EXPECT_EQ(r.status.message, c.message);
    ExpectNothingLeft(tablets, records, c.request.table_name);
  }
  auto no_db = stager_->StageRestore(777777, Request("r", kSnapshot, {{"p1", 2}}));
  EXPECT_EQ(no_db.status.code, HostCode::kNotFound);
  EXPECT_EQ(no_db.status.message, "database 777777 does not exist");
}

TEST_F(RestoreStagerTest, ABackendFailingToCreateATabletLeavesNoTabletAndNoStage) {
  data_.FailBackend(backend_ids_[1], true);
  size_t records = Records();
  auto staged = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 2}, {"p2", 2}}));
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.status.code, HostCode::kUnavailable);
  EXPECT_NE(staged.status.message.find("create tablets on backend " + std::to_string(backend_ids_[1])),
            std::string::npos)
      << staged.status.message;
  // The stage was journaled before the tablets were created, and its abort after the failure.
  ExpectNothingLeft(0, records + 2, "r");
  EXPECT_EQ(Replayed()->Snapshot(), catalog_->Snapshot());
}

// A frontend killed while the backends create a stage's tablets must come back knowing the stage,
// so that its abort drops whatever was created: the stage is on disk before the first CREATE.
TEST_F(RestoreStagerTest, AStageIsOnDiskBeforeItsTabletsAreCreatedAndAbortsCleanlyFromThere) {
  std::optional<fe_backup::RestoreStage> on_disk;
  data_.OnCreate([&](int64_t) {
    if (on_disk) return;
    auto stages = Replayed()->ListStages();
    if (stages.size() == 1) on_disk = stages[0];
  });
  auto staged = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 3}, {"p2", 4}}));
  data_.OnCreate(nullptr);
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  ASSERT_TRUE(on_disk) << "the first CREATE came before the stage's record";
  EXPECT_EQ(StagedRestoreToJson({*on_disk, {}, {}}), StagedRestoreToJson({*staged.value, {}, {}}));
  // What a restart at that moment would hold: the stage, listed; its abort drops the tablets
  // (those created and, harmlessly, those that were not yet).
  Restart();
  ASSERT_EQ(stager_->ListRestoreStages().size(), 1u);
  EXPECT_TRUE(catalog_->TableNameTaken(db_, "r"));
  ASSERT_TRUE(stager_->AbortRestore(staged.value->stage_id).ok());
  EXPECT_EQ(Tablets(), 0u);
  EXPECT_FALSE(catalog_->TableNameTaken(db_, "r"));
}

TEST_F(RestoreStagerTest, AnotherStageOfTheSameTableIsRefused) {
  CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  auto first = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p1", 2}}));
  ASSERT_TRUE(first.ok()) << first.status.message;
  size_t tablets = Tablets();
  auto second = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p2", 2}}));
  EXPECT_EQ(second.status.code, HostCode::kAlreadyExists);
  EXPECT_EQ(second.status.message, "table 'd.t' is already the target of restore stage " +
                                       std::to_string(first.value->stage_id) + "; abort or commit it first");
  EXPECT_EQ(Tablets(), tablets);
}

TEST_F(RestoreStagerTest, AbortDropsTheTabletsAndForgetsTheStageButNotACommittedOne) {
  auto old = CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  size_t tablets = Tablets();
  auto staged = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p1", 3}}));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  EXPECT_GT(Tablets(), tablets);
  ASSERT_TRUE(stager_->AbortRestore(staged.value->stage_id).ok());
  EXPECT_EQ(Tablets(), tablets);
  EXPECT_TRUE(stager_->ListRestoreStages().empty());
  EXPECT_FALSE(catalog_->HasPendingRestore(db_, old.id));
  EXPECT_EQ(catalog_->FindTable(db_, "t")->partitions[0].id, old.partitions[0].id);
  EXPECT_EQ(Replayed()->Snapshot(), catalog_->Snapshot());
  EXPECT_TRUE(stager_->AbortRestore(staged.value->stage_id).ok()) << "unknown: OK";

  auto committed = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p1", 3}}));
  ASSERT_TRUE(committed.ok()) << committed.status.message;
  ASSERT_TRUE(stager_->CommitRestore(committed.value->stage_id).ok());
  fe_backup::HostStatus abort = stager_->AbortRestore(committed.value->stage_id);
  EXPECT_EQ(abort.code, HostCode::kInvalidArgument);
  EXPECT_NE(abort.message.find("is committed"), std::string::npos) << abort.message;
  EXPECT_EQ(catalog_->FindTable(db_, "t")->partitions[0].id, committed.value->table.partitions[0].id);
}

TEST_F(RestoreStagerTest, ForgettingAnUncommittedStageIsRefused) {
  auto staged = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 3}}));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  fe_backup::HostStatus st = stager_->ForgetRestoreStage(staged.value->stage_id);
  EXPECT_EQ(st.code, HostCode::kInvalidArgument);
  EXPECT_EQ(st.message, "restore stage " + std::to_string(staged.value->stage_id) +
                            " of table 'r' is not committed; abort it instead of forgetting it");
  EXPECT_EQ(stager_->ListRestoreStages().size(), 1u);
}

TEST_F(RestoreStagerTest, CommitAfterTheTableOrDatabaseWasDroppedAnswersNotFound) {
  auto old = CreateTable(Def("t", {{"p1", {"10"}}}));
  auto staged = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p1", 3}}));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  ASSERT_TRUE(catalog_->DropTable(db_, old.id).ok()) << "DROP TABLE of a staged table is allowed";
  fe_backup::HostStatus st = stager_->CommitRestore(staged.value->stage_id);
  EXPECT_EQ(st.code, HostCode::kNotFound);
  EXPECT_NE(st.message.find("was dropped"), std::string::npos) << st.message;
  EXPECT_FALSE(catalog_->FindTable(db_, "t"));
  EXPECT_TRUE(stager_->AbortRestore(staged.value->stage_id).ok());

  auto fresh = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 3}}));
  ASSERT_TRUE(fresh.ok()) << fresh.status.message;
  ASSERT_TRUE(catalog_->DropDatabase("d", false).ok());
  EXPECT_EQ(stager_->CommitRestore(fresh.value->stage_id).code, HostCode::kNotFound);
  EXPECT_EQ(stager_->CommitRestore(123456789).code, HostCode::kNotFound);
}

TEST_F(RestoreStagerTest, ACallerHoldingTheDatabaseLockGetsATimeoutAndNothingChanges) {
  auto lock = catalog_->WriteLock(db_, std::chrono::milliseconds(100));
  ASSERT_TRUE(lock.ok());
  size_t records = Records();
  auto staged = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 3}}));
  EXPECT_EQ(staged.status.code, HostCode::kTimeout);
  EXPECT_NE(staged.status.message.find("the caller must not hold it"), std::string::npos) << staged.status.message;
  ExpectNothingLeft(0, records, "r");
  lock.value.reset();
  auto ok = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 3}}));
  ASSERT_TRUE(ok.ok()) << ok.status.message;
  auto again = catalog_->WriteLock(db_, std::chrono::milliseconds(100));
  EXPECT_EQ(stager_->CommitRestore(ok.value->stage_id).code, HostCode::kTimeout);
  EXPECT_FALSE(catalog_->FindTable(db_, "r"));
}

// kill -9 after any record: the catalog rebuilt from the records up to it holds either the old
// table or the restored one, never a mix.
TEST_F(RestoreStagerTest, EveryPrefixOfTheJournalHoldsTheOldTableOrTheRestoredOne) {
  CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  auto old = *catalog_->FindTable(db_, "t");
  int64_t first = journal_->last_seq();
  auto staged = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p1", 3}, {"p2", 3}, {"p3", 3}}));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  ASSERT_TRUE(stager_->CommitRestore(staged.value->stage_id).ok());
  auto restored = *catalog_->FindTable(db_, "t");
  ASSERT_TRUE(stager_->ForgetRestoreStage(staged.value->stage_id).ok());
  int64_t last = journal_->last_seq();
  ASSERT_EQ(last - first, 3) << "stage, commit, forget: one record each";
  for (int64_t seq = first; seq <= last; ++seq) {
    auto t = Replayed(seq)->FindTable(db_, "t");
    ASSERT_TRUE(t) << "after record " << seq;
    nlohmann::json got = TableToJson(*t);
    EXPECT_TRUE(got == TableToJson(old) || got == TableToJson(restored)) << "after record " << seq << ": " << got;
    EXPECT_EQ(got == TableToJson(restored), seq >= first + 2) << "the commit record is the switch";
  }
}

TEST_F(RestoreStagerTest, StagesSurviveARestartAndACheckpointAndCommitAfterIt) {
  auto old = CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  auto stage_t = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p2", 9}}));
  ASSERT_TRUE(stage_t.ok()) << stage_t.status.message;
  auto stage_r = stager_->StageRestore(db_, Request("r", kSnapshot, {{"p1", 2}}));
  ASSERT_TRUE(stage_r.ok()) << stage_r.status.message;
  ASSERT_TRUE(meta_->Checkpoint([&] {
                     return nlohmann::json{{"catalog", catalog_->Snapshot()}, {"backends", backends_->Snapshot()}}.dump();
                   }).ok());
  // A checkpoint image carries the stages: restoring it gives the same catalog.
  auto checkpoint = journal_->ReadCheckpoint();
  ASSERT_TRUE(checkpoint.ok() && *checkpoint);
  FeCatalog from_image(meta_.get());
  ASSERT_TRUE(from_image.Restore(nlohmann::json::parse((*checkpoint)->image)["catalog"]).ok());
  EXPECT_EQ(from_image.Snapshot(), catalog_->Snapshot());
  EXPECT_EQ(from_image.ListStages().size(), 2u);

  auto before = catalog_->Snapshot();
  Restart();
  EXPECT_EQ(catalog_->Snapshot(), before);
  EXPECT_TRUE(catalog_->HasPendingRestore(db_, old.id));
  EXPECT_TRUE(catalog_->TableNameTaken(db_, "r"));
  size_t tablets = Tablets();
  ASSERT_TRUE(stager_->CommitRestore(stage_t.value->stage_id).ok());
  EXPECT_EQ(Tablets(), tablets - 2 * 2) << "the replaced partition's tablets are dropped after a restart too";
  EXPECT_EQ(catalog_->FindTable(db_, "t")->partitions[1].visible_version, 9);
  ASSERT_TRUE(stager_->AbortRestore(stage_r.value->stage_id).ok());
  EXPECT_FALSE(catalog_->TableNameTaken(db_, "r"));
}

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

TEST_F(RestoreStagerTest, AJournalOutageFailsStageAndCommitAndLeavesNothingHalfDone) {
  auto old = CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  ASSERT_TRUE(meta_->NextId().ok()) << "ids are handed out from memory for a while";
  size_t tablets = Tablets(), records = Records();
  {
    JournalOutage outage(dir_);
    ASSERT_TRUE(outage.ok());
    auto staged = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p2", 3}}));
    ASSERT_FALSE(staged.ok());
    EXPECT_EQ(staged.status.code, HostCode::kUnavailable) << staged.status.message;
  }
  ExpectNothingLeft(tablets, records, "t");

  auto staged = stager_->StageRestore(db_, Request("t", kSnapshot, {{"p2", 3}}));
  ASSERT_TRUE(staged.ok()) << staged.status.message;
  auto before = catalog_->Snapshot();
  {
    JournalOutage outage(dir_);
    ASSERT_TRUE(outage.ok());
    fe_backup::HostStatus st = stager_->CommitRestore(staged.value->stage_id);
    EXPECT_EQ(st.code, HostCode::kUnavailable) << st.message;
    EXPECT_EQ(stager_->AbortRestore(staged.value->stage_id).code, HostCode::kUnavailable);
  }
  EXPECT_EQ(catalog_->Snapshot(), before) << "the table and the stage are as they were";
  EXPECT_EQ(catalog_->FindTable(db_, "t")->partitions[1].id, old.partitions[1].id);
  ASSERT_TRUE(stager_->CommitRestore(staged.value->stage_id).ok()) << "the same commit works once the journal is back";
  EXPECT_EQ(catalog_->FindTable(db_, "t")->partitions[1].id, staged.value->table.partitions[0].id);
  EXPECT_EQ(Replayed()->Snapshot(), catalog_->Snapshot());
}

TEST_F(RestoreStagerTest, CorruptStageRecordsAreReportedNotApplied) {
  EXPECT_EQ(catalog_->Apply(MetaOp::kStageRestore, nlohmann::json{{"stage_id", 1}}).code(), StatusCode::kCorruption);
  EXPECT_EQ(catalog_->Apply(MetaOp::kCommitRestore, nlohmann::json{{"stage_id", 1}}).code(), StatusCode::kCorruption);
  EXPECT_EQ(catalog_->Apply(MetaOp::kCommitRestore, nlohmann::json{{"x", 1}}).code(), StatusCode::kCorruption);
  EXPECT_TRUE(catalog_->ListStages().empty());
}

}  // namespace
}  // namespace feb::frontend

namespace feb::frontend {
namespace {

// A real kill -9: a child process restores one partition after another into table t (each round
// replaces p2 and adds a partition above the last, at version 100 + round) until the parent kills
// it at varying moments; the next child first aborts (or forgets) the stages it finds, as the
// module does. The catalog rebuilt from what is on disk must never be a mix: p2's version says
// how many rounds committed, exactly that many partitions were added, and every replica is at
// its partition's version.
TEST_F(RestoreStagerTest, KillNineDuringRestoresLeavesWholeCommitsOnly) {
  auto old = CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  Close();
  for (int attempt = 0; attempt < 12; ++attempt) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      Open();
      MarkAllAlive();
      // What a module does after a restart with the stages its journal no longer owns.
      for (const auto& st : stager_->ListRestoreStages()) {
        bool done = st.committed ? stager_->ForgetRestoreStage(st.stage_id).ok() : stager_->AbortRestore(st.stage_id).ok();
        if (!done) ::_exit(5);
      }
      auto t = catalog_->FindTable(db_, "t");
      int round = static_cast<int>(t->partitions.size()) - 2;
      for (;; ++round) {
        std::vector<fe_backup::RangePartitionDefinition> ranges = {{"p1", {"10"}}, {"p2", {"20"}}};
        for (int i = 0; i <= round; ++i) ranges.push_back({"x" + std::to_string(i), {std::to_string(30 + 10 * i)}});
        auto s = stager_->StageRestore(
            db_, Request("t", Def("t", ranges), {{"p2", 100 + round}, {"x" + std::to_string(round), 100 + round}}));
        if (!s.ok()) {
          fprintf(stderr, "round %d: stage: %s\n", round, s.status.message.c_str());
          ::_exit(3);
        }
        if (!stager_->CommitRestore(s.value->stage_id).ok() || !stager_->ForgetRestoreStage(s.value->stage_id).ok()) {
          ::_exit(4);
        }
      }
    }
    ::usleep(static_cast<useconds_t>(20000 + attempt * 7919 % 60000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself: " << status;

    Open();
    auto t = catalog_->FindTable(db_, "t");
    ASSERT_TRUE(t);
    ASSERT_GE(t->partitions.size(), 2u);
    size_t added = t->partitions.size() - 2;
    EXPECT_EQ(t->partitions[0].id, old.partitions[0].id);
    int64_t p2_version = t->partitions[1].visible_version;
    EXPECT_EQ(p2_version, added == 0 ? 1 : static_cast<int64_t>(100 + added - 1)) << "attempt " << attempt;
    ASSERT_EQ(t->definition.partitions.size(), t->partitions.size());
    for (size_t i = 0; i < t->partitions.size(); ++i) {
      const auto& p = t->partitions[i];
      EXPECT_EQ(t->definition.partitions[i].name, p.name);
      for (const auto& tab : p.indexes.at(0).tablets) {
        for (const auto& r : tab.replicas) EXPECT_EQ(r.version, p.visible_version) << p.name;
      }
    }
    EXPECT_LE(catalog_->ListStages().size(), 1u) << "at most the round the kill interrupted";
    Close();
  }
  Open();
  size_t partitions = catalog_->FindTable(db_, "t")->partitions.size();
  std::cout << "after 12 kills: " << partitions - 2 << " restores committed\n";
  EXPECT_GT(partitions, 2u) << "the children committed restores between the kills";
}

}  // namespace
}  // namespace feb::frontend
