// FakeTaskSender: records every task the module sends and can fail sends per backend.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "plugin/src/agent/task_sender.h"

namespace feb::testing {

class FakeTaskSender : public plugin::TaskSender {
 public:
  Status Submit(const fe_backup::BackendInfo& backend, const std::vector<plugin::AgentTask>& tasks) override {
    std::lock_guard<std::mutex> l(mu_);
    ++calls_;
    if (failing_.count(backend.id)) return Status::Unavailable("backend " + std::to_string(backend.id) + " unreachable");
    for (const auto& t : tasks) sent_.push_back(t);
    return Status::OK();
  }

  void FailBackend(int64_t backend_id, bool fail) {
    std::lock_guard<std::mutex> l(mu_);
    if (fail) {
      failing_.insert(backend_id);
    } else {
      failing_.erase(backend_id);
    }
  }
  // Tasks sent so far of `type`, and clears them.
  std::vector<plugin::AgentTask> Take(fe_backup::TaskType type) {
    std::lock_guard<std::mutex> l(mu_);
    std::vector<plugin::AgentTask> out, rest;
    for (auto& t : sent_) (t.type == type ? out : rest).push_back(std::move(t));
    sent_ = std::move(rest);
    return out;
  }
  int calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return calls_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<plugin::AgentTask> sent_;
  std::set<int64_t> failing_;
  int calls_ = 0;
};

}  // namespace feb::testing
