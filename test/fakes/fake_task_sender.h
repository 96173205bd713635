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
  plugin::SubmitOutcome Submit(const fe_backup::BackendInfo& backend,
                               const std::vector<plugin::AgentTask>& tasks) override {
    std::lock_guard<std::mutex> l(mu_);
    ++calls_;
    plugin::SubmitOutcome out;
    if (failing_.count(backend.id)) {
      out.transport = Status::Unavailable("backend " + std::to_string(backend.id) + " unreachable");
      return out;
    }
    for (size_t i = 0; i < tasks.size(); ++i) {
      int64_t& queued = queued_[backend.id];
      if (capacity_ > 0 && queued >= capacity_) {
        out.rejected.emplace_back(i, "queue of backend " + std::to_string(backend.id) + " is full");
        continue;
      }
      ++queued;
      sent_.push_back(tasks[i]);
    }
    return out;
  }

  // Each backend queues at most `n` tasks (0 = no limit); a refused task is named in the
  // outcome, as the reference backend does. Take() frees the queue.
  void SetQueueCapacity(int64_t n) {
    std::lock_guard<std::mutex> l(mu_);
    capacity_ = n;
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
    for (const auto& t : out) --queued_[t.backend_id];
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
  std::map<int64_t, int64_t> queued_;
  int64_t capacity_ = 0;
  int calls_ = 0;
};

}  // namespace feb::testing
