#include "backend/agent/task_executor.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/storage/local_storage.h"
#include "common/storage/md5.h"
#include "fake_fe_client.h"
#include "test/unit/common/storage/property_recorder.h"
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

  TaskReport Upload(const std::string& snapshot_path, const std::string& dest,
                    const std::map<std::string, std::string>& properties = {}) {
    AgentTask t;
    t.type = TaskType::kUpload;
    t.signature = 555;
    TransferTask u;
    u.job_id = 77;
    u.src_dest = {{snapshot_path + "/10001/5", dest}};
    u.properties = properties;
    t.payload = u;
    return executor_.Execute(t);
  }

  TempDir tmp_;
  TabletStore store_{tmp_.path() + "/be"};
  SnapshotManager snaps_{&store_, [] { return int64_t{1764115200}; }};
  FakeFeClient fe_;
  std::atomic<bool> stopping_{false};
  std::shared_ptr<storage::StorageRegistry> registry_ = storage::MakeDefaultStorageRegistry();
  TaskExecutor executor_{&store_, &snaps_, registry_, &fe_, &stopping_};
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
    ASSERT_GE(fe_.progress.size(), 2u);  // start, end (and by time in between)
    EXPECT_EQ(fe_.progress.front(), std::make_pair(0, 1));
    EXPECT_EQ(fe_.progress.back(), std::make_pair(1, 1));
  }
  // a re-sent upload skips identical files and reports the same names
  TaskReport again = Upload(*snap.snapshot_path, dest);
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.tablet_files->at(10001), names);
}

TEST_F(TaskExecutorTest, UploadOfARowsetDamagedSinceItWasWrittenFailsAndPublishesNothingOfIt) {
  TaskReport snap = Snapshot();
  ASSERT_TRUE(snap.status.ok()) << snap.status;
  // one byte of a rowset changes on disk after the tablet recorded its checksums (bit rot): an
  // md5 taken now would name the damaged bytes as good ones
  const std::string rowset = *snap.snapshot_path + "/10001/5/" + TabletStore::RowsetName(10001, 7);
  auto before = ReadLocalFile(rowset);
  ASSERT_TRUE(before.ok());
  {
    std::fstream f(rowset, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put(static_cast<char>((*before)[3] ^ 0x20));
  }
  std::string dest = "file://" + tmp_.path() + "/repo/__ss_damaged/__10001";
  TaskReport up = Upload(*snap.snapshot_path, dest);
  ASSERT_FALSE(up.status.ok());
  EXPECT_EQ(up.status.code(), StatusCode::kCorruption) << up.status;
  EXPECT_NE(up.status.message().find(TabletStore::RowsetName(10001, 7) + " no longer holds the bytes it was written with"),
            std::string::npos)
      << up.status;
  for (const auto& e : fs::directory_iterator(tmp_.path() + "/repo/__ss_damaged/__10001")) {
    EXPECT_EQ(e.path().filename().string().rfind(TabletStore::RowsetName(10001, 7), 0), std::string::npos)
        << "published or left: " << e.path();
  }
}

TEST_F(TaskExecutorTest, UploadReportsWhileItCopiesWhenTheIntervalHasPassed) {
  TaskReport snap = Snapshot();
  ASSERT_TRUE(snap.status.ok()) << snap.status;
  ExecutorOptions options;
  options.report_interval_ms = 0;  // every chance to report is taken
  options.max_batch_files = 4;
  TaskExecutor eager{&store_, &snaps_, storage::MakeDefaultStorageRegistry(), &fe_, &stopping_, options};
  AgentTask t;
  t.type = TaskType::kUpload;
  t.signature = 556;
  TransferTask u;
  u.job_id = 77;
  u.src_dest = {{*snap.snapshot_path + "/10001/5", "file://" + tmp_.path() + "/repo/eager"}};
  t.payload = u;
  TaskReport up = eager.Execute(t);
  ASSERT_TRUE(up.status.ok()) << up.status;
  std::lock_guard<std::mutex> lock(fe_.mu);
  EXPECT_GT(fe_.progress.size(), 13u) << "13 files: at least one report per file copied, plus start and end";
  EXPECT_EQ(fe_.progress.back(), std::make_pair(1, 1));
}

TEST_F(TaskExecutorTest, TransfersOpenTheRepositoryWithTheTaskProperties) {
  // An s3:// repository needs its endpoint and keys, which only the task's broker_prop carries.
  storage::testing::PropertyRecorder recorder(*registry_, "file", std::make_shared<storage::LocalStorage>());
  const storage::StorageProperties props{{"aws.s3.endpoint", "http://127.0.0.1:1"}, {"aws.s3.secret_key", "sk"}};
  TaskReport snap = Snapshot();
  ASSERT_TRUE(snap.status.ok()) << snap.status;
  std::string dest = "file://" + tmp_.path() + "/repo/__ss_content/__10001";
  TaskReport up = Upload(*snap.snapshot_path, dest, props);
  ASSERT_TRUE(up.status.ok()) << up.status;

  AgentTask t;
  t.type = TaskType::kDownload;
  t.signature = 556;
  TransferTask d;
  d.job_id = 78;
  const std::string local_dir = tmp_.path() + "/be/snapshot/restore/10001/5";
  fs::create_directories(local_dir);
  d.src_dest = {{dest, local_dir}};
  d.properties = props;
  t.payload = d;
  TaskReport down = executor_.Execute(t);
  ASSERT_TRUE(down.status.ok()) << down.status;

  std::vector<storage::StorageProperties> opened = recorder.opened();
  ASSERT_EQ(opened.size(), 2u);
  EXPECT_EQ(opened[0], props);
  EXPECT_EQ(opened[1], props);
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
  TaskReport up = Upload(*snap.snapshot_path, "hdfs://nn/prefix/__10001");
  EXPECT_EQ(up.status.code(), StatusCode::kNotSupported);
  EXPECT_NE(up.status.message().find("not supported yet"), std::string::npos) << up.status;
}

TEST_F(TaskExecutorTest, AnS3UploadWithoutItsPropertiesFailsNamingTheMissingKey) {
  // s3:// is registered now: what it needs comes in the task's properties (broker_prop).
  TaskReport snap = Snapshot();
  TaskReport up = Upload(*snap.snapshot_path, "s3://bucket/prefix/__10001");
  EXPECT_EQ(up.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(up.status.message().find("aws.s3.access_key"), std::string::npos) << up.status;
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

// The restore side: tablet 10001 (versions 1..13) is backed up into a file:// repository;
// tablet 20002 is restored from it.
class TaskExecutorRestoreTest : public TaskExecutorTest {
 protected:
  void SetUp() override {
    TaskExecutorTest::SetUp();
    TaskReport snap = Snapshot();
    ASSERT_TRUE(snap.status.ok()) << snap.status;
    repo_dir_ = tmp_.path() + "/repo/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__10001";
    ASSERT_TRUE(Upload(*snap.snapshot_path, "file://" + repo_dir_).status.ok());
    AgentTask create;
    create.type = TaskType::kCreate;
    CreateTabletTask c;
    c.meta.tablet_id = 20002;
    c.meta.schema_hash = 6;
    c.meta.columns = {{"k", "INT", true, false}, {"v", "VARCHAR", false, true}};
    create.payload = c;
    ASSERT_TRUE(executor_.Execute(create).status.ok());
    TaskReport rs = RestoreSnapshot(20002, 6);
    ASSERT_TRUE(rs.status.ok()) << rs.status;
    local_ = *rs.snapshot_path + "/20002/6";
    fe_.progress.clear();
  }

  TaskReport RestoreSnapshot(int64_t tablet, int32_t hash) {
    AgentTask t;
    t.type = TaskType::kMakeSnapshot;
    t.signature = 31;
    SnapshotTask s;
    s.tablet_id = tablet;
    s.schema_hash = hash;
    s.version = 13;  // the backup's version, which the new tablet does not have
    s.timeout_s = 3600;
    s.list_files = true;
    s.is_restore_task = true;
    t.payload = s;
    return executor_.Execute(t);
  }
  TaskReport Download(const std::vector<std::pair<std::string, std::string>>& pairs) {
    AgentTask t;
    t.type = TaskType::kDownload;
    t.signature = 9;
    t.payload = TransferTask{77, pairs, {}};
    return executor_.Execute(t);
  }
  TaskReport Download() { return Download({{"file://" + repo_dir_, local_}}); }
  TaskReport Move(int64_t tablet, const std::string& src) {
    AgentTask t;
    t.type = TaskType::kMove;
    t.signature = 10;
    t.payload = MoveTask{tablet, 6, src, 77, true};
    return executor_.Execute(t);
  }
  std::set<std::string> Names(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
  }
  std::string RepoFile(const std::string& prefix) {
    for (const auto& e : fs::directory_iterator(repo_dir_)) {
      if (e.path().filename().string().rfind(prefix + ".", 0) == 0) return e.path();
    }
    return "";
  }

  std::string repo_dir_;
  std::string local_;
};

TEST_F(TaskExecutorRestoreTest, RestoreSnapshotCreatesOnlyTheEmptyDirectory) {
  TaskReport rs = RestoreSnapshot(20002, 6);
  ASSERT_TRUE(rs.status.ok()) << rs.status;
  EXPECT_EQ(fs::path(*rs.snapshot_path).parent_path().string(), snaps_.SnapshotRoot());
  ASSERT_TRUE(rs.snapshot_files.has_value());
  EXPECT_TRUE(rs.snapshot_files->empty());
  EXPECT_TRUE(fs::is_empty(*rs.snapshot_path + "/20002/6"));
  TaskReport unknown = RestoreSnapshot(30003, 6);
  EXPECT_EQ(unknown.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status.message().rfind("make_snapshot failed. status: ", 0), 0u) << unknown.status;

  AgentTask t;
  t.type = TaskType::kMakeSnapshot;
  SnapshotTask s;
  s.tablet_id = 20002;
  s.schema_hash = 6;
  s.is_restore_task = true;
  s.snapshot_format = 3;
  t.payload = s;
  TaskReport bad = executor_.Execute(t);
  EXPECT_EQ(bad.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status.message(), "make_snapshot failed. status: invalid snapshot_format");
}

TEST_F(TaskExecutorRestoreTest, DownloadAndMoveRestoreTheRowsAndTheTabletTakesWrites) {
  TaskReport dr = Download();
  ASSERT_TRUE(dr.status.ok()) << dr.status;
  EXPECT_EQ(*dr.downloaded_tablet_ids, std::vector<int64_t>{20002});
  // SHOW RESTORE's BytesDone adds these up.
  ASSERT_TRUE(dr.copy_size.has_value());
  EXPECT_GT(*dr.copy_size, 0);
  std::set<std::string> want = {"20002.hdr"};
  for (int v = 2; v <= 13; ++v) want.insert("10001_" + std::to_string(v) + ".dat");
  EXPECT_EQ(Names(local_), want) << "header renamed to the local tablet, rowsets keep their names, no .part";
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    // 13 small files, well within one report interval: the start and the end
    EXPECT_EQ(fe_.progress, (std::vector<std::pair<int32_t, int32_t>>{{0, 1}, {1, 1}}));
  }
  TaskReport mr = Move(20002, local_);
  ASSERT_TRUE(mr.status.ok()) << mr.status;
  auto a = store_.Checksum(10001, 5, 13);
  auto b = store_.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->md5, a->md5);
  EXPECT_EQ(b->rows, 12);
  EXPECT_EQ(b->version, 13);
  ASSERT_TRUE(store_.WriteRows(20002, 6, 14, {Row{Cell("14"), Cell("y")}}).ok());
  EXPECT_EQ(store_.Checksum(20002, 6, std::nullopt)->version, 14);
}

TEST_F(TaskExecutorRestoreTest, ResentDownloadAndMoveAreIdempotent) {
  ASSERT_TRUE(Download().status.ok());
  struct stat before{};
  ASSERT_EQ(::stat((local_ + "/10001_7.dat").c_str(), &before), 0);
  TaskReport again = Download();
  ASSERT_TRUE(again.status.ok()) << again.status;
  struct stat after{};
  ASSERT_EQ(::stat((local_ + "/10001_7.dat").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino) << "a verified file is not fetched again";
  ASSERT_TRUE(Move(20002, local_).status.ok());
  auto first = store_.Checksum(20002, 6, std::nullopt);
  TaskReport moved_again = Move(20002, local_);
  ASSERT_TRUE(moved_again.status.ok()) << moved_again.status;
  auto second = store_.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->md5, first->md5);
  EXPECT_EQ(second->version, 13);
  // and a download after the move does not disturb the tablet (its files are separate links)
  ASSERT_TRUE(Download().status.ok());
  EXPECT_EQ(store_.Checksum(20002, 6, std::nullopt)->md5, first->md5);
}

TEST_F(TaskExecutorRestoreTest, ResentDownloadAfterACrashReplacesWhatTheCrashLeft) {
  ASSERT_TRUE(Download().status.ok());
  // a crash leaves a part file, a stray file; a disk error a file with wrong bytes
  { std::ofstream(local_ + "/10001_9.dat.part") << "half"; }
  { std::ofstream(local_ + "/stray") << "x"; }
  std::string good = *ReadLocalFile(local_ + "/10001_4.dat");
  { std::ofstream(local_ + "/10001_4.dat") << "wrong bytes"; }
  TaskReport dr = Download();
  ASSERT_TRUE(dr.status.ok()) << dr.status;
  EXPECT_EQ(*ReadLocalFile(local_ + "/10001_4.dat"), good);
  EXPECT_FALSE(fs::exists(local_ + "/10001_9.dat.part"));
  EXPECT_FALSE(fs::exists(local_ + "/stray"));
  EXPECT_EQ(Names(local_).size(), 13u);
}

TEST_F(TaskExecutorRestoreTest, CorruptRepositoryFileFailsWithTheMd5TextAndLeavesNoFile) {
  std::string victim = RepoFile("10001_5.dat");
  ASSERT_FALSE(victim.empty());
  std::string data = *ReadLocalFile(victim);
  data[data.size() / 2] ^= 0x20;  // same size, same name, other bytes
  { std::ofstream(victim, std::ios::binary | std::ios::trunc) << data; }
  std::string expected = victim.substr(victim.rfind('.') + 1);
  TaskReport bad = Download();
  EXPECT_EQ(bad.status.code(), StatusCode::kCorruption) << bad.status;
  EXPECT_EQ(bad.status.message(), "invalid md5 of downloaded file: " + local_ + "/10001_5.dat, expected: " + expected +
                                      ", get: " + storage::Md5::Of(data));
  EXPECT_FALSE(fs::exists(local_ + "/10001_5.dat"));
  EXPECT_FALSE(fs::exists(local_ + "/10001_5.dat.part"));
  EXPECT_EQ(*bad.downloaded_tablet_ids, std::vector<int64_t>{20002}) << "always reported";
}

TEST_F(TaskExecutorRestoreTest, DownloadRefusesBadInputWithStarRocksTexts) {
  TaskReport no_dir = Download({{"file://" + repo_dir_, snaps_.SnapshotRoot() + "/none.0.60/20002/6"}});
  EXPECT_EQ(no_dir.status.message(), "snapshot path is not directory: " + snaps_.SnapshotRoot() + "/none.0.60/20002/6");
  ASSERT_TRUE(no_dir.downloaded_tablet_ids.has_value());

  std::string empty_repo = tmp_.path() + "/repo/__empty_10001";
  fs::create_directories(empty_repo);
  EXPECT_EQ(Download({{"file://" + empty_repo, local_}}).status.message(),
            "get nothing from remote path: file://" + empty_repo);
  EXPECT_EQ(Download({{"file://" + tmp_.path() + "/repo/__missing_10001", local_}}).status.message(),
            "get nothing from remote path: file://" + tmp_.path() + "/repo/__missing_10001");

  std::string other = snaps_.SnapshotRoot() + "/x.0.60/30003/6";
  fs::create_directories(other);
  EXPECT_EQ(Download({{"file://" + repo_dir_, other}}).status.message(), "failed to get local tablet: 30003");

  { std::ofstream(repo_dir_ + "/notes.txt") << "x"; }
  EXPECT_EQ(Download().status.message(), "invalid tablet file name: notes");
  fs::remove(repo_dir_ + "/notes.txt");
  { std::ofstream(repo_dir_ + "/10001_2.dat.part") << "x"; }  // an upload's staging file
  EXPECT_TRUE(Download().status.ok());
}

TEST_F(TaskExecutorRestoreTest, DownloadStopsWhenTheFrontendCancels) {
  {
    std::lock_guard<std::mutex> lock(fe_.mu);
    fe_.cancel_loader = true;
  }
  TaskReport dr = Download();
  EXPECT_EQ(dr.status.code(), StatusCode::kCancelled);
  EXPECT_EQ(Names(local_).size(), 0u) << "the first report said cancel: nothing is fetched";
}

TEST_F(TaskExecutorRestoreTest, MoveChecksTheTabletAndThePaths) {
  ASSERT_TRUE(Download().status.ok());
  const std::string tail = "; Fail to move dir=" + local_ + " tablet id=";
  EXPECT_EQ(Move(30003, local_).status.message(), "failed to get tablet" + tail + "30003");
  EXPECT_EQ(Move(10001, local_).status.message(),
            "path does not match. snapshot: " + local_ + ", tablet path: " + store_.TabletDir(10001, 5) + tail + "10001");
  std::string gone = snaps_.SnapshotRoot() + "/gone.0.60/20002/6";
  EXPECT_EQ(Move(20002, gone).status.message(),
            "snapshot path does not exist: " + gone + "; Fail to move dir=" + gone + " tablet id=20002");
  EXPECT_EQ(store_.Checksum(20002, 6, std::nullopt)->version, 1) << "nothing changed";
}

}  // namespace
}  // namespace feb::be
