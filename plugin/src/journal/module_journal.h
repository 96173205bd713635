// ModuleJournal: the module's one door to the host's journal. Every module record goes through
// Append, and the module's checkpoint (an image of everything the module keeps: repositories
// and jobs) through Checkpoint, which makes the host drop every module record before it.
//
// Why a gate: a record is appended first and applied to memory after, so a checkpoint taken in
// between would store an image without the change and drop the record that had it. Append
// holds the gate shared from its host append until `apply` has returned; Checkpoint holds it
// exclusively while it takes the image and writes it.
//
// Lock order: a caller may hold its own step lock (one that report handlers never take) but
// must not hold a lock that `apply` or an image callback takes. Inside, the gate comes before
// every job and repository mutex: Append(apply) and Checkpoint(image) take those under it.
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status/status.h"
#include "common/sync/mutex.h"
#include "fe_backup/host.h"

namespace feb::plugin {

class ModuleJournal {
 public:
  explicit ModuleJournal(fe_backup::Journal* host) : host_(host) {}

  // Appends one record; on success runs `apply` (may be empty) before any checkpoint can see
  // the state. Unavailable (nothing applied) when the host refuses.
  Status Append(uint16_t op, std::string_view payload, const std::function<void()>& apply = {}) EXCLUDES(gate_);
  // Writes `image()` as the module's checkpoint under `op`.
  Status Checkpoint(uint16_t op, const std::function<std::string()>& image) EXCLUDES(gate_);

  int64_t NextId() { return host_->NextId(); }
  int64_t NextIds(int64_t count) { return host_->NextIds(count); }

  // Module records and payload bytes appended since the last checkpoint (or start).
  int64_t records_since_checkpoint() const EXCLUDES(stats_mu_);
  int64_t bytes_since_checkpoint() const EXCLUDES(stats_mu_);
  // Size of the last checkpoint's image (0 before the first).
  int64_t last_image_bytes() const EXCLUDES(stats_mu_);
  // At startup: what replay read, so the first checkpoint comes when it is due.
  void CountReplayed(size_t bytes) EXCLUDES(stats_mu_);

 private:
  fe_backup::Journal* host_;
  SharedMutex gate_;
  mutable Mutex stats_mu_;
  int64_t records_ GUARDED_BY(stats_mu_) = 0;
  int64_t bytes_ GUARDED_BY(stats_mu_) = 0;
  int64_t image_bytes_ GUARDED_BY(stats_mu_) = 0;
};

}  // namespace feb::plugin
