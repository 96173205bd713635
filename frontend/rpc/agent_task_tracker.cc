#include "frontend/rpc/agent_task_tracker.h"

namespace feb::frontend {

void AgentTaskTracker::Register(const std::vector<Key>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& k : keys) tasks_[k] = std::nullopt;
}

bool AgentTaskTracker::Complete(const Key& key, const Status& outcome) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tasks_.find(key);
    if (it == tasks_.end()) return false;
    it->second = outcome;
  }
  cv_.notify_all();
  return true;
}

Status AgentTaskTracker::Wait(const std::vector<Key>& keys, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  auto done = [&] {
    for (const auto& k : keys) {
      auto it = tasks_.find(k);
      if (it != tasks_.end() && !it->second) return false;
    }
    return true;
  };
  cv_.wait_for(lock, timeout, done);
  Status result;
  size_t missing = 0;
  for (const auto& k : keys) {
    auto it = tasks_.find(k);
    if (it == tasks_.end()) continue;
    if (!it->second) {
      ++missing;
    } else if (!it->second->ok() && result.ok()) {
      result = *it->second;
    }
    tasks_.erase(it);
  }
  if (result.ok() && missing > 0) {
    return Status::Timeout(std::to_string(missing) + " of " + std::to_string(keys.size()) +
                           " tasks were not reported within " + std::to_string(timeout.count()) + " ms");
  }
  return result;
}

void AgentTaskTracker::Forget(const std::vector<Key>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& k : keys) tasks_.erase(k);
}

}  // namespace feb::frontend
