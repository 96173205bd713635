// End-to-end benchmark of the reference backend (not a test; run by ./build.sh bench):
//  1. UPLOAD throughput: 1 GiB in 16 files of 64 MiB from one `be` into a file://
//     repository (md5 computed, files and directories fsynced), against `cp -r` + `sync`
//     of the same files on the same disk in the same run. Prints both and the ratio.
//  2. MAKE_SNAPSHOT of 10,000 small tablets (one rowset each): tasks per second from the
//     first submit_tasks to the last finishTask.
// Everything lives under $FEB_BENCH_DIR (default ./build-bench/bench_tmp) and is removed
// at the end. Sizes can be reduced with FEB_BENCH_FILES / FEB_BENCH_FILE_MB /
// FEB_BENCH_TABLETS.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "BackendService.h"
#include "FrontendService.h"
#include "HeartbeatService.h"
#include "ReferenceDataService.h"
#include "common/rpc/client_pool.h"
#include "common/rpc/thrift_server.h"
#include "test/integration/backend/be_process.h"

namespace {

namespace fs = std::filesystem;
using namespace feb;
using namespace feb::wire;
using Clock = std::chrono::steady_clock;

int EnvInt(const char* name, int def) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : def;
}

class BenchFrontend : public FrontendServiceIf {
 public:
  void finishTask(TMasterResult& result, const TFinishTaskRequest& request) override {
    std::lock_guard<std::mutex> lock(mu);
    if (request.task_status.status_code != TStatusCode::OK) {
      ++failed;
      if (first_error.empty() && !request.task_status.error_msgs.empty()) first_error = request.task_status.error_msgs[0];
    }
    ++finished[request.task_type];
    last = request;
    result.status.status_code = TStatusCode::OK;
    cv.notify_all();
  }
  void report(TMasterResult& result, const TReportRequest&) override { result.status.status_code = TStatusCode::OK; }
  void snapshotLoaderReport(TStatus& result, const TSnapshotLoaderReportRequest&) override {
    result.status_code = TStatusCode::OK;
  }
  bool Wait(TTaskType::type type, int n, int seconds) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(seconds), [&] { return finished[type] >= n; });
  }
  std::mutex mu;
  std::condition_variable cv;
  std::map<int, int> finished;
  int failed = 0;
  std::string first_error;
  TFinishTaskRequest last;
};

void Die(const std::string& msg) {
  std::cerr << "upload_bench: " << msg << std::endl;
  std::exit(1);
}

void WriteRandomFile(const std::string& path, size_t bytes, uint64_t seed) {
  std::string buf(8u << 20, '\0');
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) Die("cannot create " + path);
  for (size_t done = 0; done < bytes;) {
    for (size_t i = 0; i + 8 <= buf.size(); i += 8) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      std::memcpy(&buf[i], &x, 8);
    }
    size_t n = std::min(buf.size(), bytes - done);
    if (::write(fd, buf.data(), n) != static_cast<ssize_t>(n)) Die("write " + path);
    done += n;
  }
  ::fsync(fd);
  ::close(fd);
}

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

}  // namespace

int main() {
  const int files = EnvInt("FEB_BENCH_FILES", 16);
  const size_t file_mb = static_cast<size_t>(EnvInt("FEB_BENCH_FILE_MB", 64));
  const int tablets = EnvInt("FEB_BENCH_TABLETS", 10000);
  const char* dir_env = std::getenv("FEB_BENCH_DIR");
  const std::string base = fs::absolute(dir_env != nullptr && *dir_env ? dir_env : "build-bench/bench_tmp").string();
  fs::remove_all(base);
  fs::create_directories(base);
  const std::string root = base + "/be";
  const std::string snap_dir = root + "/snapshot/20250101000000.0.999999999/1/1";
  fs::create_directories(snap_dir);

  auto fe = std::make_shared<BenchFrontend>();
  rpc::ThriftServer fe_server("bench frontend", std::make_shared<FrontendServiceProcessor>(fe),
                              rpc::ServerOptions{"127.0.0.1", 0, 16});
  if (!fe_server.Start().ok()) Die("cannot start the bench frontend");
  testing::BeProcess be;
  std::string err = be.Start(root, base + "/be.stderr", {"--make_snapshot_worker_count=5", "--create_tablet_worker_count=8"});
  if (!err.empty()) Die(err);

  rpc::ClientOptions opt;
  opt.recv_timeout_ms = 600000;
  rpc::ClientPool<HeartbeatServiceClient> hb(opt);
  rpc::ClientPool<BackendServiceClient> bs(opt);
  TMasterInfo info;
  info.network_address.hostname = "127.0.0.1";
  info.network_address.port = fe_server.port();
  info.epoch = 1;
  info.__set_backend_ip("127.0.0.1");
  info.__set_backend_id(1);
  THeartbeatResult hr;
  if (!hb.Call({"127.0.0.1", be.heartbeat_port}, "heartbeat", [&](HeartbeatServiceClient& c) { c.heartbeat(hr, info); }).ok()) {
    Die("heartbeat failed");
  }
  auto submit = [&](const std::vector<TAgentTaskRequest>& tasks) {
    TAgentResult r;
    Status s = bs.Call({"127.0.0.1", be.be_port}, "submit_tasks", [&](BackendServiceClient& c) { c.submit_tasks(r, tasks); });
    if (!s.ok() || r.status.status_code != TStatusCode::OK) Die("submit_tasks failed: " + s.ToString());
  };

  // ---- 1. UPLOAD vs cp -r + sync ----
  const double total_mb = static_cast<double>(files) * static_cast<double>(file_mb);
  for (int i = 0; i < files; ++i) WriteRandomFile(snap_dir + "/1_" + std::to_string(i + 2) + ".dat", file_mb << 20, i + 1);
  // The copy baseline runs before and after the upload (the faster run counts), and nothing
  // is deleted in between: a delete on a filesystem mounted with "discard" would slow down
  // whatever runs next, and each run pays for the writeback left by the previous one.
  auto timed_copy = [&](const std::string& dest) {
    std::string cmd = "cp -r '" + snap_dir + "' '" + dest + "' && sync";
    ::sync();
    auto t0 = Clock::now();
    if (std::system(cmd.c_str()) != 0) Die("cp failed");
    return Seconds(t0, Clock::now());
  };
  double cp_before = timed_copy(base + "/cp_copy1");
  ::sync();
  TAgentTaskRequest up;
  up.protocol_version = TAgentServiceVersion::V1;
  up.task_type = TTaskType::UPLOAD;
  up.signature = 1;
  up.upload_req.job_id = 1;
  up.upload_req.src_dest_map[snap_dir] = "file://" + base + "/repo/__ss_bench/__1";
  up.upload_req.__set_use_broker(false);
  up.__isset.upload_req = true;
  auto u0 = Clock::now();
  submit({up});
  if (!fe->Wait(TTaskType::UPLOAD, 1, 3600)) Die("upload did not finish");
  auto u1 = Clock::now();
  {
    std::lock_guard<std::mutex> lock(fe->mu);
    if (fe->failed != 0) Die("upload failed: " + fe->first_error);
    if (fe->last.tablet_files[1].size() != static_cast<size_t>(files)) Die("upload reported a wrong file count");
  }
  double cp_after = timed_copy(base + "/cp_copy2");
  double cp_s = std::min(cp_before, cp_after), up_s = Seconds(u0, u1);
  std::printf("upload_bench: %d files x %zu MiB = %.0f MiB\n", files, file_mb, total_mb);
  std::printf("  cp -r + sync      : %7.2f s  %8.1f MiB/s  (best of %.2f s before, %.2f s after the upload)\n", cp_s,
              total_mb / cp_s, cp_before, cp_after);
  std::printf("  be UPLOAD (md5)   : %7.2f s  %8.1f MiB/s\n", up_s, total_mb / up_s);
  std::printf("  ratio upload / cp : %.2fx\n", cp_s / up_s);
  fs::remove_all(base + "/cp_copy1");
  fs::remove_all(base + "/cp_copy2");
  fs::remove_all(base + "/repo");
  fs::remove_all(root + "/snapshot/20250101000000.0.999999999");

  // ---- 2. MAKE_SNAPSHOT of small tablets ----
  rpc::ClientPool<ReferenceDataServiceClient> data(opt);
  std::vector<TAgentTaskRequest> batch;
  auto flush = [&] {
    if (!batch.empty()) submit(batch);
    batch.clear();
  };
  for (int t = 1; t <= tablets; ++t) {
    TAgentTaskRequest c;
    c.protocol_version = TAgentServiceVersion::V1;
    c.task_type = TTaskType::CREATE;
    c.signature = 100000 + t;
    c.create_tablet_req.tablet_id = 100000 + t;
    c.create_tablet_req.tablet_schema.schema_hash = 1;
    TColumn col;
    col.column_name = "k";
    col.column_type.type = TPrimitiveType::INT;
    c.create_tablet_req.tablet_schema.columns.push_back(col);
    c.__isset.create_tablet_req = true;
    batch.push_back(c);
    if (batch.size() == 1000) flush();
  }
  flush();
  if (!fe->Wait(TTaskType::CREATE, tablets, 3600)) Die("CREATE tasks did not finish");
  // one row per tablet, written by 4 client threads (each write is two fsynced files)
  std::atomic<bool> write_failed{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int t = 1 + w; t <= tablets; t += 4) {
        TRefWriteRequest req;
        req.tablet_id = 100000 + t;
        req.schema_hash = 1;
        req.version = 2;
        TRefRow row;
        TRefCell cell;
        cell.__set_value(std::to_string(t));
        row.cells.push_back(cell);
        req.rows.push_back(row);
        TRefWriteResult wr;
        if (!data.Call({"127.0.0.1", be.brpc_port}, "write_rows",
                       [&](ReferenceDataServiceClient& c) { c.write_rows(wr, req); }).ok() ||
            wr.status.status_code != TStatusCode::OK) {
          write_failed = true;
          return;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  if (write_failed) Die("write failed");
  auto s0 = Clock::now();
  for (int t = 1; t <= tablets; ++t) {
    TAgentTaskRequest s;
    s.protocol_version = TAgentServiceVersion::V1;
    s.task_type = TTaskType::MAKE_SNAPSHOT;
    s.signature = 100000 + t;
    s.snapshot_req.tablet_id = 100000 + t;
    s.snapshot_req.schema_hash = 1;
    s.snapshot_req.__set_version(2);
    s.snapshot_req.__set_list_files(true);
    s.snapshot_req.__set_timeout(3600);
    s.__isset.snapshot_req = true;
    batch.push_back(s);
    if (batch.size() == 1000) flush();
  }
  flush();
  if (!fe->Wait(TTaskType::MAKE_SNAPSHOT, tablets, 3600)) Die("MAKE_SNAPSHOT tasks did not finish");
  auto s1 = Clock::now();
  {
    std::lock_guard<std::mutex> lock(fe->mu);
    if (fe->failed != 0) Die("snapshot failed: " + fe->first_error);
  }
  double snap_s = Seconds(s0, s1);
  std::printf("make_snapshot_bench: %d tablets in %.2f s = %.0f tasks/s (make_snapshot_worker_count=5)\n", tablets,
              snap_s, tablets / snap_s);

  if (be.Stop() != 0) Die("be did not stop cleanly");
  fe_server.Shutdown();
  fs::remove_all(base);
  return 0;
}
