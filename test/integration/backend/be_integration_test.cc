// End to end against a real `be` process: this test plays the frontend (heartbeat,
// submit_tasks, the FrontendService the backend reports to) and a client of the reference
// data service; it checks every byte and md5 that lands in a file:// repository, the
// handling of bad input, and that a restart keeps the data.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
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
    std::string err = be_.Start(root_, tmp_.path() + "/be.stderr", {"--report_task_interval_seconds=1"});
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

  TRefWriteResult Write(int64_t version, const std::vector<std::vector<std::optional<std::string>>>& rows) {
    TRefWriteRequest req;
    req.tablet_id = kTablet;
    req.schema_hash = kHash;
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

  TRefChecksumResult Checksum() {
    TRefScanRequest req;
    req.tablet_id = kTablet;
    req.schema_hash = kHash;
    TRefChecksumResult out;
    Status s = data_.Call({"127.0.0.1", be_.brpc_port}, "checksum", [&](ReferenceDataServiceClient& c) { c.checksum(out, req); });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

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

}  // namespace
}  // namespace feb
