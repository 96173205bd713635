// SnapshotListing: the result of SHOW SNAPSHOT ON repo [WHERE ...] over one repository.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "plugin/src/repository/snapshot_repository.h"

namespace feb::plugin {

// The WHERE clause after analysis: SNAPSHOT = 'x' [AND TIMESTAMP = 't'], or SNAPSHOT IN (...),
// or nothing.
struct SnapshotFilter {
  std::optional<std::string> snapshot;
  std::optional<std::string> timestamp;  // only with snapshot
  std::vector<std::string> in_list;      // SNAPSHOT IN ('a', ...)
};

class SnapshotListing {
 public:
  // Without a timestamp: Snapshot, Timestamp, Status (one row per snapshot; timestamps joined
  // by '\n'). With snapshot and timestamp: Snapshot, Timestamp, Database, Details, Status, the
  // details read from that info file after its md5 is checked.
  // Error only when the repository cannot be listed at all (StarRocks' text).
  static Result<fe_backup::StatementResult> Show(SnapshotRepository& repo, const SnapshotFilter& filter);
};

}  // namespace feb::plugin
