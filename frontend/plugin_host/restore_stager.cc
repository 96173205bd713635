#include "frontend/plugin_host/restore_stager.h"

#include <glog/logging.h>

#include <algorithm>
#include <optional>
#include <set>

#include "frontend/qe/column_values.h"

namespace feb::frontend {

namespace {

using fe_backup::HostCode;

template <typename T>
fe_backup::HostResult<T> HostError(const Status& st) {
  return fe_backup::HostResult<T>::Error(RestoreStager::HostCodeOf(st), st.message());
}

fe_backup::HostStatus ToHost(const Status& st) {
  if (st.ok()) return fe_backup::HostStatus::Ok();
  return fe_backup::HostStatus::Error(RestoreStager::HostCodeOf(st), st.message());
}

const fe_backup::RestorePartitionSpec* SpecNamed(const fe_backup::RestoreStageRequest& request, const std::string& name) {
  for (const auto& p : request.partitions) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

HostCode RestoreStager::HostCodeOf(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk: return HostCode::kOk;
    case StatusCode::kNotFound: return HostCode::kNotFound;
    case StatusCode::kAlreadyExists: return HostCode::kAlreadyExists;
    case StatusCode::kInvalidArgument:
    case StatusCode::kIllegalState: return HostCode::kInvalidArgument;
    case StatusCode::kTimeout: return HostCode::kTimeout;
    case StatusCode::kUnavailable:
    case StatusCode::kIoError: return HostCode::kUnavailable;
    default: return HostCode::kInternal;
  }
}

fe_backup::HostResult<fe_backup::DatabaseInfo> RestoreStager::CreateDatabase(std::string_view name) {
  if (name.empty()) {
    return fe_backup::HostResult<fe_backup::DatabaseInfo>::Error(HostCode::kInvalidArgument,
                                                                 "a database name must not be empty");
  }
  if (auto db = deps_.catalog->FindDatabase(name)) return fe_backup::HostResult<fe_backup::DatabaseInfo>::Of(*db);
  // As CREATE DATABASE IF NOT EXISTS: one journaled record; a concurrent creation is fine.
  auto created = deps_.catalog->CreateDatabase(std::string(name), true);
  if (!created.ok()) return HostError<fe_backup::DatabaseInfo>(created.status());
  auto db = deps_.catalog->FindDatabase(name);
  if (!db) {
    return fe_backup::HostResult<fe_backup::DatabaseInfo>::Error(
        HostCode::kNotFound, "database '" + std::string(name) + "' was dropped right after it was created");
  }
  LOG(INFO) << "created database " << db->name << " (id " << db->id << ") for a restore";
  return fe_backup::HostResult<fe_backup::DatabaseInfo>::Of(*db);
}

Result<RestoreStager::Plan> RestoreStager::PlanNewTable(const fe_backup::RestoreStageRequest& request) {
  Plan plan;
  fe_backup::TableDefinition def = request.definition;
  def.name = request.table_name;
  def.properties["replication_num"] = std::to_string(request.replication_num);
  const std::string& t = def.name;
  if (def.columns.empty()) return Status::InvalidArgument("the restore definition of table " + t + " has no columns");
  if (def.buckets < 1 || def.buckets > 1024) {
    return Status::InvalidArgument("the restore definition of table " + t + " has " + std::to_string(def.buckets) +
                                   " buckets; expected 1 to 1024");
  }
  if (def.partition_columns.empty()) {
    if (request.partitions.size() != 1) {
      return Status::InvalidArgument("table " + t + " is unpartitioned: a restore stages its one partition, not " +
                                     std::to_string(request.partitions.size()));
    }
    plan.names.push_back(request.partitions.front().name);
  } else {
    for (const auto& p : request.partitions) {
      bool known = std::any_of(def.partitions.begin(), def.partitions.end(), [&](const auto& d) { return d.name == p.name; });
      if (!known) return Status::InvalidArgument("Partition " + p.name + " of table " + t + " is not in its definition");
    }
    // Only the requested partitions, in the definition's range order.
    std::erase_if(def.partitions, [&](const auto& d) { return SpecNamed(request, d.name) == nullptr; });
    for (const auto& d : def.partitions) plan.names.push_back(d.name);
  }
  ASSIGN_OR_RETURN(int64_t table_id, deps_.meta->NextId());
  ASSIGN_OR_RETURN(plan.index_id, deps_.meta->NextId());
  plan.schema_hash = TableCreator::SchemaHashFor(table_id);
  plan.create_def = def;
  auto& stage = plan.staged.stage;
  stage.new_table = true;
  stage.table.id = table_id;
  stage.table.name = def.name;
  stage.table.kind = fe_backup::TableKind::kOlap;
  stage.table.definition = def;
  plan.staged.order = plan.names;
  return plan;
}

Result<RestoreStager::Plan> RestoreStager::PlanExistingTable(const fe_backup::TableInfo& table,
                                                            const fe_backup::RestoreStageRequest& request) {
  const std::string& t = table.name;
  if (table.kind != fe_backup::TableKind::kOlap) {
    return Status::InvalidArgument("Table: " + t + " can not support backup restore, type: " +
                                   fe_backup::TableKindName(table.kind));
  }
  if (table.partitions.empty() || table.partitions.front().indexes.empty()) {
    return Status::InvalidArgument("table " + t + " has no partition to take the index from");
  }
  Plan plan;
  const fe_backup::TableDefinition& own = table.definition;
  const auto& base = table.partitions.front().indexes.front();
  plan.index_id = base.id;
  plan.schema_hash = base.schema_hash;
  // Ranges after the commit: the table's own, and those of the partitions the stage adds.
  struct Entry {
    std::string name;
    std::vector<std::string> upper;
  };
  std::vector<Entry> merged;
  if (own.partition_columns.empty()) {
    for (const auto& p : table.partitions) merged.push_back({p.name, {}});
  } else {
    for (const auto& d : own.partitions) merged.push_back({d.name, d.upper_bound});
  }
  const auto& snapshot_ranges = request.definition.partitions;
  for (const auto& spec : request.partitions) {
    bool exists = std::any_of(table.partitions.begin(), table.partitions.end(),
                              [&](const auto& p) { return p.name == spec.name; });
    if (exists) continue;  // replaced: keeps the table's own range
    if (own.partition_columns.empty()) {
      return Status::InvalidArgument("No partition exist in single partitioned table " + t);
    }
    auto it = std::find_if(snapshot_ranges.begin(), snapshot_ranges.end(),
                           [&](const auto& d) { return d.name == spec.name; });
    if (it == snapshot_ranges.end()) {
      return Status::InvalidArgument("Partition " + spec.name + " of table " + t +
                                     " is neither a partition of the table nor in the restore definition");
    }
    if (it->upper_bound.size() != own.partition_columns.size()) {
      return Status::InvalidArgument("Partition " + spec.name + " in table " + t + " has " +
                                     std::to_string(it->upper_bound.size()) + " bound values; the table has " +
                                     std::to_string(own.partition_columns.size()) + " partition columns");
    }
    // The added range is [previous upper bound of the snapshot's definition, its upper bound);
    // the table's partitions are [previous upper bound, upper bound), the first from the minimum.
    std::optional<std::vector<std::string>> lower;
    if (it != snapshot_ranges.begin()) lower = std::prev(it)->upper_bound;
    const std::vector<std::string>& upper = it->upper_bound;
    for (size_t i = 0; i < own.partitions.size(); ++i) {
      const auto& e = own.partitions[i];
      bool below_e_upper = !lower || ColumnValues::CompareBounds(own, *lower, e.upper_bound) < 0;
      bool above_e_lower = i == 0 || ColumnValues::CompareBounds(own, own.partitions[i - 1].upper_bound, upper) < 0;
      if (below_e_upper && above_e_lower) {
        return Status::InvalidArgument("Partition " + spec.name + " in table " + t +
                                       " has conflict range with existing ranges: it overlaps partition " + e.name);
      }
    }
    plan.staged.added_ranges.push_back({spec.name, upper});
    merged.push_back({spec.name, upper});
  }
  if (!own.partition_columns.empty()) {
    std::stable_sort(merged.begin(), merged.end(), [&](const Entry& a, const Entry& b) {
      return ColumnValues::CompareBounds(own, a.upper, b.upper) < 0;
    });
  }
  fe_backup::TableDefinition after = own;
  after.partitions.clear();
  for (const auto& e : merged) {
    plan.staged.order.push_back(e.name);
    if (!own.partition_columns.empty()) after.partitions.push_back({e.name, e.upper});
    if (SpecNamed(request, e.name)) plan.names.push_back(e.name);
  }
  plan.create_def = own;
  plan.create_def.properties["replication_num"] = std::to_string(request.replication_num);
  auto& stage = plan.staged.stage;
  stage.new_table = false;
  stage.table.id = table.id;
  stage.table.name = table.name;
  stage.table.kind = table.kind;
  stage.table.has_temp_partitions = table.has_temp_partitions;
  stage.table.definition = after;
  return plan;
}

Result<fe_backup::RestoreStage> RestoreStager::Stage(int64_t db_id, const fe_backup::RestoreStageRequest& request) {
  const std::string& t = request.table_name;
  if (t.empty()) return Status::InvalidArgument("a restore stage needs a table name");
  if (request.partitions.empty()) return Status::InvalidArgument("the restore stage of table " + t + " names no partition");
  if (request.replication_num < 1) {
    return Status::InvalidArgument("replication_num of the restore stage of table " + t + " must be at least 1, got " +
                                   std::to_string(request.replication_num));
  }
  std::set<std::string> names;
  for (const auto& p : request.partitions) {
    if (!names.insert(p.name).second) {
      return Status::InvalidArgument("the restore stage of table " + t + " names partition " + p.name + " twice");
    }
    if (p.version < 1) {
      return Status::InvalidArgument("partition " + p.name + " of table " + t + " has version " +
                                     std::to_string(p.version) + "; expected at least 1");
    }
  }
  if (!deps_.catalog->FindDatabaseById(db_id)) {
    return Status::NotFound("database " + std::to_string(db_id) + " does not exist");
  }
  ASSIGN_OR_RETURN(int64_t stage_id, deps_.meta->NextId());
  Plan plan;
  auto& stage = plan.staged.stage;
  {
    auto lock = deps_.catalog->Lock(db_id, true, deps_.lock_timeout);
    if (!lock.ok()) {
      if (lock.status().code() != StatusCode::kTimeout) {
        return Status::NotFound("database " + std::to_string(db_id) + " does not exist");
      }
      return Status::Timeout(lock.status().message() + " (StageRestore takes it itself; the caller must not hold it)");
    }
    auto existing = deps_.catalog->FindTable(db_id, t);
    if (existing) {
      ASSIGN_OR_RETURN(plan, PlanExistingTable(*existing, request));
    } else {
      ASSIGN_OR_RETURN(plan, PlanNewTable(request));
    }
    auto alive = deps_.backends->AliveBackends();
    if (static_cast<int64_t>(alive.size()) < request.replication_num) {
      // StarRocks' RestoreJob text when seqChooseBackendIds finds too few backends.
      return Status::InvalidArgument("failed to find " + std::to_string(request.replication_num) +
                                     " different hosts to create table: " + t);
    }
    stage.stage_id = stage_id;
    stage.job_id = request.job_id;
    stage.db_id = db_id;
    ASSIGN_OR_RETURN(stage.table.partitions, deps_.creator->PlacePartitions(stage.table.id, plan.create_def,
                                                                            plan.names, plan.schema_hash,
                                                                            plan.index_id));
    for (auto& p : stage.table.partitions) p.visible_version = SpecNamed(request, p.name)->version;
    // Journaled before any tablet exists: a frontend killed while the backends create them
    // comes back with the stage listed, and whoever aborts it drops whatever was created.
    RETURN_IF_ERROR(deps_.catalog->AddStage(plan.staged));
  }
  Status created = deps_.creator->CreateOnBackends(db_id, stage.table.id, plan.create_def, stage.table.partitions,
                                                   /*in_restore_mode=*/true);
  if (!created.ok()) {
    deps_.creator->DropOnBackends(db_id, stage.table.id, plan.create_def, stage.table.partitions);
    auto aborted = deps_.catalog->AbortStage(stage_id);
    if (!aborted.ok()) {
      LOG(WARNING) << "restore stage " << stage_id << " failed and could not be dropped (" << aborted.status()
                   << "); it stays listed for the module to abort";
    }
    return created;
  }
  if (!deps_.catalog->FindStage(stage_id)) {
    // Aborted by someone else while its tablets were created: drop them again.
    deps_.creator->DropOnBackends(db_id, stage.table.id, plan.create_def, stage.table.partitions);
    return Status::NotFound("restore stage " + std::to_string(stage_id) + " of table " + t +
                            " was aborted while its tablets were created");
  }
  LOG(INFO) << "restore stage " << stage_id << " of job " << request.job_id << ": " << stage.table.partitions.size()
            << " partition(s) of " << (stage.new_table ? "new" : "existing") << " table " << t << " (id "
            << stage.table.id << ") in database " << db_id;
  return stage;
}

fe_backup::HostResult<fe_backup::RestoreStage> RestoreStager::StageRestore(
    int64_t db_id, const fe_backup::RestoreStageRequest& request) {
  auto r = Stage(db_id, request);
  if (!r.ok()) return HostError<fe_backup::RestoreStage>(r.status());
  return fe_backup::HostResult<fe_backup::RestoreStage>::Of(std::move(r).value());
}

fe_backup::HostStatus RestoreStager::CommitRestore(int64_t stage_id) {
  auto staged = deps_.catalog->FindStage(stage_id);
  if (!staged) {
    return fe_backup::HostStatus::Error(HostCode::kNotFound,
                                        "restore stage " + std::to_string(stage_id) + " does not exist");
  }
  if (staged->stage.committed) return fe_backup::HostStatus::Ok();
  int64_t db_id = staged->stage.db_id;
  Result<CommittedRestore> committed = Status::Internal("not run");
  {
    auto lock = deps_.catalog->Lock(db_id, true, deps_.lock_timeout);
    if (!lock.ok()) {
      if (lock.status().code() == StatusCode::kTimeout) {
        return ToHost(Status::Timeout(lock.status().message() +
                                      " (CommitRestore takes it itself; the caller must not hold it)"));
      }
      return ToHost(Status::NotFound("database " + std::to_string(db_id) + " of restore stage " +
                                     std::to_string(stage_id) + " was dropped"));
    }
    committed = deps_.catalog->CommitStage(stage_id);
  }
  if (!committed.ok()) return ToHost(committed.status());
  if (committed->already_committed) return fe_backup::HostStatus::Ok();
  LOG(INFO) << "restore stage " << stage_id << " committed into table " << staged->stage.table.name << " (id "
            << committed->table_id << "); dropping " << committed->replaced.size() << " replaced partition(s)";
  // After the record: the replaced partitions are no longer in the catalog, only on backends.
  if (!committed->replaced.empty()) {
    deps_.creator->DropOnBackends(committed->db_id, committed->table_id, committed->definition, committed->replaced);
  }
  return fe_backup::HostStatus::Ok();
}

fe_backup::HostStatus RestoreStager::AbortRestore(int64_t stage_id) {
  auto aborted = deps_.catalog->AbortStage(stage_id);
  if (!aborted.ok()) return ToHost(aborted.status());
  if (!*aborted) return fe_backup::HostStatus::Ok();
  const auto& table = (*aborted)->stage.table;
  LOG(INFO) << "restore stage " << stage_id << " of table " << table.name << " aborted; dropping its tablets";
  deps_.creator->DropOnBackends((*aborted)->stage.db_id, table.id, table.definition, table.partitions);
  return fe_backup::HostStatus::Ok();
}

std::vector<fe_backup::RestoreStage> RestoreStager::ListRestoreStages() { return deps_.catalog->ListStages(); }

fe_backup::HostStatus RestoreStager::ForgetRestoreStage(int64_t stage_id) {
  return ToHost(deps_.catalog->ForgetStage(stage_id));
}

fe_backup::HostStatus RestoreStager::CreateView(int64_t db_id, const fe_backup::ViewDefinition& view, bool replace) {
  auto lock = deps_.catalog->Lock(db_id, true, deps_.lock_timeout);
  if (!lock.ok()) return ToHost(lock.status());
  return ToHost(deps_.catalog->CreateView(db_id, view, replace));
}

fe_backup::HostStatus RestoreStager::CreateFunction(int64_t db_id, const fe_backup::FunctionDefinition& fn,
                                                    bool replace) {
  auto lock = deps_.catalog->Lock(db_id, true, deps_.lock_timeout);
  if (!lock.ok()) return ToHost(lock.status());
  return ToHost(deps_.catalog->CreateFunction(db_id, fn, replace));
}

}  // namespace feb::frontend
