// BackendRegistry: the backends added with ALTER SYSTEM ADD BACKEND, their ports as learnt
// from heartbeats, and whether they are alive. Membership is journaled; liveness is not (it is
// relearnt from heartbeats after a restart, starting as not alive). Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "frontend/journal/meta_log.h"

namespace feb::frontend {

struct BackendEntry {
  fe_backup::BackendInfo info;   // id, host, be/http/brpc ports, alive
  int32_t heartbeat_port = 9050;
  int64_t last_start_time_ms = 0;
  int64_t last_heartbeat_ms = 0;     // last successful heartbeat
  int64_t last_attempt_ms = 0;
  std::string error;                 // last heartbeat error, "" when fine
  std::string version;
};

class BackendRegistry : public fe_backup::Backends {
 public:
  explicit BackendRegistry(MetaLog* log) : log_(log) {}

  // "host:heartbeat_port"; errors name the address.
  Result<int64_t> Add(const std::string& address);
  Status Drop(const std::string& address);

  std::vector<BackendEntry> Entries();
  std::vector<fe_backup::BackendInfo> AliveBackends();
  // A heartbeat answer: success (with the ports the backend reported) or failure.
  void RecordHeartbeat(int64_t id, bool ok, const BackendEntry& reported, int64_t now_ms);
  // Marks backends whose last good heartbeat is older than `timeout` as not alive.
  void Expire(int64_t now_ms, std::chrono::milliseconds timeout);

  // ---- fe_backup::Backends ----
  std::vector<fe_backup::BackendInfo> List() override;
  std::optional<fe_backup::BackendInfo> Find(int64_t backend_id) override;

  Status Apply(MetaOp op, const nlohmann::json& record);
  nlohmann::json Snapshot();
  Status Restore(const nlohmann::json& image);

  static Result<std::pair<std::string, int32_t>> ParseAddress(const std::string& address);

 private:
  MetaLog* log_;
  std::mutex mu_;
  std::map<int64_t, BackendEntry> backends_;  // GUARDED_BY(mu_)
};

}  // namespace feb::frontend
