// MasterInfo: what the backend learned from heartbeats: the frontend's Thrift address
// (network_address = host + rpc_port), the host name the frontend knows this backend by,
// and the backend id, which is kept in "<storage_root>/backend_id" across restarts.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "common/rpc/address.h"
#include "common/status/result.h"

namespace feb::be {

class MasterInfo {
 public:
  // `storage_root` holds the backend_id file; `default_host` is used until a heartbeat
  // tells the backend its address.
  MasterInfo(std::string storage_root, std::string default_host);

  // Loads a kept backend id, if any.
  Status Load();
  // Records one heartbeat. A backend id different from the kept one is refused
  // (IllegalState, nothing changes); the first one is kept durably.
  Status OnHeartbeat(const rpc::Address& master, const std::string& backend_host, std::optional<int64_t> backend_id);

  std::optional<rpc::Address> master() const;
  std::string backend_host() const;
  std::optional<int64_t> backend_id() const;

 private:
  const std::string root_;
  mutable std::mutex mu_;
  std::optional<rpc::Address> master_;  // guarded by mu_
  std::string host_;                    // guarded by mu_
  std::optional<int64_t> backend_id_;   // guarded by mu_
};

}  // namespace feb::be
