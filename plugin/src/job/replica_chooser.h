// ChooseReplica / FindTablet: which replica of a tablet a snapshot is taken on. The lowest-id
// replica that is healthy (not bad, no failed version, at least `version`, the index's schema
// hash) and whose backend is alive, avoiding `excluded_backends`.
#pragma once

#include <cstdint>
#include <optional>
#include <set>

#include "fe_backup/host.h"

namespace feb::plugin {

std::optional<int64_t> ChooseReplica(fe_backup::Backends& backends, const fe_backup::TabletInfo& tablet,
                                     int64_t version, int32_t schema_hash, const std::set<int64_t>& excluded_backends);

// The tablet `tablet_id` of (partition, index) in `table`; null when it is gone.
const fe_backup::TabletInfo* FindTablet(const fe_backup::TableInfo& table, int64_t partition_id, int64_t index_id,
                                        int64_t tablet_id);

}  // namespace feb::plugin
