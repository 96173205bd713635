// FakeFeClient: a scriptable frontend for backend agent tests. Records every call; can block
// finishTask until released, fail it a number of times, and answer CANCELLED to loader
// reports. Thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

#include "backend/agent/fe_client.h"

namespace feb::be::testing {

class FakeFeClient : public FeClient {
 public:
  Status FinishTask(const TaskReport& report) override {
    std::unique_lock<std::mutex> lock(mu);
    ++finish_calls;
    cv.notify_all();
    cv.wait(lock, [this] { return !hold_finish; });
    if (unavailable_left > 0) {
      --unavailable_left;
      return Status::Unavailable("frontend down");
    }
    reports.push_back(report);
    cv.notify_all();
    return finish_answer;
  }
  Result<bool> LoaderReport(int64_t job_id, int64_t task_id, TaskType type, int32_t finished, int32_t total) override {
    std::lock_guard<std::mutex> lock(mu);
    progress.push_back({finished, total});
    if (loader_unreachable) return Status::Unavailable("frontend down");
    return !cancel_loader;
  }
  Status Report(const std::map<TaskType, std::set<int64_t>>& running, const std::vector<TabletMeta>&) override {
    std::lock_guard<std::mutex> lock(mu);
    last_running = running;
    return Status::OK();
  }

  // Waits (bounded) until `n` reports arrived.
  bool WaitReports(size_t n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(20), [&] { return reports.size() >= n; });
  }
  bool WaitFinishCalls(int n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(20), [&] { return finish_calls >= n; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu);
    hold_finish = false;
    cv.notify_all();
  }

  std::mutex mu;
  std::condition_variable cv;
  bool hold_finish = false;
  int unavailable_left = 0;
  int finish_calls = 0;
  Status finish_answer;
  bool cancel_loader = false;
  bool loader_unreachable = false;
  std::vector<TaskReport> reports;
  std::vector<std::pair<int32_t, int32_t>> progress;
  std::map<TaskType, std::set<int64_t>> last_running;
};

}  // namespace feb::be::testing
