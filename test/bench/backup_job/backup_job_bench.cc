// backup_job_bench: one BACKUP of N tablets (default 100,000) spread over 10 backends, through
// the real JobManager/BackupJob, with an in-process backend that answers every MAKE_SNAPSHOT
// and UPLOAD task as soon as it is submitted (reports are delivered by 4 threads, as a
// frontend's RPC workers would). Prints: time from submission to FINISHED, finishTask reports
// processed per second in each report phase, and heap bytes per tablet held by the running
// job (measured in UPLOADING, with every snapshot recorded and every upload task queued);
// then a second BACKUP of the same tablets with nothing held: the frontend's whole share of
// statement -> FINISHED.
//   usage: backup_job_bench [tablets] [backends] [backend queue capacity, 0 = unbounded]
#include <malloc.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <thread>

#include "plugin/src/job/job_manager.h"
#include "test/fakes/fake_host.h"
#include "test/fakes/fake_repository.h"

namespace feb::plugin {
namespace {

using fe_backup::FinishedTask;
using fe_backup::TaskType;

size_t HeapInUse() { return mallinfo2().uordblks; }

// Answers tasks from worker threads; the job manager is set once it exists.
class InstantBackend : public TaskSender {
 public:
  explicit InstantBackend(int threads) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~InstantBackend() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  void SetManager(JobManager* m) { manager_ = m; }
  // UPLOAD tasks wait until this is called (so the job can be measured in UPLOADING).
  void ReleaseUploads() {
    std::lock_guard<std::mutex> l(mu_);
    uploads_released_ = true;
    for (auto& h : held_) {
      AgentTask t;
      t.type = TaskType::kUpload;
      t.signature = h.signature;
      t.backend_id = h.backend_id;
      t.upload = UploadRequest{};
      for (int64_t tablet : h.tablets) {
        t.upload->src_dest.emplace_back("/s/" + std::to_string(tablet) + "/0", "");
      }
      queue_.push_back(std::move(t));
    }
    held_.clear();
    for (auto& [be, n] : held_per_backend_) queued_[be] -= n;
    held_per_backend_.clear();
    cv_.notify_all();
  }
  // Upload tablets held back so far.
  size_t held() {
    std::lock_guard<std::mutex> l(mu_);
    return held_tablets_;
  }
  // Seconds between the first and the last report of a type.
  double PhaseSeconds(TaskType type) {
    std::lock_guard<std::mutex> l(mu_);
    auto& p = phases_[type];
    return std::chrono::duration<double>(p.second - p.first).count();
  }

  SubmitOutcome Submit(const fe_backup::BackendInfo&, const std::vector<AgentTask>& tasks) override {
    std::lock_guard<std::mutex> l(mu_);
    SubmitOutcome out;
    for (size_t i = 0; i < tasks.size(); ++i) {
      const AgentTask& t = tasks[i];
      if (capacity_ > 0 && queued_[t.backend_id] >= capacity_) {
        out.rejected.emplace_back(i, "queue full");
        continue;
      }
      ++queued_[t.backend_id];
      max_queued_ = std::max(max_queued_, queued_[t.backend_id]);
      if (t.type == TaskType::kUpload && !uploads_released_) {
        // Kept compact so that the backend's memory does not count as the job's.
        Held h{t.signature, t.backend_id, {}};
        for (const auto& [src, dest] : t.upload->src_dest) {
          std::string dir = src.substr(0, src.rfind('/'));
          h.tablets.push_back(std::stoll(dir.substr(dir.rfind('/') + 1)));
        }
        held_tablets_ += h.tablets.size();
        ++held_per_backend_[t.backend_id];
        held_.push_back(std::move(h));
      } else {
        queue_.push_back(t);
      }
    }
    cv_.notify_all();
    return out;
  }
  // Each backend holds at most `n` tasks queued (0 = no limit), as a real one's queue does.
  void SetCapacity(int64_t n) { capacity_ = n; }
  int64_t max_queued() {
    std::lock_guard<std::mutex> l(mu_);
    return max_queued_;
  }

  std::atomic<int64_t> reports{0};

 private:
  void Work() {
    while (true) {
      AgentTask t;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [this] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        t = std::move(queue_.front());
        queue_.pop_front();
        --queued_[t.backend_id];
      }
      if (t.type == TaskType::kReleaseSnapshot) continue;
      FinishedTask f;
      f.backend_id = t.backend_id;
      f.type = t.type;
      f.signature = t.signature;
      f.copy_size = 4096;
      if (t.type == TaskType::kMakeSnapshot) {
        f.snapshot_path = "/data/snapshot/20240101000000.1.86400";
        f.snapshot_files = std::vector<std::string>{std::to_string(t.snapshot->tablet_id) + ".hdr",
                                                    std::to_string(t.snapshot->tablet_id) + "_2_0.dat"};
      } else {
        std::map<int64_t, std::vector<std::string>> files;
        for (const auto& [src, dest] : t.upload->src_dest) {
          std::string s = src.substr(0, src.rfind('/'));
          int64_t tablet = std::stoll(s.substr(s.rfind('/') + 1));
          files[tablet] = {std::to_string(tablet) + ".hdr.0123456789abcdef0123456789abcdef",
                           std::to_string(tablet) + "_2_0.dat.0123456789abcdef0123456789abcdef"};
        }
        f.tablet_files = std::move(files);
      }
      auto begin = std::chrono::steady_clock::now();
      manager_->OnFinishTask(f);
      auto end = std::chrono::steady_clock::now();
      reports++;
      std::lock_guard<std::mutex> l(mu_);
      auto it = phases_.find(t.type);
      if (it == phases_.end()) {
        phases_[t.type] = {begin, end};
      } else {
        it->second.first = std::min(it->second.first, begin);
        it->second.second = std::max(it->second.second, end);
      }
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<AgentTask> queue_;
  struct Held {
    int64_t signature;
    int64_t backend_id;
    std::vector<int64_t> tablets;
  };
  std::vector<Held> held_;
  std::map<int64_t, int64_t> queued_;            // backend -> tasks queued (held included)
  std::map<int64_t, int64_t> held_per_backend_;
  int64_t capacity_ = 0;
  int64_t max_queued_ = 0;
  size_t held_tablets_ = 0;
  bool uploads_released_ = false;
  std::map<TaskType, std::pair<std::chrono::steady_clock::time_point, std::chrono::steady_clock::time_point>> phases_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
  JobManager* manager_ = nullptr;
};

int Main(int argc, char** argv) {
  const int64_t tablets = argc > 1 ? std::atoll(argv[1]) : 100000;
  const int backends = argc > 2 ? std::atoi(argv[2]) : 10;
  const int64_t capacity = argc > 3 ? std::atoll(argv[3]) : 0;
  const int tables = 10;
  const int partitions = 10;
  const int buckets = static_cast<int>(tablets / (tables * partitions));

  testing::FakeHost host;
  for (int b = 1; b <= backends; ++b) host.AddBackend(b);
  int64_t db = host.AddDatabase("bench_db");
  std::vector<std::string> pnames;
  for (int p = 0; p < partitions; ++p) pnames.push_back("p" + std::to_string(p));
  for (int t = 0; t < tables; ++t) {
    std::string name = "t" + std::to_string(t);
    host.AddOlapTable(db, name, pnames, buckets, 1, 2);
    fe_backup::TableInfo* info = host.MutableTable(db, name);
    for (auto& p : info->partitions) {
      for (auto& tablet : p.indexes[0].tablets) tablet.replicas[0].backend_id = tablet.id % backends + 1;
    }
  }
  testing::FakeRepository repo(1, "bench_repo");
  InstantBackend backend(4);
  backend.SetCapacity(capacity);
  ModuleJournal journal(&host);
  SendLanes lanes(&backend);
  JobContext deps;
  deps.host = &host;
  deps.journal = &journal;
  deps.lanes = &lanes;
  deps.repos = &repo;
  deps.clock = SystemClock::Get();
  deps.random01 = [] { return 0.5; };
  JobManagerOptions options;
  options.tick_ms = 100;
  JobManager manager(deps, options);
  backend.SetManager(&manager);
  manager.Start();

  AnalyzedBackup request;
  request.label = "bench";
  request.db_id = db;
  request.db_name = "bench_db";
  request.repo_id = 1;
  request.repo_name = "bench_repo";
  for (int t = 0; t < tables; ++t) request.tables.push_back({"t" + std::to_string(t), {}});

  host.SetRetainJournalPayloads(false);
  size_t heap_before = HeapInUse();
  auto start = std::chrono::steady_clock::now();
  Status s = manager.SubmitBackup(request);
  if (!s.ok()) {
    std::fprintf(stderr, "submit failed: %s\n", s.ToString().c_str());
    return 1;
  }
  std::shared_ptr<BackupJob> job = manager.BackupJobOf(db);
  // Wait until the upload tasks are queued (as many as the job keeps in flight), measure, then
  // let the uploads finish.
  size_t expected_uploads = static_cast<size_t>(buckets) * tables * partitions;
  while (!job->done() && job->state() != BackupJobState::kUploading) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  for (size_t last = SIZE_MAX; !job->done() && backend.held() != last;) {
    last = backend.held();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  size_t heap_sending = HeapInUse();  // the last upload batch may still be in flight
  // Then the steady state: the heap stops moving once the job is done sending.
  size_t heap_running = HeapInUse();
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    size_t now = HeapInUse();
    if (now == heap_running) break;
    heap_running = now;
  }
  backend.ReleaseUploads();
  while (!job->done()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The frontend's share as a user sees it: a second BACKUP of the same tablets, nothing held
  // back, statement to FINISHED (the backend answers instantly, so this is all frontend).
  const double snap = backend.PhaseSeconds(TaskType::kMakeSnapshot);
  const double up = backend.PhaseSeconds(TaskType::kUpload);
  double unheld = 0;
  if (job->state() == BackupJobState::kFinished) {
    request.label = "bench_again";
    auto again_start = std::chrono::steady_clock::now();
    Status again = manager.SubmitBackup(request);
    if (!again.ok()) {
      std::fprintf(stderr, "second submit failed: %s\n", again.ToString().c_str());
      return 1;
    }
    std::shared_ptr<BackupJob> second = manager.BackupJobOf(db);
    while (!second->done()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    unheld = std::chrono::duration<double>(std::chrono::steady_clock::now() - again_start).count();
    if (second->state() != BackupJobState::kFinished) {
      std::fprintf(stderr, "second job ended %s: %s\n", std::string(BackupJobStateName(second->state())).c_str(),
                   second->status().ToString().c_str());
      return 1;
    }
  }
  manager.Shutdown();
  lanes.Shutdown();
  if (job->state() != BackupJobState::kFinished) {
    std::fprintf(stderr, "job ended %s: %s\n", std::string(BackupJobStateName(job->state())).c_str(),
                 job->status().ToString().c_str());
    return 1;
  }
  int64_t n = static_cast<int64_t>(expected_uploads);
  std::printf("backup_job_bench: %lld tablets on %d backends, 4 reporting threads, backend queues %s\n",
              static_cast<long long>(n), backends,
              capacity > 0 ? (std::to_string(capacity) + " tasks").c_str() : "unbounded");
  std::printf("  most tasks queued on one backend %lld\n", static_cast<long long>(backend.max_queued()));
  std::printf("  statement to FINISHED         %.2f s (uploads held back while memory is measured)\n", total);
  std::printf("  statement to FINISHED         %.2f s (a second backup, nothing held; target < 1 s)\n", unheld);
  std::printf("  MAKE_SNAPSHOT reports         %lld in %.2f s = %.0f reports/s (target >= 20000)\n",
              static_cast<long long>(n), snap, n / snap);
  std::printf("  UPLOAD reports                %lld in %.2f s = %.0f reports/s (target >= 20000)\n",
              static_cast<long long>(n), up, n / up);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  std::printf("  process peak RSS              %.0f MB (target <= 1024)\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  std::printf("  heap held by the running job  %.0f bytes per tablet in UPLOADING (target <= 300)\n",
              (static_cast<double>(heap_running) - static_cast<double>(heap_before)) / static_cast<double>(n));
  std::printf("  ... while sending the tasks   %.0f bytes per tablet\n",
              (static_cast<double>(heap_sending) - static_cast<double>(heap_before)) / static_cast<double>(n));
  return 0;
}

}  // namespace
}  // namespace feb::plugin

int main(int argc, char** argv) { return feb::plugin::Main(argc, argv); }
