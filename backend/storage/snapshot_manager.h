// SnapshotManager: hard-link snapshots of tablets under <root>/snapshot/.
// A snapshot directory is "<root>/snapshot/<yyyyMMddHHmmss UTC>.<seq>.<timeout_s>" and holds
// "<tablet_id>/<schema_hash>/" with hard links of the tablet's rowset files of versions
// <= the requested version plus "<tablet_id>.hdr", the tablet header cut at that version.
// Snapshots older than their timeout are removed by SweepExpired(). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backend/storage/tablet_store.h"
#include "common/status/result.h"

namespace feb::be {

struct SnapshotResult {
  std::string snapshot_path;        // <root>/snapshot/<ts>.<seq>.<timeout_s>
  std::vector<std::string> files;   // names under <snapshot_path>/<tablet>/<schema_hash>/, sorted
};

class SnapshotManager {
 public:
  // `now_s` returns wall-clock seconds since the epoch (injected for tests).
  SnapshotManager(TabletStore* store, std::function<int64_t()> now_s);

  // Snapshot of versions <= `version` (current version when nullopt). NotFound for an
  // unknown tablet or a version the tablet does not have. `timeout_s` <= 0 uses
  // `default_timeout_s`.
  Result<SnapshotResult> MakeSnapshot(int64_t tablet_id, int32_t schema_hash, std::optional<int64_t> version,
                                      int64_t timeout_s);
  // RESTORE's MAKE_SNAPSHOT (StarRocks' is_restore_task): checks that the tablet exists
  // (NotFound otherwise), then creates the empty directory
  // "<snapshot_path>/<tablet_id>/<schema_hash>" that a DOWNLOAD will fill. No version is
  // checked and no file is linked; `files` is empty.
  Result<SnapshotResult> MakeRestoreSnapshot(int64_t tablet_id, int32_t schema_hash, int64_t timeout_s);
  // Removes a snapshot directory. The path must name a snapshot directly under
  // <root>/snapshot (InvalidArgument otherwise, nothing is removed). Missing = OK.
  Status Release(const std::string& snapshot_path);
  // Removes snapshots whose creation time + timeout is in the past; returns how many.
  int SweepExpired();

  std::string SnapshotRoot() const { return store_->root() + "/snapshot"; }
  // Checks that `path` is "<root>/snapshot/<name>" or below it, with no "." / ".." parts.
  Status CheckInSnapshotRoot(const std::string& path) const;

  int64_t default_timeout_s = 172800;  // snapshot_expire_time_sec

 private:
  // A "<root>/snapshot/<yyyyMMddHHmmss>.<seq>.<timeout_s>" that does not exist yet.
  std::string NewSnapshotName(int64_t timeout_s);

  TabletStore* store_;
  std::function<int64_t()> now_s_;
  std::atomic<int64_t> seq_{0};
};

}  // namespace feb::be
