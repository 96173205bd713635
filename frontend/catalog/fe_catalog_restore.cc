// FeCatalog's RESTORE stages: the four journaled stage changes and their apply.
#include <algorithm>

#include "frontend/catalog/catalog_json.h"
#include "frontend/catalog/fe_catalog.h"

namespace feb::frontend {

using nlohmann::json;

namespace {

std::string StageName(int64_t stage_id) { return "restore stage " + std::to_string(stage_id); }

// A staged partition as it is after the commit: every replica at the partition's version.
fe_backup::PartitionInfo AtCommittedVersion(fe_backup::PartitionInfo p) {
  for (auto& idx : p.indexes) {
    for (auto& t : idx.tablets) {
      for (auto& r : t.replicas) {
        r.version = p.visible_version;
        r.last_failed_version = -1;
      }
    }
  }
  return p;
}

}  // namespace

Status FeCatalog::RestoreInProgress(const std::string& table) {
  // StarRocks' InvalidOlapTableStateException for a table in RESTORE state.
  return Status(StatusCode::kIllegalState,
                "A snapshot restore operation is in progress on the table \"" + table +
                    "\". Please wait until the current operation completes.\nTo check the status of the operation, "
                    "see https://docs.starrocks.io/en-us/latest/sql-reference/sql-statements/data-manipulation/"
                    "SHOW%20RESTORE");
}

bool FeCatalog::NameTakenLocked(int64_t db_id, std::string_view name, int64_t ignore_stage) {
  auto* db = DbLocked(db_id);
  if (!db) return false;
  for (const auto& t : db->tables) {
    if (t.name == name) return true;
  }
  for (const auto& v : db->views) {
    if (v.name == name) return true;
  }
  for (const auto& [id, s] : stages_) {
    if (id != ignore_stage && !s.stage.committed && s.stage.new_table && s.stage.db_id == db_id &&
        s.stage.table.name == name) {
      return true;
    }
  }
  return false;
}

bool FeCatalog::TableNameTaken(int64_t db_id, std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  return NameTakenLocked(db_id, name, 0);
}

bool FeCatalog::HasPendingRestore(int64_t db_id, int64_t table_id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, s] : stages_) {
    if (!s.stage.committed && !s.stage.new_table && s.stage.db_id == db_id && s.stage.table.id == table_id) return true;
  }
  return false;
}

Status FeCatalog::AddStage(const StagedRestore& staged) {
  const auto& st = staged.stage;
  auto w = log_->WriterLock();
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(st.db_id);
  if (!db) return Status::NotFound("database " + std::to_string(st.db_id) + " does not exist");
  if (stages_.count(st.stage_id)) return Status::AlreadyExists(StageName(st.stage_id) + " exists");
  for (const auto& [id, s] : stages_) {
    if (s.stage.committed || s.stage.db_id != st.db_id || s.stage.new_table != st.new_table) continue;
    if (st.new_table ? s.stage.table.name == st.table.name : s.stage.table.id == st.table.id) {
      return Status::AlreadyExists("table '" + db->name + "." + st.table.name + "' is already the target of " +
                                   StageName(id) + "; abort or commit it first");
    }
  }
  if (st.new_table) {
    if (NameTakenLocked(st.db_id, st.table.name, st.stage_id)) {
      return Status(StatusCode::kAlreadyExists, "Table '" + st.table.name + "' already exists", 1050);
    }
  } else if (!TableLocked(st.db_id, st.table.id)) {
    return Status::NotFound("table '" + st.table.name + "' (id " + std::to_string(st.table.id) + ") does not exist");
  }
  json record = StagedRestoreToJson(staged);
  RETURN_IF_ERROR(log_->Append(MetaOp::kStageRestore, record.dump(-1, ' ', false, json::error_handler_t::replace)));
  return ApplyStageLocked(MetaOp::kStageRestore, record);
}

Status FeCatalog::CheckCommitLocked(const StagedRestore& staged) {
  const auto& st = staged.stage;
  if (!DbLocked(st.db_id)) {
    return Status::NotFound("database " + std::to_string(st.db_id) + " of " + StageName(st.stage_id) +
                            " was dropped");
  }
  if (st.new_table) {
    if (NameTakenLocked(st.db_id, st.table.name, st.stage_id)) {
      return Status(StatusCode::kAlreadyExists, "Table '" + st.table.name + "' already exists", 1050);
    }
  } else if (!TableLocked(st.db_id, st.table.id)) {
    return Status::NotFound("table '" + st.table.name + "' (id " + std::to_string(st.table.id) + ") of " +
                            StageName(st.stage_id) + " was dropped");
  }
  return Status::OK();
}

Result<CommittedRestore> FeCatalog::CommitStage(int64_t stage_id) {
  auto w = log_->WriterLock();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stages_.find(stage_id);
  if (it == stages_.end()) return Status::NotFound(StageName(stage_id) + " does not exist");
  const auto& st = it->second.stage;
  CommittedRestore out;
  out.db_id = st.db_id;
  out.table_id = st.table.id;
  if (st.committed) {
    out.already_committed = true;
    return out;
  }
  RETURN_IF_ERROR(CheckCommitLocked(it->second));
  if (!st.new_table) {
    const auto* t = TableLocked(st.db_id, st.table.id);
    out.definition = t->definition;
    for (const auto& p : t->partitions) {
      bool replaced = std::any_of(st.table.partitions.begin(), st.table.partitions.end(),
                                  [&](const fe_backup::PartitionInfo& s) { return s.name == p.name; });
      if (replaced) out.replaced.push_back(p);
    }
  }
  json record{{"stage_id", stage_id}, {"db_id", st.db_id}, {"table_id", st.table.id}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kCommitRestore, record.dump()));
  RETURN_IF_ERROR(ApplyStageLocked(MetaOp::kCommitRestore, record));
  return out;
}

Result<std::optional<StagedRestore>> FeCatalog::AbortStage(int64_t stage_id) {
  auto w = log_->WriterLock();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stages_.find(stage_id);
  if (it == stages_.end()) return std::optional<StagedRestore>();
  if (it->second.stage.committed) {
    return Status::InvalidArgument(StageName(stage_id) + " is committed: its tablets belong to table '" +
                                   it->second.stage.table.name + "' now and cannot be aborted");
  }
  StagedRestore staged = it->second;
  json record{{"stage_id", stage_id}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kAbortRestore, record.dump()));
  RETURN_IF_ERROR(ApplyStageLocked(MetaOp::kAbortRestore, record));
  return std::optional<StagedRestore>(std::move(staged));
}

Status FeCatalog::ForgetStage(int64_t stage_id) {
  auto w = log_->WriterLock();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stages_.find(stage_id);
  if (it == stages_.end()) return Status::OK();
  if (!it->second.stage.committed) {
    return Status::InvalidArgument(StageName(stage_id) + " of table '" + it->second.stage.table.name +
                                   "' is not committed; abort it instead of forgetting it");
  }
  json record{{"stage_id", stage_id}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kForgetRestoreStage, record.dump()));
  return ApplyStageLocked(MetaOp::kForgetRestoreStage, record);
}

std::optional<StagedRestore> FeCatalog::FindStage(int64_t stage_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stages_.find(stage_id);
  if (it == stages_.end()) return std::nullopt;
  return it->second;
}

std::vector<fe_backup::RestoreStage> FeCatalog::ListStages() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<fe_backup::RestoreStage> out;
  for (const auto& [id, s] : stages_) out.push_back(s.stage);
  return out;
}

Status FeCatalog::ApplyStageLocked(MetaOp op, const json& r) {
  switch (op) {
    case MetaOp::kStageRestore: {
      ASSIGN_OR_RETURN(auto staged, StagedRestoreFromJson(r));
      int64_t id = staged.stage.stage_id;
      stages_[id] = std::move(staged);
      return Status::OK();
    }
    case MetaOp::kCommitRestore: {
      int64_t id = r.at("stage_id").get<int64_t>();
      auto it = stages_.find(id);
      if (it == stages_.end()) return Status::Corruption("commit of unknown " + StageName(id));
      StagedRestore& staged = it->second;
      if (staged.stage.committed) return Status::OK();
      RETURN_IF_ERROR(CheckCommitLocked(staged).WithContext("commit of " + StageName(id)));
      const fe_backup::TableInfo& st = staged.stage.table;
      if (staged.stage.new_table) {
        fe_backup::TableInfo table = st;
        for (auto& p : table.partitions) p = AtCommittedVersion(std::move(p));
        DbLocked(staged.stage.db_id)->tables.push_back(std::move(table));
      } else {
        fe_backup::TableInfo* t = TableLocked(staged.stage.db_id, st.id);
        std::vector<fe_backup::PartitionInfo> old = std::move(t->partitions);
        std::vector<fe_backup::RangePartitionDefinition> old_ranges = std::move(t->definition.partitions);
        auto take_partition = [&](const std::string& name) -> std::optional<fe_backup::PartitionInfo> {
          for (const auto& p : st.partitions) {
            if (p.name == name) return AtCommittedVersion(p);
          }
          for (auto& p : old) {
            if (p.name == name && p.id != 0) return std::exchange(p, fe_backup::PartitionInfo{});
          }
          return std::nullopt;
        };
        t->partitions.clear();
        t->definition.partitions.clear();
        for (const auto& name : staged.order) {
          if (auto p = take_partition(name)) t->partitions.push_back(std::move(*p));
          for (const auto* ranges : {&old_ranges, &staged.added_ranges}) {
            auto rit = std::find_if(ranges->begin(), ranges->end(), [&](const auto& d) { return d.name == name; });
            if (rit != ranges->end()) {
              t->definition.partitions.push_back(*rit);
              break;
            }
          }
        }
        // Partitions the order does not name (none, unless the table changed under the stage)
        // keep their place after the others rather than being lost.
        for (auto& p : old) {
          if (p.id == 0) continue;
          bool replaced = std::any_of(st.partitions.begin(), st.partitions.end(),
                                      [&](const auto& s) { return s.name == p.name; });
          if (replaced) continue;
          for (const auto& d : old_ranges) {
            if (d.name == p.name) t->definition.partitions.push_back(d);
          }
          t->partitions.push_back(std::move(p));
        }
      }
      staged.stage.committed = true;
      return Status::OK();
    }
    case MetaOp::kAbortRestore:
    case MetaOp::kForgetRestoreStage:
      stages_.erase(r.at("stage_id").get<int64_t>());
      return Status::OK();
    default:
      return Status::Corruption("catalog: " + std::to_string(static_cast<int>(op)) + " is not a restore stage op");
  }
}

}  // namespace feb::frontend
