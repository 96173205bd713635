// End to end against a real `be` process: this test plays the frontend (heartbeat,
// submit_tasks, the FrontendService the backend reports to) and a client of the reference
// data service; it checks every byte and md5 that lands in a file:// repository, the
// handling of bad input, and that a restart keeps the data.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "BackendService.h"
#include "HeartbeatService.h"
#include "ReferenceDataService.h"
#include "be_process.h"
#include "common/rpc/client_pool.h"
#include "common/rpc/thrift_server.h"
#include "common/storage/md5.h"
#include "test/unit/common/storage/temp_dir.h"
#include "test_frontend.h"

namespace feb {
namespace {

namespace fs = std::filesystem;
using feb::storage::testing::TempDir;
using feb::testing::BeProcess;
using feb::testing::TestFrontend;
using namespace feb::wire;

constexpr int64_t kTablet = 10001;
constexpr int32_t kHash = 368169781;
constexpr int64_t kBackendId = 10002;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class BeIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fe_ = std::make_shared<TestFrontend>();
    fe_server_ = std::make_unique<rpc::ThriftServer>("test frontend", std::make_shared<FrontendServiceProcessor>(fe_),
                                                     rpc::ServerOptions{"127.0.0.1", 0, 16});
    ASSERT_TRUE(fe_server_->Start().ok());
    root_ = tmp_.path() + "/be";
    repo_ = tmp_.path() + "/repo";
    StartBe();
  }
  void TearDown() override {
    if (be_.Alive()) {
      EXPECT_EQ(be_.Stop(), 0);
    }
    fe_server_->Shutdown();
  }

  void StartBe() {
    std::string err = be_.Start(root_, tmp_.path() + "/be.stderr",
                                {"--report_task_interval_seconds=1", "--transfer_report_interval_ms=0"});
    ASSERT_EQ(err, "") << ReadFile(tmp_.path() + "/be.stderr");
  }
  rpc::Address Be() const { return {"127.0.0.1", be_.be_port}; }

  THeartbeatResult Heartbeat(int64_t backend_id) {
    TMasterInfo info;
    info.network_address.hostname = "127.0.0.1";
    info.network_address.port = fe_server_->port();
    info.epoch = 1;
    info.__set_backend_ip("127.0.0.1");
    info.__set_backend_id(backend_id);
    THeartbeatResult r;
    Status s = hb_.Call({"127.0.0.1", be_.heartbeat_port}, "heartbeat",
                        [&](HeartbeatServiceClient& c) { c.heartbeat(r, info); });
    EXPECT_TRUE(s.ok()) << s;
    return r;
  }

  TAgentResult Submit(const std::vector<TAgentTaskRequest>& tasks) {
    TAgentResult r;
    Status s = be_client_.Call(Be(), "submit_tasks", [&](BackendServiceClient& c) { c.submit_tasks(r, tasks); });
    EXPECT_TRUE(s.ok()) << s;
    return r;
  }

  static TAgentTaskRequest Task(TTaskType::type type, int64_t signature) {
    TAgentTaskRequest t;
    t.protocol_version = TAgentServiceVersion::V1;
    t.task_type = type;
    t.signature = signature;
    return t;
  }

  TFinishTaskRequest RunTask(const TAgentTaskRequest& task) {
    TAgentResult r = Submit({task});
    EXPECT_EQ(r.status.status_code, TStatusCode::OK);
    TFinishTaskRequest done;
    EXPECT_TRUE(fe_->WaitFinished(task.task_type, task.signature, &done)) << "no finishTask for " << task.signature;
    return done;
  }

  TRefWriteResult Write(int64_t version, const std::vector<std::vector<std::optional<std::string>>>& rows,
                        int64_t tablet = kTablet, int32_t hash = kHash) {
    TRefWriteRequest req;
    req.tablet_id = tablet;
    req.schema_hash = hash;
    req.version = version;
    for (const auto& row : rows) {
      TRefRow r;
      for (const auto& cell : row) {
        TRefCell c;
        if (cell) c.__set_value(*cell);
        r.cells.push_back(c);
      }
      req.rows.push_back(r);
    }
    TRefWriteResult out;
    Status s = data_.Call({"127.0.0.1", be_.brpc_port}, "write_rows",
                          [&](ReferenceDataServiceClient& c) { c.write_rows(out, req); });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  TRefChecksumResult Checksum(int64_t tablet = kTablet, int32_t hash = kHash, std::optional<int64_t> version = {}) {
    TRefScanRequest req;
    req.tablet_id = tablet;
    req.schema_hash = hash;
    if (version) req.__set_version(*version);
    TRefChecksumResult out;
    Status s = data_.Call({"127.0.0.1", be_.brpc_port}, "checksum", [&](ReferenceDataServiceClient& c) { c.checksum(out, req); });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  static TAgentTaskRequest CreateTask(int64_t signature, int64_t tablet, int32_t hash) {
    auto create = Task(TTaskType::CREATE, signature);
    TCreateTabletReq c;
    c.tablet_id = tablet;
    c.tablet_schema.schema_hash = hash;
    c.tablet_schema.keys_type = TKeysType::DUP_KEYS;
    c.tablet_schema.short_key_column_count = 1;
    for (auto [name, type] : {std::pair{"k", TPrimitiveType::INT}, std::pair{"v", TPrimitiveType::VARCHAR}}) {
      TColumn col;
      col.column_name = name;
      col.column_type.type = type;
      col.__set_is_key(std::string(name) == "k");
      c.tablet_schema.columns.push_back(col);
    }
    c.__set_version(1);
    create.__set_create_tablet_req(c);
    return create;
  }
  static std::string Message(const TStatus& s) { return s.error_msgs.empty() ? "" : s.error_msgs[0]; }

  TempDir tmp_;
  std::string root_, repo_;
  std::shared_ptr<TestFrontend> fe_;
  std::unique_ptr<rpc::ThriftServer> fe_server_;
  BeProcess be_;
  rpc::ClientPool<BackendServiceClient> be_client_;
  rpc::ClientPool<HeartbeatServiceClient> hb_;
  rpc::ClientPool<ReferenceDataServiceClient> data_;
};

TEST_F(BeIntegrationTest, BackupFlowWritesEveryByteAndSurvivesRestart) {
  THeartbeatResult hb = Heartbeat(kBackendId);
  ASSERT_EQ(hb.status.status_code, TStatusCode::OK);
  EXPECT_EQ(hb.backend_info.be_port, be_.be_port);
  EXPECT_EQ(hb.backend_info.brpc_port, be_.brpc_port);
  EXPECT_EQ(hb.backend_info.http_port, 8040);

  // CREATE
  auto create = Task(TTaskType::CREATE, kTablet);
  TCreateTabletReq c;
  c.tablet_id = kTablet;
  c.tablet_schema.schema_hash = kHash;
  c.tablet_schema.keys_type = TKeysType::DUP_KEYS;
  c.tablet_schema.short_key_column_count = 1;
  for (auto [name, type] : {std::pair{"k", TPrimitiveType::INT}, std::pair{"v", TPrimitiveType::VARCHAR}}) {
    TColumn col;
    col.column_name = name;
    col.column_type.type = type;
    col.__set_is_key(std::string(name) == "k");
    c.tablet_schema.columns.push_back(col);
  }
  c.__set_version(1);
  create.__set_create_tablet_req(c);
  TFinishTaskRequest created = RunTask(create);
  ASSERT_EQ(created.task_status.status_code, TStatusCode::OK);
  EXPECT_EQ(created.backend.host, "127.0.0.1");
  EXPECT_EQ(created.backend.be_port, be_.be_port);
  ASSERT_EQ(created.finish_tablet_infos.size(), 1u);
  EXPECT_EQ(created.finish_tablet_infos[0].version, 1);

  // writes: versions 2..4, with a NULL and an empty string
  EXPECT_EQ(Write(2, {{"1", "a"}, {"2", std::nullopt}}).status.status_code, TStatusCode::OK);
  EXPECT_EQ(Write(3, {{"3", ""}}).status.status_code, TStatusCode::OK);
  EXPECT_EQ(Write(4, {{"4", "after snapshot"}}).status.status_code, TStatusCode::OK);
  EXPECT_EQ(Write(4, {{"4", "again"}}).status.status_code, TStatusCode::ALREADY_EXIST);
  TRefChecksumResult before = Checksum();
  ASSERT_EQ(before.status.status_code, TStatusCode::OK);
  EXPECT_EQ(before.row_count, 4);

  // MAKE_SNAPSHOT at version 3
  auto snap = Task(TTaskType::MAKE_SNAPSHOT, kTablet);
  TSnapshotRequest sr;
  sr.tablet_id = kTablet;
  sr.schema_hash = kHash;
  sr.__set_version(3);
  sr.__set_timeout(86400);
  sr.__set_list_files(true);
  snap.__set_snapshot_req(sr);
  TFinishTaskRequest snapped = RunTask(snap);
  ASSERT_EQ(snapped.task_status.status_code, TStatusCode::OK) << snapped.task_status.error_msgs[0];
  ASSERT_TRUE(snapped.__isset.snapshot_path);
  EXPECT_TRUE(fs::path(snapped.snapshot_path).parent_path() == fs::path(root_ + "/snapshot"));
  std::vector<std::string> expected_files = {std::to_string(kTablet) + ".hdr", std::to_string(kTablet) + "_2.dat",
                                             std::to_string(kTablet) + "_3.dat"};
  EXPECT_EQ(snapped.snapshot_files, expected_files);
  std::string src = snapped.snapshot_path + "/" + std::to_string(kTablet) + "/" + std::to_string(kHash);

  // UPLOAD into a file:// repository
  std::string dest_dir = repo_ + "/__starrocks_repository_r/__ss_l/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__" +
                         std::to_string(kTablet);
  auto up = Task(TTaskType::UPLOAD, 900001);
  TUploadReq ur;
  ur.job_id = 42;
  ur.src_dest_map[src] = "file://" + dest_dir;
  ur.__set_use_broker(false);
  up.__set_upload_req(ur);
  TFinishTaskRequest uploaded = RunTask(up);
  ASSERT_EQ(uploaded.task_status.status_code, TStatusCode::OK)
      << (uploaded.task_status.error_msgs.empty() ? "" : uploaded.task_status.error_msgs[0]);
  ASSERT_EQ(uploaded.tablet_files.count(kTablet), 1u);
  const auto& names = uploaded.tablet_files.at(kTablet);
  ASSERT_EQ(names.size(), expected_files.size());
  std::set<std::string> in_repo;
  for (const auto& e : fs::directory_iterator(dest_dir)) in_repo.insert(e.path().filename().string());
  EXPECT_EQ(in_repo, std::set<std::string>(names.begin(), names.end())) << "no .part files, nothing else";
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    size_t dot = n.rfind('.');
    ASSERT_NE(dot, std::string::npos);
    EXPECT_EQ(n.substr(0, dot), expected_files[i]);
    std::string local = ReadFile(src + "/" + n.substr(0, dot));
    std::string remote = ReadFile(dest_dir + "/" + n);
    EXPECT_EQ(remote, local) << n;
    EXPECT_EQ(storage::Md5::Of(remote), n.substr(dot + 1)) << n;
    EXPECT_FALSE(local.empty());
  }
  auto progress = fe_->loader_reports();
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back().job_id, 42);
  EXPECT_EQ(progress.back().task_id, 900001);
  EXPECT_EQ(progress.back().task_type, TTaskType::UPLOAD);
  EXPECT_EQ(progress.back().finished_num, 1);
  EXPECT_EQ(progress.back().total_num, 1);

  // an upload the frontend cancels publishes nothing
  fe_->CancelJob(43);
  auto up2 = Task(TTaskType::UPLOAD, 900002);
  ur.job_id = 43;
  ur.src_dest_map[src] = "file://" + repo_ + "/cancelled";
  up2.__set_upload_req(ur);
  TFinishTaskRequest cancelled = RunTask(up2);
  EXPECT_EQ(cancelled.task_status.status_code, TStatusCode::CANCELLED);
  EXPECT_FALSE(fs::exists(repo_ + "/cancelled"));

  // periodic report reaches the frontend
  EXPECT_TRUE(fe_->WaitReport([&](const TReportRequest& r) {
    return r.backend.be_port == be_.be_port && r.__isset.tablets && r.tablets.count(kTablet) == 1 &&
           r.tablets.at(kTablet).tablet_infos[0].version == 4;
  }));

  // RELEASE_SNAPSHOT
  auto rel = Task(TTaskType::RELEASE_SNAPSHOT, kTablet);
  TReleaseSnapshotRequest rr;
  rr.snapshot_path = snapped.snapshot_path;
  rel.__set_release_snapshot_req(rr);
  TFinishTaskRequest released = RunTask(rel);
  EXPECT_EQ(released.task_status.status_code, TStatusCode::OK);
  EXPECT_FALSE(fs::exists(snapped.snapshot_path));

  // restart keeps the data and the backend id
  ASSERT_EQ(be_.Stop(), 0);
  StartBe();
  TRefChecksumResult after = Checksum();
  ASSERT_EQ(after.status.status_code, TStatusCode::OK);
  EXPECT_EQ(after.md5, before.md5);
  EXPECT_EQ(after.row_count, 4);
  EXPECT_EQ(after.version, 4);
  TRefScanRequest scan;
  scan.tablet_id = kTablet;
  scan.schema_hash = kHash;
  scan.__set_version(3);
  TRefScanResult rows;
  ASSERT_TRUE(data_.Call({"127.0.0.1", be_.brpc_port}, "scan", [&](ReferenceDataServiceClient& cl) { cl.scan_rows(rows, scan); }).ok());
  ASSERT_EQ(rows.rows.size(), 3u);
  EXPECT_FALSE(rows.rows[1].cells[1].__isset.value) << "NULL survives";
  EXPECT_TRUE(rows.rows[2].cells[1].__isset.value);
  EXPECT_EQ(rows.rows[2].cells[1].value, "");
  THeartbeatResult hb2 = Heartbeat(kBackendId);
  EXPECT_EQ(hb2.status.status_code, TStatusCode::OK);
  THeartbeatResult other = Heartbeat(kBackendId + 1);
  EXPECT_NE(other.status.status_code, TStatusCode::OK) << "a kept backend id is not silently replaced";
}

TEST_F(BeIntegrationTest, BadInputGetsClearErrorsAndTheProcessKeepsServing) {
  Heartbeat(kBackendId);
  // malformed Thrift frames on be_port
  // a well-formed submit_tasks call whose task list claims 50 million elements
  std::string huge_list("\x80\x01\x00\x01", 4);
  huge_list += std::string("\x00\x00\x00\x0c", 4) + "submit_tasks" + std::string("\x00\x00\x00\x00", 4);
  huge_list += std::string("\x0f\x00\x01\x0c\x02\xfa\xf0\x80", 8) + std::string(64, '\x00');
  for (const std::string& garbage : {std::string("\xff\xff\xff\xff garbage", 13), std::string("\x80\x01\x00\x01\x7f\xff\xff\xff", 8),
                                     std::string(4096, '\x0c'), huge_list}) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(be_.be_port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::send(fd, garbage.data(), garbage.size(), MSG_NOSIGNAL), static_cast<ssize_t>(garbage.size()));
    ::shutdown(fd, SHUT_WR);
    char buf[256];
    while (::recv(fd, buf, sizeof buf, 0) > 0) {
    }
    ::close(fd);
  }
  ASSERT_TRUE(be_.Alive());

  // unknown task type, missing payload, path outside the root: errors, named per task
  auto unknown = Task(static_cast<TTaskType::type>(77), 1);
  auto missing = Task(TTaskType::MAKE_SNAPSHOT, 2);
  auto outside = Task(TTaskType::UPLOAD, 3);
  TUploadReq ur;
  ur.job_id = 1;
  ur.src_dest_map[root_ + "/snapshot/../data/10001/5"] = "file://" + repo_ + "/x";
  ur.__set_use_broker(false);
  outside.__set_upload_req(ur);
  auto escape = Task(TTaskType::UPLOAD, 4);
  ur.src_dest_map.clear();
  ur.src_dest_map[root_ + "/snapshot/s/10001/5"] = "file://" + repo_ + "/../escape";
  escape.__set_upload_req(ur);
  TAgentResult r = Submit({unknown, missing, outside, escape});
  EXPECT_EQ(r.status.status_code, TStatusCode::NOT_IMPLEMENTED_ERROR);
  ASSERT_EQ(r.status.error_msgs.size(), 4u);
  EXPECT_NE(r.status.error_msgs[0].find("signature=1"), std::string::npos) << r.status.error_msgs[0];
  EXPECT_NE(r.status.error_msgs[1].find("has wrong request member"), std::string::npos) << r.status.error_msgs[1];
  EXPECT_NE(r.status.error_msgs[2].find("is not inside"), std::string::npos) << r.status.error_msgs[2];
  EXPECT_NE(r.status.error_msgs[3].find("'..'"), std::string::npos) << r.status.error_msgs[3];
  EXPECT_FALSE(fs::exists(tmp_.path() + "/escape"));

  // unknown tablet: the task runs and reports the failure
  auto snap = Task(TTaskType::MAKE_SNAPSHOT, 555);
  TSnapshotRequest sr;
  sr.tablet_id = 555;
  sr.schema_hash = 1;
  snap.__set_snapshot_req(sr);
  TFinishTaskRequest failed = RunTask(snap);
  EXPECT_EQ(failed.task_status.status_code, TStatusCode::NOT_FOUND);
  ASSERT_FALSE(failed.task_status.error_msgs.empty());
  EXPECT_NE(failed.task_status.error_msgs[0].find("tablet 555"), std::string::npos);

  // data service errors are statuses, not dropped connections
  EXPECT_EQ(Write(2, {{"1"}}).status.status_code, TStatusCode::NOT_FOUND);
  // and the backend still serves a heartbeat
  EXPECT_EQ(Heartbeat(kBackendId).status.status_code, TStatusCode::OK);
  ASSERT_TRUE(be_.Alive());
}

// RESTORE as the frontend drives it (spec 6.2-6.5): tablet A is backed up into a file://
// repository; a new empty tablet B gets a restore-mode snapshot directory, the repository
// files are downloaded into it (a corrupt file refused, a crash mid-download survived) and
// moved into B, which then holds A's rows at A's version and takes the next write.
TEST_F(BeIntegrationTest, RestoreDownloadsVerifiesAndMovesIntoANewTablet) {
  constexpr int64_t kNew = 20002;
  constexpr int32_t kNewHash = 1234567;
  constexpr int64_t kJob = 4242;
  ASSERT_EQ(Heartbeat(kBackendId).status.status_code, TStatusCode::OK);
  ASSERT_EQ(RunTask(CreateTask(kTablet, kTablet, kHash)).task_status.status_code, TStatusCode::OK);
  for (int v = 2; v <= 14; ++v) {  // 13 rowsets + header: more than one progress report's worth
    ASSERT_EQ(Write(v, {{std::to_string(v), "row " + std::to_string(v)}, {std::to_string(-v), std::nullopt}}).status.status_code,
              TStatusCode::OK);
  }
  TRefChecksumResult original = Checksum();
  ASSERT_EQ(original.version, 14);

  // backup: MAKE_SNAPSHOT + UPLOAD
  auto snap = Task(TTaskType::MAKE_SNAPSHOT, kTablet);
  TSnapshotRequest sr;
  sr.tablet_id = kTablet;
  sr.schema_hash = kHash;
  sr.__set_version(14);
  sr.__set_timeout(3600);
  sr.__set_list_files(true);
  snap.__set_snapshot_req(sr);
  TFinishTaskRequest snapped = RunTask(snap);
  ASSERT_EQ(snapped.task_status.status_code, TStatusCode::OK) << Message(snapped.task_status);
  const std::string repo_dir = repo_ + "/__starrocks_repository_r/__ss_l/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__" +
                               std::to_string(kTablet);
  auto up = Task(TTaskType::UPLOAD, 700001);
  TUploadReq ur;
  ur.job_id = 41;
  ur.src_dest_map[snapped.snapshot_path + "/" + std::to_string(kTablet) + "/" + std::to_string(kHash)] = "file://" + repo_dir;
  ur.__set_use_broker(false);
  up.__set_upload_req(ur);
  ASSERT_EQ(RunTask(up).task_status.status_code, TStatusCode::OK);

  // restore: CREATE (restore mode) and MAKE_SNAPSHOT (is_restore_task) of the new tablet
  auto create = CreateTask(kNew, kNew, kNewHash);
  create.create_tablet_req.__set_in_restore_mode(true);
  ASSERT_EQ(RunTask(create).task_status.status_code, TStatusCode::OK);
  auto rsnap = Task(TTaskType::MAKE_SNAPSHOT, 700002);
  TSnapshotRequest rr;
  rr.tablet_id = kNew;
  rr.schema_hash = kNewHash;
  rr.__set_version(14);  // a version the new tablet does not have
  rr.__set_timeout(3600);
  rr.__set_list_files(true);
  rr.__set_preferred_snapshot_format(4);
  rr.__set_is_restore_task(true);
  rsnap.__set_snapshot_req(rr);
  TFinishTaskRequest restored_snap = RunTask(rsnap);
  ASSERT_EQ(restored_snap.task_status.status_code, TStatusCode::OK) << Message(restored_snap.task_status);
  ASSERT_TRUE(restored_snap.__isset.snapshot_path);
  EXPECT_EQ(fs::path(restored_snap.snapshot_path).parent_path(), fs::path(root_ + "/snapshot"));
  EXPECT_TRUE(restored_snap.__isset.snapshot_files);
  EXPECT_TRUE(restored_snap.snapshot_files.empty());
  const std::string local = restored_snap.snapshot_path + "/" + std::to_string(kNew) + "/" + std::to_string(kNewHash);
  ASSERT_TRUE(fs::is_directory(local));
  EXPECT_TRUE(fs::is_empty(local));

  auto download = [&](int64_t signature) {
    auto d = Task(TTaskType::DOWNLOAD, signature);
    TDownloadReq dr;
    dr.job_id = kJob;
    dr.src_dest_map["file://" + repo_dir] = local;
    dr.broker_addr.hostname = "";
    dr.broker_addr.port = 0;
    dr.__set_use_broker(false);
    dr.__set_broker_prop({{"location", "file://" + repo_}});
    d.__set_download_req(dr);
    return d;
  };
  std::set<std::string> want = {std::to_string(kNew) + ".hdr"};
  for (int v = 2; v <= 14; ++v) want.insert(std::to_string(kTablet) + "_" + std::to_string(v) + ".dat");
  auto local_names = [&] {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(local)) out.insert(e.path().filename().string());
    return out;
  };

  // a repository file whose bytes changed under its name is refused and leaves nothing
  std::string victim;
  for (const auto& e : fs::directory_iterator(repo_dir)) {
    if (e.path().filename().string().rfind(std::to_string(kTablet) + "_5.dat.", 0) == 0) victim = e.path();
  }
  ASSERT_FALSE(victim.empty());
  const std::string good = ReadFile(victim);
  std::string bad = good;
  bad[bad.size() - 1] ^= 0x01;
  { std::ofstream(victim, std::ios::binary | std::ios::trunc) << bad; }
  TFinishTaskRequest refused = RunTask(download(700003));
  EXPECT_NE(refused.task_status.status_code, TStatusCode::OK);
  EXPECT_EQ(Message(refused.task_status), "invalid md5 of downloaded file: " + local + "/" + std::to_string(kTablet) +
                                              "_5.dat, expected: " + victim.substr(victim.rfind('.') + 1) +
                                              ", get: " + storage::Md5::Of(bad));
  EXPECT_EQ(refused.downloaded_tablet_ids, std::vector<int64_t>{kNew});
  EXPECT_FALSE(fs::exists(local + "/" + std::to_string(kTablet) + "_5.dat"));
  for (const std::string& n : local_names()) EXPECT_EQ(n.find(".part"), std::string::npos) << n;
  { std::ofstream(victim, std::ios::binary | std::ios::trunc) << good; }

  // a crash mid-download: the backend (reporting at every chance) stands at its first
  // progress report after the start one, with the first file copied into its part and
  // nothing published; another part is on disk too; the process is killed
  fe_->HoldLoaderReports(kJob, /*pass=*/1);
  ASSERT_EQ(Submit({download(700004)}).status.status_code, TStatusCode::OK);
  ASSERT_TRUE(fe_->WaitHeldLoaderReport());
  {
    std::set<std::string> names = local_names();
    ASSERT_FALSE(names.empty());
    for (const std::string& n : names) EXPECT_NE(n.find(".part"), std::string::npos) << n << " published before its barrier";
  }
  { std::ofstream(local + "/" + std::to_string(kTablet) + "_14.dat.part") << "half written"; }
  be_.Kill();
  fe_->ReleaseLoaderReports();
  StartBe();
  ASSERT_EQ(Heartbeat(kBackendId).status.status_code, TStatusCode::OK);
  TFinishTaskRequest resent = RunTask(download(700004));  // the frontend re-sends the same task
  ASSERT_EQ(resent.task_status.status_code, TStatusCode::OK) << Message(resent.task_status);
  EXPECT_EQ(resent.downloaded_tablet_ids, std::vector<int64_t>{kNew});
  EXPECT_EQ(local_names(), want);
  for (const auto& e : fs::directory_iterator(repo_dir)) {
    std::string n = e.path().filename().string();
    std::string base = n.substr(0, n.rfind('.'));
    if (base == std::to_string(kTablet) + ".hdr") base = std::to_string(kNew) + ".hdr";
    EXPECT_EQ(storage::Md5::Of(ReadFile(local + "/" + base)), n.substr(n.rfind('.') + 1)) << n;
  }
  auto progress = fe_->loader_reports();
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back().task_type, TTaskType::DOWNLOAD);
  EXPECT_EQ(progress.back().task_id, 700004);
  EXPECT_EQ(progress.back().finished_num, 1);
  EXPECT_EQ(progress.back().total_num, 1);

  // a second re-send changes nothing
  struct stat before{}, after{};
  ASSERT_EQ(::stat((local + "/" + std::to_string(kTablet) + "_3.dat").c_str(), &before), 0);
  ASSERT_EQ(RunTask(download(700005)).task_status.status_code, TStatusCode::OK);
  ASSERT_EQ(::stat((local + "/" + std::to_string(kTablet) + "_3.dat").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);

  // MOVE, twice (a re-send after a frontend restart)
  auto move = [&](int64_t signature) {
    auto m = Task(TTaskType::MOVE, signature);
    TMoveDirReq mr;
    mr.tablet_id = kNew;
    mr.schema_hash = kNewHash;
    mr.src = local;
    mr.job_id = kJob;
    mr.overwrite = true;
    m.__set_move_dir_req(mr);
    return m;
  };
  TFinishTaskRequest moved = RunTask(move(700006));
  ASSERT_EQ(moved.task_status.status_code, TStatusCode::OK) << Message(moved.task_status);
  TRefChecksumResult restored = Checksum(kNew, kNewHash);
  ASSERT_EQ(restored.status.status_code, TStatusCode::OK);
  EXPECT_EQ(restored.md5, original.md5);
  EXPECT_EQ(restored.row_count, original.row_count);
  EXPECT_EQ(restored.version, 14);
  TFinishTaskRequest moved_again = RunTask(move(700007));
  ASSERT_EQ(moved_again.task_status.status_code, TStatusCode::OK) << Message(moved_again.task_status);
  TRefChecksumResult again = Checksum(kNew, kNewHash);
  EXPECT_EQ(again.md5, original.md5);
  EXPECT_EQ(again.version, 14);

  // B scans A's rows and takes version 15
  TRefScanRequest scan;
  scan.tablet_id = kNew;
  scan.schema_hash = kNewHash;
  TRefScanResult rows;
  ASSERT_TRUE(data_.Call({"127.0.0.1", be_.brpc_port}, "scan", [&](ReferenceDataServiceClient& cl) { cl.scan_rows(rows, scan); }).ok());
  ASSERT_EQ(rows.rows.size(), 26u);
  EXPECT_EQ(rows.rows[0].cells[1].value, "row 2");
  EXPECT_FALSE(rows.rows[1].cells[1].__isset.value) << "NULL survives the round trip";
  EXPECT_EQ(Write(15, {{"15", "after restore"}}, kNew, kNewHash).status.status_code, TStatusCode::OK);
  EXPECT_EQ(Checksum(kNew, kNewHash).version, 15);

  // RELEASE_SNAPSHOT removes the restore snapshot; the tablet keeps its data across a restart
  auto rel = Task(TTaskType::RELEASE_SNAPSHOT, kNew);
  TReleaseSnapshotRequest rel_req;
  rel_req.snapshot_path = restored_snap.snapshot_path;
  rel.__set_release_snapshot_req(rel_req);
  EXPECT_EQ(RunTask(rel).task_status.status_code, TStatusCode::OK);
  EXPECT_FALSE(fs::exists(restored_snap.snapshot_path));
  ASSERT_EQ(be_.Stop(), 0);
  StartBe();
  EXPECT_EQ(Checksum(kNew, kNewHash, 14).md5, original.md5);
  EXPECT_EQ(Checksum(kNew, kNewHash).version, 15);
}

TEST_F(BeIntegrationTest, MalformedRestoreTasksGetClearErrors) {
  ASSERT_EQ(Heartbeat(kBackendId).status.status_code, TStatusCode::OK);
  auto no_payload = Task(TTaskType::DOWNLOAD, 1);
  auto bad_src = Task(TTaskType::DOWNLOAD, 2);
  TDownloadReq dr;
  dr.job_id = 1;
  dr.src_dest_map["file://" + repo_ + "/__x"] = root_ + "/snapshot/s.0.60/20002/6";
  dr.__set_use_broker(false);
  bad_src.__set_download_req(dr);
  auto empty_map = Task(TTaskType::DOWNLOAD, 3);
  dr.src_dest_map.clear();
  empty_map.__set_download_req(dr);
  auto escape = Task(TTaskType::MOVE, 4);
  TMoveDirReq mr;
  mr.tablet_id = 20002;
  mr.schema_hash = 6;
  mr.src = root_ + "/snapshot/s.0.60/../../data/20002/6";
  mr.job_id = 1;
  mr.overwrite = true;
  escape.__set_move_dir_req(mr);
  TAgentResult r = Submit({no_payload, bad_src, empty_map, escape});
  EXPECT_EQ(r.status.status_code, TStatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(r.status.error_msgs.size(), 4u);
  EXPECT_NE(r.status.error_msgs[0].find("has wrong request member"), std::string::npos) << r.status.error_msgs[0];
  EXPECT_NE(r.status.error_msgs[1].find("is not a repository tablet directory"), std::string::npos) << r.status.error_msgs[1];
  EXPECT_NE(r.status.error_msgs[2].find("has an empty src_dest_map"), std::string::npos) << r.status.error_msgs[2];
  EXPECT_NE(r.status.error_msgs[3].find("is not inside"), std::string::npos) << r.status.error_msgs[3];

  // well-formed, but nothing is there: reported through finishTask
  auto missing_dir = Task(TTaskType::DOWNLOAD, 5);
  dr.src_dest_map["file://" + repo_ + "/__10001"] = root_ + "/snapshot/s.0.60/20002/6";
  missing_dir.__set_download_req(dr);
  TFinishTaskRequest f = RunTask(missing_dir);
  EXPECT_EQ(Message(f.task_status), "snapshot path is not directory: " + root_ + "/snapshot/s.0.60/20002/6");
  EXPECT_TRUE(f.__isset.downloaded_tablet_ids);
  auto move_unknown = Task(TTaskType::MOVE, 6);
  mr.src = root_ + "/snapshot/s.0.60/20002/6";
  move_unknown.__set_move_dir_req(mr);
  TFinishTaskRequest m = RunTask(move_unknown);
  EXPECT_EQ(Message(m.task_status), "failed to get tablet; Fail to move dir=" + mr.src + " tablet id=20002");
  auto snap_unknown = Task(TTaskType::MAKE_SNAPSHOT, 7);
  TSnapshotRequest sr;
  sr.tablet_id = 20002;
  sr.schema_hash = 6;
  sr.__set_is_restore_task(true);
  snap_unknown.__set_snapshot_req(sr);
  EXPECT_EQ(RunTask(snap_unknown).task_status.status_code, TStatusCode::NOT_FOUND);
  ASSERT_TRUE(be_.Alive());
}

}  // namespace
}  // namespace feb
