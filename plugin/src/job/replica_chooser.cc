#include "plugin/src/job/replica_chooser.h"

#include <algorithm>
#include <vector>

namespace feb::plugin {

std::optional<int64_t> ChooseReplica(fe_backup::Backends& backends, const fe_backup::TabletInfo& tablet,
                                     int64_t version, int32_t schema_hash, const std::set<int64_t>& excluded_backends) {
  std::vector<const fe_backup::ReplicaInfo*> replicas;
  for (const auto& r : tablet.replicas) replicas.push_back(&r);
  std::sort(replicas.begin(), replicas.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (const auto* r : replicas) {
    if (excluded_backends.count(r->backend_id)) continue;
    if (r->bad || r->version < version || r->last_failed_version > 0) continue;
    if (r->schema_hash != -1 && r->schema_hash != schema_hash) continue;
    std::optional<fe_backup::BackendInfo> be = backends.Find(r->backend_id);
    if (!be || !be->alive) continue;
    return r->backend_id;
  }
  return std::nullopt;
}

const fe_backup::TabletInfo* FindTablet(const fe_backup::TableInfo& table, int64_t partition_id, int64_t index_id,
                                        int64_t tablet_id) {
  for (const auto& p : table.partitions) {
    if (p.id != partition_id) continue;
    for (const auto& idx : p.indexes) {
      if (idx.id != index_id) continue;
      for (const auto& t : idx.tablets) {
        if (t.id == tablet_id) return &t;
      }
    }
  }
  return nullptr;
}

}  // namespace feb::plugin
