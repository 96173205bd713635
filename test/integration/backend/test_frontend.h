// TestFrontend: a minimal FrontendService (finishTask / report / snapshotLoaderReport) that
// records what a backend sends, for integration tests that play the frontend's role.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <vector>

#include "FrontendService.h"

namespace feb::testing {

class TestFrontend : public feb::wire::FrontendServiceIf {
 public:
  void finishTask(feb::wire::TMasterResult& result, const feb::wire::TFinishTaskRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    finished_.push_back(request);
    result.status.status_code = feb::wire::TStatusCode::OK;
    cv_.notify_all();
  }
  void report(feb::wire::TMasterResult& result, const feb::wire::TReportRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    reports_.push_back(request);
    result.status.status_code = feb::wire::TStatusCode::OK;
    cv_.notify_all();
  }
  void snapshotLoaderReport(feb::wire::TStatus& result, const feb::wire::TSnapshotLoaderReportRequest& request) override {
    std::unique_lock<std::mutex> lock(mu_);
    loader_reports_.push_back(request);
    result.status_code =
        cancelled_jobs_.count(request.job_id) ? feb::wire::TStatusCode::CANCELLED : feb::wire::TStatusCode::OK;
    cv_.notify_all();
    if (held_jobs_.count(request.job_id) != 0 && pass_before_hold_ > 0) {
      --pass_before_hold_;
    } else if (held_jobs_.count(request.job_id) != 0) {
      ++held_waiting_;
      cv_.notify_all();
      cv_.wait_for(lock, std::chrono::seconds(60), [&] { return held_jobs_.count(request.job_id) == 0; });
      --held_waiting_;
    }
  }

  // Loader reports of `job_id` block (the transfer stands still at a known point) until
  // ReleaseLoaderReports(), after the first `pass` of them went through; WaitHeldLoaderReport()
  // waits (30 s at most) until one is held.
  void HoldLoaderReports(int64_t job_id, int pass = 0) {
    std::lock_guard<std::mutex> lock(mu_);
    held_jobs_.insert(job_id);
    pass_before_hold_ = pass;
  }
  bool WaitHeldLoaderReport() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return held_waiting_ > 0; });
  }
  void ReleaseLoaderReports() {
    std::lock_guard<std::mutex> lock(mu_);
    held_jobs_.clear();
    cv_.notify_all();
  }

  void CancelJob(int64_t job_id) {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_jobs_.insert(job_id);
  }

  // The finishTask for (type, signature), waiting up to 30 s; false on timeout.
  bool WaitFinished(feb::wire::TTaskType::type type, int64_t signature, feb::wire::TFinishTaskRequest* out) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] {
      for (const auto& f : finished_) {
        if (f.task_type == type && f.signature == signature) {
          *out = f;
          return true;
        }
      }
      return false;
    });
  }
  // Waits for a report matching `pred`.
  bool WaitReport(const std::function<bool(const feb::wire::TReportRequest&)>& pred) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] {
      for (const auto& r : reports_) {
        if (pred(r)) return true;
      }
      return false;
    });
  }
  std::vector<feb::wire::TSnapshotLoaderReportRequest> loader_reports() {
    std::lock_guard<std::mutex> lock(mu_);
    return loader_reports_;
  }
  size_t finished_count(feb::wire::TTaskType::type type, int64_t signature) {
    std::lock_guard<std::mutex> lock(mu_);
    size_t n = 0;
    for (const auto& f : finished_) n += (f.task_type == type && f.signature == signature) ? 1 : 0;
    return n;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<feb::wire::TFinishTaskRequest> finished_;
  std::vector<feb::wire::TReportRequest> reports_;
  std::vector<feb::wire::TSnapshotLoaderReportRequest> loader_reports_;
  std::set<int64_t> cancelled_jobs_;
  std::set<int64_t> held_jobs_;
  int held_waiting_ = 0;
  int pass_before_hold_ = 0;
};

}  // namespace feb::testing
