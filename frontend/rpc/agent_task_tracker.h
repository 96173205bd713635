// AgentTaskTracker: the frontend's own agent tasks (CREATE, DROP) in flight, so that
// finishTask reports can complete them and DDL can wait for its tablets. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/status/status.h"

namespace feb::frontend {

class AgentTaskTracker {
 public:
  struct Key {
    int64_t backend_id;
    int32_t type;
    int64_t signature;
    bool operator<(const Key& o) const {
      return std::tie(backend_id, type, signature) < std::tie(o.backend_id, o.type, o.signature);
    }
  };

  void Register(const std::vector<Key>& keys);
  // A report for a task; false if the frontend does not know it (the caller answers CANCELLED).
  bool Complete(const Key& key, const Status& outcome);
  // Waits until every key has been completed; the first failure, or Timeout naming how many
  // are missing. Forgets the keys either way.
  Status Wait(const std::vector<Key>& keys, std::chrono::milliseconds timeout);
  // Forgets keys nobody will wait for (e.g. DROP tasks).
  void Forget(const std::vector<Key>& keys);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<Key, std::optional<Status>> tasks_;  // GUARDED_BY(mu_); value set when reported
};

}  // namespace feb::frontend
