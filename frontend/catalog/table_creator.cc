#include "frontend/catalog/table_creator.h"

#include <glog/logging.h>

#include <algorithm>
#include <future>
#include <map>

namespace feb::frontend {

namespace {

std::map<int64_t, std::vector<TabletSpec>> TabletsPerBackend(int64_t db_id, int64_t table_id,
                                                             const fe_backup::TableDefinition& def,
                                                             const std::vector<fe_backup::PartitionInfo>& partitions) {
  std::map<int64_t, std::vector<TabletSpec>> per_backend;
  for (const auto& p : partitions) {
    for (const auto& idx : p.indexes) {
      for (const auto& t : idx.tablets) {
        for (const auto& r : t.replicas) {
          per_backend[r.backend_id].push_back(TableCreator::SpecOf(db_id, table_id, def, p, idx, t));
        }
      }
    }
  }
  return per_backend;
}

}  // namespace

TabletSpec TableCreator::SpecOf(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                                const fe_backup::PartitionInfo& partition, const fe_backup::IndexInfo& index,
                                const fe_backup::TabletInfo& tablet) {
  TabletSpec s;
  s.db_id = db_id;
  s.table_id = table_id;
  s.partition_id = partition.id;
  s.index_id = index.id;
  s.tablet_id = tablet.id;
  s.schema_hash = index.schema_hash;
  s.version = 1;
  s.definition = def;
  return s;
}

int32_t TableCreator::SchemaHashFor(int64_t table_id) {
  return static_cast<int32_t>((static_cast<uint64_t>(table_id) * 2654435761ULL) & 0x7fffffff);
}

Result<fe_backup::TableInfo> TableCreator::CreateTable(int64_t db_id, const fe_backup::TableDefinition& def) {
  fe_backup::TableInfo table;
  table.name = def.name;
  table.definition = def;
  ASSIGN_OR_RETURN(table.id, deps_.meta->NextId());
  ASSIGN_OR_RETURN(int64_t index_id, deps_.meta->NextId());
  int32_t schema_hash = SchemaHashFor(table.id);
  std::vector<std::string> names;
  if (def.partition_columns.empty()) {
    names.push_back(def.name);
  } else {
    for (const auto& p : def.partitions) names.push_back(p.name);
  }
  ASSIGN_OR_RETURN(table.partitions, CreatePartitions(db_id, table.id, def, names, schema_hash, index_id));
  return table;
}

Result<std::vector<fe_backup::PartitionInfo>> TableCreator::CreatePartitions(int64_t db_id, int64_t table_id,
                                                                             const fe_backup::TableDefinition& def,
                                                                             const std::vector<std::string>& names,
                                                                             int32_t schema_hash, int64_t index_id,
                                                                             bool in_restore_mode) {
  ASSIGN_OR_RETURN(auto partitions, PlacePartitions(table_id, def, names, schema_hash, index_id));
  Status created = CreateOnBackends(db_id, table_id, def, partitions, in_restore_mode);
  if (!created.ok()) {
    DropOnBackends(db_id, table_id, def, partitions);
    return created;
  }
  return partitions;
}

Result<std::vector<fe_backup::PartitionInfo>> TableCreator::PlacePartitions(int64_t table_id,
                                                                            const fe_backup::TableDefinition& def,
                                                                            const std::vector<std::string>& names,
                                                                            int32_t schema_hash, int64_t index_id) {
  int replication = std::stoi(def.properties.at("replication_num"));
  auto alive = deps_.backends->AliveBackends();
  if (static_cast<int>(alive.size()) < replication) {
    std::string ids;
    for (const auto& b : alive) ids += (ids.empty() ? "" : ", ") + std::to_string(b.id);
    return Status::InvalidArgument(
        "Table replication num should be less than or equal to the number of available BE nodes. You can change "
        "this default by setting the replication_num table properties. Current alive backend is [" +
        ids + "]. , replication_num is " + std::to_string(replication));
  }
  std::sort(alive.begin(), alive.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<fe_backup::PartitionInfo> out;
  size_t rr = static_cast<size_t>(table_id);
  for (const auto& name : names) {
    fe_backup::PartitionInfo p;
    ASSIGN_OR_RETURN(p.id, deps_.meta->NextId());
    out.push_back(std::move(p));
    auto& part = out.back();
    part.name = name;
    part.visible_version = 1;
    fe_backup::IndexInfo idx;
    idx.id = index_id;
    idx.name = def.name;
    idx.schema_hash = schema_hash;
    for (int32_t b = 0; b < def.buckets; ++b) {
      fe_backup::TabletInfo t;
      ASSIGN_OR_RETURN(t.id, deps_.meta->NextId());
      for (int r = 0; r < replication; ++r) {
        fe_backup::ReplicaInfo rep;
        ASSIGN_OR_RETURN(rep.id, deps_.meta->NextId());
        rep.backend_id = alive[(rr + static_cast<size_t>(r)) % alive.size()].id;
        rep.version = 1;
        t.replicas.push_back(rep);
      }
      ++rr;
      idx.tablets.push_back(std::move(t));
    }
    part.indexes.push_back(std::move(idx));
  }
  return out;
}

Status TableCreator::CreateOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                                      const std::vector<fe_backup::PartitionInfo>& partitions, bool in_restore_mode) {
  if (!deps_.data) return Status::Unavailable("no backend data service is configured in this frontend");
  struct Work {
    fe_backup::BackendInfo backend;
    std::vector<TabletSpec> specs;
  };
  std::vector<Work> work;
  for (auto& [backend_id, specs] : TabletsPerBackend(db_id, table_id, def, partitions)) {
    for (auto& spec : specs) spec.in_restore_mode = in_restore_mode;
    auto be = deps_.backends->Find(backend_id);
    if (!be) return Status::Unavailable("backend " + std::to_string(backend_id) + " is gone");
    work.push_back(Work{*be, std::move(specs)});
  }
  // Every backend creates its tablets at the same time: the table is ready after the slowest
  // backend, not after the sum of them.
  std::vector<std::future<Status>> created;
  for (const Work& w : work) {
    created.push_back(std::async(std::launch::async, [this, &w] {
      Status st = deps_.data->CreateTablets(w.backend, w.specs);
      if (st.ok()) return st;
      return Status::Unavailable("create tablets on backend " + std::to_string(w.backend.id) + " (" + w.backend.host +
                                 ":" + std::to_string(w.backend.be_port) + ") failed: " + st.message());
    }));
  }
  Status first_error;
  for (auto& f : created) {
    Status st = f.get();
    if (first_error.ok() && !st.ok()) first_error = st;
  }
  return first_error;
}

void TableCreator::DropOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                                  const std::vector<fe_backup::PartitionInfo>& partitions) {
  if (!deps_.data) return;
  for (const auto& [backend_id, specs] : TabletsPerBackend(db_id, table_id, def, partitions)) {
    auto be = deps_.backends->Find(backend_id);
    if (!be || !be->alive) continue;
    Status st = deps_.data->DropTablets(*be, specs);
    if (!st.ok()) LOG(WARNING) << "drop tablets on backend " << backend_id << ": " << st;
  }
}

}  // namespace feb::frontend
