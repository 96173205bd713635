#include "frontend/catalog/fe_catalog.h"

#include "frontend/catalog/catalog_json.h"

namespace feb::frontend {

using nlohmann::json;

namespace {

class DbLockHandle : public fe_backup::LockHandle {
 public:
  DbLockHandle(std::shared_ptr<std::shared_timed_mutex> mu, bool exclusive) : mu_(std::move(mu)), exclusive_(exclusive) {}
  ~DbLockHandle() override {
    if (exclusive_) {
      mu_->unlock();
    } else {
      mu_->unlock_shared();
    }
  }

 private:
  std::shared_ptr<std::shared_timed_mutex> mu_;
  bool exclusive_;
};

Status UnknownDb(const std::string& name) { return Status(StatusCode::kNotFound, "Unknown database '" + name + "'", 1049); }

}  // namespace

std::optional<fe_backup::DatabaseInfo> FeCatalog::FindDatabase(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, db] : dbs_) {
    if (db.name == name) return fe_backup::DatabaseInfo{id, db.name};
  }
  return std::nullopt;
}

std::optional<fe_backup::DatabaseInfo> FeCatalog::FindDatabaseById(int64_t db_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(db_id);
  if (!db) return std::nullopt;
  return fe_backup::DatabaseInfo{db->id, db->name};
}

std::vector<std::string> FeCatalog::ListTables(int64_t db_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  if (auto* db = DbLocked(db_id)) {
    for (const auto& t : db->tables) out.push_back(t.name);
  }
  return out;
}

std::optional<fe_backup::TableInfo> FeCatalog::FindTable(int64_t db_id, std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto* db = DbLocked(db_id)) {
    for (const auto& t : db->tables) {
      if (t.name == name) return t;
    }
  }
  return std::nullopt;
}

std::optional<fe_backup::TableInfo> FeCatalog::FindTableById(int64_t db_id, int64_t table_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto* t = TableLocked(db_id, table_id);
  if (!t) return std::nullopt;
  return *t;
}

std::vector<fe_backup::DatabaseInfo> FeCatalog::ListDatabases() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<fe_backup::DatabaseInfo> out;
  for (auto& [id, db] : dbs_) out.push_back({id, db.name});
  return out;
}

size_t FeCatalog::CountTabletsOnBackend(int64_t backend_id) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  auto count = [&](const std::vector<fe_backup::PartitionInfo>& partitions) {
    for (const auto& p : partitions) {
      for (const auto& i : p.indexes) {
        for (const auto& tab : i.tablets) {
          for (const auto& r : tab.replicas) n += r.backend_id == backend_id;
        }
      }
    }
  };
  for (auto& [id, db] : dbs_) {
    for (const auto& t : db.tables) count(t.partitions);
  }
  // Uncommitted stages' tablets are on the backend too (committed ones are the tables' now).
  for (const auto& [id, s] : stages_) {
    if (!s.stage.committed) count(s.stage.table.partitions);
  }
  return n;
}

Result<std::unique_ptr<fe_backup::LockHandle>> FeCatalog::Lock(int64_t db_id, bool exclusive,
                                                               std::chrono::milliseconds timeout) {
  std::shared_ptr<std::shared_timed_mutex> mu;
  std::string name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto* db = DbLocked(db_id);
    if (!db) return Status(StatusCode::kNotFound, "Unknown database id " + std::to_string(db_id), 1049);
    mu = db->lock;
    name = db->name;
  }
  bool got = exclusive ? mu->try_lock_for(timeout) : mu->try_lock_shared_for(timeout);
  if (!got) {
    return Status::Timeout("could not take the " + std::string(exclusive ? "write" : "read") + " lock of database '" +
                           name + "' within " + std::to_string(timeout.count()) + " ms");
  }
  return std::unique_ptr<fe_backup::LockHandle>(new DbLockHandle(mu, exclusive));
}

fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> FeCatalog::ReadLock(int64_t db_id,
                                                                                 std::chrono::milliseconds timeout) {
  auto r = Lock(db_id, false, timeout);
  if (r.ok()) return fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>>::Of(std::move(r).value());
  return fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>>::Error(
      r.status().code() == StatusCode::kTimeout ? fe_backup::HostCode::kTimeout : fe_backup::HostCode::kNotFound,
      r.status().message());
}

fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> FeCatalog::WriteLock(int64_t db_id,
                                                                                  std::chrono::milliseconds timeout) {
  auto r = Lock(db_id, true, timeout);
  if (r.ok()) return fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>>::Of(std::move(r).value());
  return fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>>::Error(
      r.status().code() == StatusCode::kTimeout ? fe_backup::HostCode::kTimeout : fe_backup::HostCode::kNotFound,
      r.status().message());
}

FeCatalog::Database* FeCatalog::DbLocked(int64_t id) {
  auto it = dbs_.find(id);
  return it == dbs_.end() ? nullptr : &it->second;
}

fe_backup::TableInfo* FeCatalog::TableLocked(int64_t db_id, int64_t table_id) {
  auto* db = DbLocked(db_id);
  if (!db) return nullptr;
  for (auto& t : db->tables) {
    if (t.id == table_id) return &t;
  }
  return nullptr;
}

Status FeCatalog::Commit(MetaOp op, const json& record) {
  RETURN_IF_ERROR(log_->Append(op, record.dump(-1, ' ', false, json::error_handler_t::replace)));
  std::lock_guard<std::mutex> lock(mu_);
  return ApplyLocked(op, record);
}

Result<int64_t> FeCatalog::CreateDatabase(const std::string& name, bool if_not_exists) {
  auto w = log_->WriterLock();
  if (FindDatabase(name)) {
    if (if_not_exists) return int64_t{0};
    return Status(StatusCode::kAlreadyExists, "Can't create database '" + name + "'; database exists", 1007);
  }
  ASSIGN_OR_RETURN(int64_t id, log_->NextId());
  RETURN_IF_ERROR(Commit(MetaOp::kCreateDatabase, json{{"id", id}, {"name", name}}));
  return id;
}

Status FeCatalog::DropDatabase(const std::string& name, bool if_exists) {
  auto w = log_->WriterLock();
  auto db = FindDatabase(name);
  if (!db) {
    if (if_exists) return Status::OK();
    return Status(StatusCode::kNotFound, "Can't drop database '" + name + "'; database doesn't exist", 1008);
  }
  return Commit(MetaOp::kDropDatabase, json{{"id", db->id}});
}

Status FeCatalog::CreateTable(int64_t db_id, const fe_backup::TableInfo& table) {
  auto w = log_->WriterLock();
  if (!FindDatabaseById(db_id)) return UnknownDb(std::to_string(db_id));
  if (TableNameTaken(db_id, table.name)) {
    return Status(StatusCode::kAlreadyExists, "Table '" + table.name + "' already exists", 1050);
  }
  return Commit(MetaOp::kCreateTable, json{{"db_id", db_id}, {"table", TableToJson(table)}});
}

Status FeCatalog::DropTable(int64_t db_id, int64_t table_id) {
  auto w = log_->WriterLock();
  return Commit(MetaOp::kDropTable, json{{"db_id", db_id}, {"table_id", table_id}});
}

Status FeCatalog::AddPartition(int64_t db_id, int64_t table_id, const fe_backup::RangePartitionDefinition& range,
                               const fe_backup::PartitionInfo& partition) {
  auto w = log_->WriterLock();
  return Commit(MetaOp::kAddPartition, json{{"db_id", db_id}, {"table_id", table_id}, {"name", range.name},
                                            {"upper_bound", range.upper_bound},
                                            {"partition", PartitionToJson(partition)}});
}

Status FeCatalog::DropPartition(int64_t db_id, int64_t table_id, const std::string& partition_name) {
  auto w = log_->WriterLock();
  return Commit(MetaOp::kDropPartition, json{{"db_id", db_id}, {"table_id", table_id}, {"name", partition_name}});
}

Status FeCatalog::ReplacePartitions(int64_t db_id, int64_t table_id,
                                    const std::vector<fe_backup::PartitionInfo>& partitions) {
  auto w = log_->WriterLock();
  json parts = json::array();
  for (const auto& p : partitions) parts.push_back(PartitionToJson(p));
  return Commit(MetaOp::kReplacePartitions, json{{"db_id", db_id}, {"table_id", table_id}, {"partitions", parts}});
}

Status FeCatalog::UpdateVersions(int64_t db_id, int64_t table_id, int64_t partition_id, int64_t visible_version,
                                 const std::map<int64_t, int64_t>& replica_versions) {
  auto w = log_->WriterLock();
  json reps = json::array();
  for (auto& [id, v] : replica_versions) reps.push_back(json::array({id, v}));
  return Commit(MetaOp::kUpdateVersions, json{{"db_id", db_id}, {"table_id", table_id}, {"partition_id", partition_id},
                                              {"visible_version", visible_version}, {"replicas", reps}});
}

Status FeCatalog::Apply(MetaOp op, const json& record) {
  std::lock_guard<std::mutex> lock(mu_);
  return ApplyLocked(op, record);
}

Status FeCatalog::ApplyLocked(MetaOp op, const json& r) {
  try {
    switch (op) {
      case MetaOp::kCreateDatabase: {
        Database db;
        db.id = r.at("id").get<int64_t>();
        db.name = r.at("name").get<std::string>();
        dbs_[db.id] = std::move(db);
        return Status::OK();
      }
      case MetaOp::kDropDatabase:
        dbs_.erase(r.at("id").get<int64_t>());
        return Status::OK();
      case MetaOp::kCreateTable: {
        auto* db = DbLocked(r.at("db_id").get<int64_t>());
        if (!db) return Status::Corruption("create table in a missing database");
        ASSIGN_OR_RETURN(auto t, TableFromJson(r.at("table")));
        db->tables.push_back(std::move(t));
        return Status::OK();
      }
      case MetaOp::kDropTable: {
        auto* db = DbLocked(r.at("db_id").get<int64_t>());
        if (!db) return Status::OK();
        int64_t id = r.at("table_id").get<int64_t>();
        std::erase_if(db->tables, [&](const fe_backup::TableInfo& t) { return t.id == id; });
        return Status::OK();
      }
      case MetaOp::kAddPartition: {
        auto* t = TableLocked(r.at("db_id").get<int64_t>(), r.at("table_id").get<int64_t>());
        if (!t) return Status::Corruption("add partition to a missing table");
        ASSIGN_OR_RETURN(auto p, PartitionFromJson(r.at("partition")));
        t->partitions.push_back(std::move(p));
        t->definition.partitions.push_back(
            {r.at("name").get<std::string>(), r.at("upper_bound").get<std::vector<std::string>>()});
        return Status::OK();
      }
      case MetaOp::kDropPartition: {
        auto* t = TableLocked(r.at("db_id").get<int64_t>(), r.at("table_id").get<int64_t>());
        if (!t) return Status::OK();
        std::string name = r.at("name").get<std::string>();
        std::erase_if(t->partitions, [&](const fe_backup::PartitionInfo& p) { return p.name == name; });
        std::erase_if(t->definition.partitions,
                      [&](const fe_backup::RangePartitionDefinition& p) { return p.name == name; });
        return Status::OK();
      }
      case MetaOp::kReplacePartitions: {
        auto* t = TableLocked(r.at("db_id").get<int64_t>(), r.at("table_id").get<int64_t>());
        if (!t) return Status::Corruption("truncate a missing table");
        std::vector<fe_backup::PartitionInfo> parts;
        for (const auto& pj : r.at("partitions")) {
          ASSIGN_OR_RETURN(auto p, PartitionFromJson(pj));
          parts.push_back(std::move(p));
        }
        t->partitions = std::move(parts);
        return Status::OK();
      }
      case MetaOp::kUpdateVersions: {
        auto* t = TableLocked(r.at("db_id").get<int64_t>(), r.at("table_id").get<int64_t>());
        if (!t) return Status::OK();
        int64_t pid = r.at("partition_id").get<int64_t>();
        std::map<int64_t, int64_t> versions;
        for (const auto& e : r.at("replicas")) versions[e.at(0).get<int64_t>()] = e.at(1).get<int64_t>();
        for (auto& p : t->partitions) {
          if (p.id != pid) continue;
          p.visible_version = r.at("visible_version").get<int64_t>();
          for (auto& idx : p.indexes) {
            for (auto& tab : idx.tablets) {
              for (auto& rep : tab.replicas) {
                auto it = versions.find(rep.id);
                if (it != versions.end()) rep.version = it->second;
              }
            }
          }
        }
        return Status::OK();
      }
      case MetaOp::kStageRestore:
      case MetaOp::kCommitRestore:
      case MetaOp::kAbortRestore:
      case MetaOp::kForgetRestoreStage:
        return ApplyStageLocked(op, r);
      case MetaOp::kCreateView:
      case MetaOp::kDropView:
      case MetaOp::kCreateFunction:
      case MetaOp::kDropFunction:
        return ApplyObjectLocked(op, r);
      default:
        return Status::Corruption("catalog: unknown op " + std::to_string(static_cast<int>(op)));
    }
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("bad catalog record: ") + e.what());
  }
}

json FeCatalog::Snapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  json dbs = json::array();
  for (auto& [id, db] : dbs_) {
    json tables = json::array();
    for (const auto& t : db.tables) tables.push_back(TableToJson(t));
    json views = json::array();
    for (const auto& v : db.views) views.push_back(ViewToJson(v));
    json functions = json::array();
    for (const auto& f : db.functions) functions.push_back(FunctionToJson(f));
    dbs.push_back(json{{"id", id}, {"name", db.name}, {"tables", tables}, {"views", views}, {"functions", functions}});
  }
  json stages = json::array();
  for (const auto& [id, s] : stages_) stages.push_back(StagedRestoreToJson(s));
  return json{{"databases", dbs}, {"restore_stages", stages}};
}

Status FeCatalog::Restore(const json& image) {
  std::lock_guard<std::mutex> lock(mu_);
  dbs_.clear();
  stages_.clear();
  try {
    // An image is {"databases": [...], "restore_stages": [...]}; images written before stages
    // existed are the bare array of databases.
    const json& databases = image.is_object() ? image.at("databases") : image;
    if (image.is_object()) {
      for (const auto& sj : image.at("restore_stages")) {
        ASSIGN_OR_RETURN(auto s, StagedRestoreFromJson(sj));
        int64_t id = s.stage.stage_id;
        stages_[id] = std::move(s);
      }
    }
    for (const auto& dj : databases) {
      Database db;
      db.id = dj.at("id").get<int64_t>();
      db.name = dj.at("name").get<std::string>();
      for (const auto& tj : dj.at("tables")) {
        ASSIGN_OR_RETURN(auto t, TableFromJson(tj));
        db.tables.push_back(std::move(t));
      }
      // Images written before views and functions were kept have neither key.
      if (dj.contains("views")) {
        for (const auto& vj : dj.at("views")) {
          ASSIGN_OR_RETURN(auto v, ViewFromJson(vj));
          db.views.push_back(std::move(v));
        }
      }
      if (dj.contains("functions")) {
        for (const auto& fj : dj.at("functions")) {
          ASSIGN_OR_RETURN(auto f, FunctionFromJson(fj));
          db.functions.push_back(std::move(f));
        }
      }
      dbs_[db.id] = std::move(db);
    }
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("bad catalog checkpoint: ") + e.what());
  }
  return Status::OK();
}

}  // namespace feb::frontend
