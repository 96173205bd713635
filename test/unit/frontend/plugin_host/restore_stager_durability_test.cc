// RestoreStager: what survives a restart, a kill -9, a checkpoint and a journal outage.
#include "frontend/plugin_host/restore_stager.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include "test/unit/frontend/plugin_host/restore_stager_fixture.h"

namespace feb::frontend {
namespace {

using fe_backup::HostCode;
using testing::kSnapshot;
using testing::RestoreStagerTest;

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

TEST_F(RestoreStagerTest, AJournalOutageFailsStageAndCommitAndLeavesNothingHalfDone) {
  auto old = CreateTable(Def("t", {{"p1", {"10"}}, {"p2", {"20"}}}));
  ASSERT_TRUE(meta_->NextId().ok()) << "ids are handed out from memory for a while";
  size_t tablets = Tablets(), records = Records();
  {
    testing::JournalOutage outage(dir_);
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
    testing::JournalOutage outage(dir_);
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
