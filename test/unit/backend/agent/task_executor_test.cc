#include "backend/agent/task_executor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/storage/md5.h"
#include "fake_fe_client.h"
#include "test/unit/common/storage/temp_dir.h"

namespace feb::be {
namespace {

using storage::testing::TempDir;
using testing::FakeFeClient;
namespace fs = std::filesystem;

class TaskExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open().ok());
    AgentTask create;
    create.type = TaskType::kCreate;
    create.signature = 10001;
    CreateTabletTask c;
    c.meta.tablet_id = 10001;
    c.meta.schema_hash = 5;
    c.meta.columns = {{"k", "INT", true, false}, {"v", "VARCHAR", false, true}};
    create.payload = c;
    TaskReport r = executor_.Execute(create);
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.finish_tablet_infos.size(), 1u);
    EXPECT_EQ(r.finish_tablet_infos[0].version, 1);
    for (int v = 2; v <= 13; ++v) {
      ASSERT_TRUE(store_.WriteRows(10001, 5, v, {Row{Cell(std::to_string(v)), Cell("x")}}).ok());
    }
  }

  TaskReport Snapshot() {
    AgentTask t;
    t.type = TaskType::kMakeSnapshot;
    t.signature = 10001;
    SnapshotTask s;
    s.tablet_id = 10001;
    s.schema_hash = 5;
    s.version = 13;
    s.list_files = true;
    t.payload = s;
    return executor_.Execute(t);
  }

  TaskReport Upload(const std::string& snapshot_path, const std::string& dest) {
    AgentTask t;
    t.type = TaskType::kUpload;
    t.signature = 555;
    TransferTask u;
    u.job_id = 77;
    u.src_dest = {{snapshot_path + "/10001/5", dest}};
    t.payload = u;
    return executor_.Execute(t);
  }

  TempDir tmp_;
  TabletStore store_{tmp_.path() + "/be"};
  SnapshotManager snaps_{&store_, [] { return int64_t{1764115200}; }};
  FakeFeClient fe_;
  std::atomic<bool> stopping_{false};
  TaskExecutor executor_{&store_, &snaps_, storage::MakeDefaultStorageRegistry(), &fe_, &stopping_};
};

TEST_F(TaskExecutorTest, UploadPublishesEveryFileWithMd5AndReportsProgress) {
  TaskReport snap = Snapshot();
  ASSERT_TRUE(snap.status.ok()) << snap.status;
  ASSERT_EQ(snap.snapshot_files->size(), 13u);  // 12 rowsets + header
  std::string dest = "file://" + tmp_.path() + "/repo/__ss_content/__10001";
  TaskReport up = Upload(*snap.snapshot_path, dest);
  ASSERT_TRUE(up.status.ok()) << up.status;
  ASSERT_TRUE(up.tablet_files.has_value());
  const auto& names = up.tablet_files->at(10001);
  ASSERT_EQ(names.size(), 13u);
  for (const std::string& n : names) {
    std::string base = n.substr(0, n.rfind('.'));
    std::string md5 = n.substr(n.rfind('.') + 1);
    auto content = ReadLocalFile(*snap.snapshot_path + "/10001/5/" + base);
    ASSERT_TRUE(content.ok());
    EXPECT_EQ(storage::Md5::Of(*content), md5) << n;
    auto remote = ReadLocalFile(tmp_.path() + "/repo/__ss_content/__10001/" + n);
    ASSERT_TRUE(remote.ok()) << n;
    EXPECT_EQ(*remote, *content);
  }
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    ASSERT_GE(fe_.progress.size(), 3u);  // start, after 10 files, end
    EXPECT_EQ(fe_.progress.front(), std::make_pair(0, 1));
    EXPECT_EQ(fe_.progress.back(), std::make_pair(1, 1));
  }
  // a re-sent upload skips identical files and reports the same names
  TaskReport again = Upload(*snap.snapshot_path, dest);
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.tablet_files->at(10001), names);
}

TEST_F(TaskExecutorTest, UploadStopsWhenTheFrontendCancels) {
  TaskReport snap = Snapshot();
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.cancel_loader = true;
  }
  TaskReport up = Upload(*snap.snapshot_path, "file://" + tmp_.path() + "/repo/t");
  EXPECT_EQ(up.status.code(), StatusCode::kCancelled);
  EXPECT_FALSE(fs::exists(tmp_.path() + "/repo/t"));
}

TEST_F(TaskExecutorTest, UploadGoesOnWhileTheFrontendIsUnreachable) {
  TaskReport snap = Snapshot();
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.loader_unreachable = true;
  }
  TaskReport up = Upload(*snap.snapshot_path, "file://" + tmp_.path() + "/repo/t");
  EXPECT_TRUE(up.status.ok()) << up.status;
}

TEST_F(TaskExecutorTest, ReleasedSnapshotCannotBeUploaded) {
  TaskReport snap = Snapshot();
  AgentTask rel;
  rel.type = TaskType::kReleaseSnapshot;
  rel.payload = ReleaseSnapshotTask{*snap.snapshot_path};
  ASSERT_TRUE(executor_.Execute(rel).status.ok());
  TaskReport up = Upload(*snap.snapshot_path, "file://" + tmp_.path() + "/repo/t");
  EXPECT_FALSE(up.status.ok());
  EXPECT_NE(up.status.message().find("snapshot path is not directory"), std::string::npos) << up.status;
}

TEST_F(TaskExecutorTest, UnsupportedRepositorySchemeFailsClearly) {
  TaskReport snap = Snapshot();
  TaskReport up = Upload(*snap.snapshot_path, "s3://bucket/prefix/__10001");
  EXPECT_EQ(up.status.code(), StatusCode::kNotSupported);
  EXPECT_NE(up.status.message().find("not supported yet"), std::string::npos) << up.status;
}

TEST_F(TaskExecutorTest, SnapshotOfUnknownTabletFails) {
  AgentTask t;
  t.type = TaskType::kMakeSnapshot;
  SnapshotTask s;
  s.tablet_id = 999;
  s.schema_hash = 5;
  t.payload = s;
  TaskReport r = executor_.Execute(t);
  EXPECT_EQ(r.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status.message().rfind("make_snapshot failed. status: ", 0), 0u) << r.status;
}

TEST_F(TaskExecutorTest, DownloadVerifiesMd5AndMoveRestoresTheRows) {
  TaskReport snap = Snapshot();
  std::string dest = "file://" + tmp_.path() + "/repo/__10001";
  ASSERT_TRUE(Upload(*snap.snapshot_path, dest).status.ok());

  // a new tablet to restore into, with its own (empty) snapshot dir as download target
  AgentTask create;
  create.type = TaskType::kCreate;
  CreateTabletTask c;
  c.meta.tablet_id = 20002;
  c.meta.schema_hash = 6;
  c.meta.columns = {{"k", "INT", true, false}, {"v", "VARCHAR", false, true}};
  create.payload = c;
  ASSERT_TRUE(executor_.Execute(create).status.ok());
  std::string local = snaps_.SnapshotRoot() + "/restore.1.60/20002/6";

  AgentTask down;
  down.type = TaskType::kDownload;
  down.signature = 9;
  down.payload = TransferTask{77, {{dest, local}}};
  TaskReport dr = executor_.Execute(down);
  ASSERT_TRUE(dr.status.ok()) << dr.status;
  EXPECT_EQ(*dr.downloaded_tablet_ids, std::vector<int64_t>{20002});

  AgentTask move;
  move.type = TaskType::kMove;
  move.payload = MoveTask{20002, 6, local, 77, true};
  TaskReport mr = executor_.Execute(move);
  ASSERT_TRUE(mr.status.ok()) << mr.status;
  auto a = store_.Checksum(10001, 5, 13);
  auto b = store_.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->md5, b->md5);
  EXPECT_EQ(b->version, 13);

  // corrupt one repository file: the download must refuse it
  std::string victim;
  for (const auto& e : fs::directory_iterator(tmp_.path() + "/repo/__10001")) {
    if (e.path().filename().string().find("_5.dat.") != std::string::npos) victim = e.path();
  }
  ASSERT_FALSE(victim.empty());
  { std::ofstream(victim, std::ios::app) << "tampered"; }
  TaskReport bad = executor_.Execute(down);
  EXPECT_EQ(bad.status.code(), StatusCode::kCorruption) << bad.status;
  EXPECT_NE(bad.status.message().find("md5sum does not equal"), std::string::npos);
}

}  // namespace
}  // namespace feb::be
