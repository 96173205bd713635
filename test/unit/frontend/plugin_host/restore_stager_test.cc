#include "frontend/plugin_host/restore_stager.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test/unit/frontend/plugin_host/restore_stager_fixture.h"

namespace feb::frontend {
namespace {

using fe_backup::HostCode;
using testing::kSnapshot;
using testing::RestoreStagerTest;

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
  size_t counted = 0;
  for (int64_t b : backend_ids_) counted += catalog_->CountTabletsOnBackend(b);
  EXPECT_EQ(counted, 8u) << "SHOW BACKENDS counts staged tablets: they are on the backends";
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

TEST_F(RestoreStagerTest, ConcurrentStagesOfOneNewTableLetExactlyOneThrough) {
  // Waits for the lock as long as it takes (the fixture's 200 ms is for the timeout test).
  RestoreStager patient({catalog_.get(), meta_.get(), backends_.get(), creator_.get(), std::chrono::seconds(60)});
  std::vector<std::thread> threads;
  std::atomic<int> staged{0}, refused{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = patient.StageRestore(db_, Request("r", kSnapshot, {{"p1", 2}}));
      if (r.ok()) {
        ++staged;
      } else if (r.status.code == HostCode::kAlreadyExists) {
        ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(staged.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  EXPECT_EQ(stager_->ListRestoreStages().size(), 1u);
  EXPECT_EQ(Tablets(), 2u * 2u) << "the refused stages created nothing";
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


}  // namespace
}  // namespace feb::frontend
