#include "test/fakes/fake_host.h"

#include <algorithm>

namespace feb::testing {

using fe_backup::HostCode;

namespace {
class FakeLock : public fe_backup::LockHandle {};
}  // namespace

int64_t FakeHost::AddDatabase(const std::string& name) {
  std::lock_guard<std::mutex> l(mu_);
  Db db;
  db.info.id = next_id_++;
  db.info.name = name;
  dbs_.push_back(db);
  return db.info.id;
}

int64_t FakeHost::AddOlapTable(int64_t db_id, const std::string& name, const std::vector<std::string>& partitions,
                               int buckets, int replicas, int64_t visible_version) {
  for (int b = 1; b <= replicas; ++b) {
    std::lock_guard<std::mutex> l(mu_);
    if (!backends_.count(b)) backends_[b] = fe_backup::BackendInfo{b, "127.0.0.1", 9060, 8040, 8060, true};
  }
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return -1;
  fe_backup::TableInfo t;
  t.id = next_id_++;
  t.name = name;
  t.kind = fe_backup::TableKind::kOlap;
  t.definition.name = name;
  t.definition.columns = {{"k1", "INT", false, true, "", std::nullopt, ""},
                          {"v1", "VARCHAR(32)", true, false, "", std::nullopt, ""}};
  t.definition.key_columns = {"k1"};
  t.definition.distribution_columns = {"k1"};
  t.definition.buckets = buckets;
  t.definition.properties["replication_num"] = std::to_string(replicas);
  std::vector<std::string> names = partitions.empty() ? std::vector<std::string>{name} : partitions;
  if (!partitions.empty()) t.definition.partition_columns = {"k1"};
  int bound = 0;
  for (const auto& pname : names) {
    fe_backup::PartitionInfo p;
    p.id = next_id_++;
    p.name = pname;
    p.visible_version = visible_version;
    fe_backup::IndexInfo idx;
    idx.id = next_id_++;
    idx.name = name;
    idx.schema_hash = static_cast<int32_t>(1000 + t.id % 1000);
    for (int b = 0; b < buckets; ++b) {
      fe_backup::TabletInfo tablet;
      tablet.id = next_id_++;
      for (int r = 1; r <= replicas; ++r) {
        tablet.replicas.push_back(fe_backup::ReplicaInfo{next_id_++, r, visible_version, -1, false, -1});
      }
      idx.tablets.push_back(tablet);
    }
    p.indexes.push_back(idx);
    t.partitions.push_back(p);
    if (!partitions.empty()) {
      bound += 100;
      t.definition.partitions.push_back({pname, {std::to_string(bound)}});
    }
  }
  db->tables.push_back(t);
  return t.id;
}

int64_t FakeHost::AddTable(int64_t db_id, const std::string& name, fe_backup::TableKind kind) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return -1;
  fe_backup::TableInfo t;
  t.id = next_id_++;
  t.name = name;
  t.kind = kind;
  t.definition.name = name;
  db->tables.push_back(t);
  return t.id;
}

fe_backup::TableInfo* FakeHost::MutableTable(int64_t db_id, const std::string& name) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return nullptr;
  for (auto& t : db->tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

void FakeHost::AddBackend(int64_t id, bool alive) {
  std::lock_guard<std::mutex> l(mu_);
  backends_[id] = fe_backup::BackendInfo{id, "127.0.0.1", 9060, 8040, 8060, alive};
}

void FakeHost::SetBackendAlive(int64_t id, bool alive) {
  std::lock_guard<std::mutex> l(mu_);
  backends_[id].alive = alive;
}

void FakeHost::Grant(const std::string& user, fe_backup::Privilege p, fe_backup::PrivilegeObject::Kind kind,
                     const std::string& db, const std::string& table) {
  std::lock_guard<std::mutex> l(mu_);
  grants_[user].push_back(Grant_{p, kind, db, table});
}

void FakeHost::SetConfig(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> l(mu_);
  config_[key] = value;
}

void FakeHost::FailNextLocks(int n) {
  std::lock_guard<std::mutex> l(mu_);
  fail_locks_ = n;
}

void FakeHost::SetJournalDown(bool down) {
  std::lock_guard<std::mutex> l(mu_);
  journal_down_ = down;
}

void FakeHost::SetRetainJournalPayloads(bool retain) {
  std::lock_guard<std::mutex> l(mu_);
  retain_payloads_ = retain;
}

std::vector<FakeHost::JournalRecord> FakeHost::journal_records() const {
  std::lock_guard<std::mutex> l(mu_);
  return journal_;
}

int FakeHost::lock_calls() const {
  std::lock_guard<std::mutex> l(mu_);
  return lock_calls_;
}

FakeHost::Db* FakeHost::FindDbLocked(int64_t db_id) {
  for (auto& db : dbs_) {
    if (db.info.id == db_id) return &db;
  }
  return nullptr;
}

std::optional<fe_backup::DatabaseInfo> FakeHost::FindDatabase(std::string_view name) {
  std::lock_guard<std::mutex> l(mu_);
  for (const auto& db : dbs_) {
    if (db.info.name == name) return db.info;
  }
  return std::nullopt;
}

std::optional<fe_backup::DatabaseInfo> FakeHost::FindDatabaseById(int64_t db_id) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return std::nullopt;
  return db->info;
}

std::vector<std::string> FakeHost::ListTables(int64_t db_id) {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> out;
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return out;
  for (const auto& t : db->tables) out.push_back(t.name);
  return out;
}

std::optional<fe_backup::TableInfo> FakeHost::FindTable(int64_t db_id, std::string_view name) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return std::nullopt;
  for (const auto& t : db->tables) {
    if (t.name == name) return t;
  }
  return std::nullopt;
}

std::optional<fe_backup::TableInfo> FakeHost::FindTableById(int64_t db_id, int64_t table_id) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return std::nullopt;
  for (const auto& t : db->tables) {
    if (t.id == table_id) return t;
  }
  return std::nullopt;
}

fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> FakeHost::Lock(int64_t db_id) {
  std::lock_guard<std::mutex> l(mu_);
  ++lock_calls_;
  if (FindDbLocked(db_id) == nullptr) {
    return {fe_backup::HostStatus::Error(HostCode::kNotFound, "database " + std::to_string(db_id) + " does not exist"),
            std::nullopt};
  }
  if (fail_locks_ > 0) {
    --fail_locks_;
    return {fe_backup::HostStatus::Error(HostCode::kTimeout, "lock timeout on database " + std::to_string(db_id)),
            std::nullopt};
  }
  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> r;
  r.value.emplace(std::make_unique<FakeLock>());
  return r;
}

fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> FakeHost::ReadLock(int64_t db_id,
                                                                                std::chrono::milliseconds) {
  return Lock(db_id);
}

fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> FakeHost::WriteLock(int64_t db_id,
                                                                                 std::chrono::milliseconds) {
  return Lock(db_id);
}

bool FakeHost::HasPrivilege(const fe_backup::Session& session, fe_backup::Privilege privilege,
                            const fe_backup::PrivilegeObject& object) {
  if (session.user == "root") return true;
  if (std::find(session.roles.begin(), session.roles.end(), "db_admin") != session.roles.end()) return true;
  std::lock_guard<std::mutex> l(mu_);
  auto it = grants_.find(session.user);
  if (it == grants_.end()) return false;
  for (const auto& g : it->second) {
    if (g.privilege != privilege) continue;
    if (g.kind == fe_backup::PrivilegeObject::Kind::kSystem && object.kind == fe_backup::PrivilegeObject::Kind::kSystem)
      return true;
    if (g.kind == fe_backup::PrivilegeObject::Kind::kDatabase && object.kind != fe_backup::PrivilegeObject::Kind::kSystem &&
        g.db == object.db)
      return true;
    if (g.kind == fe_backup::PrivilegeObject::Kind::kTable && object.kind == fe_backup::PrivilegeObject::Kind::kTable &&
        g.db == object.db && g.table == object.table)
      return true;
  }
  return false;
}

fe_backup::HostStatus FakeHost::Append(uint16_t op, std::string_view payload) {
  std::lock_guard<std::mutex> l(mu_);
  if (op < fe_backup::kModuleOpFirst || op > fe_backup::kModuleOpLast) {
    return fe_backup::HostStatus::Error(HostCode::kInvalidArgument, "journal op " + std::to_string(op) +
                                                                        " is outside the module's range");
  }
  if (journal_down_) return fe_backup::HostStatus::Error(HostCode::kUnavailable, "journal is down");
  journal_.push_back(JournalRecord{op, retain_payloads_ ? std::string(payload) : std::string()});
  return fe_backup::HostStatus::Ok();
}

fe_backup::HostStatus FakeHost::Checkpoint(uint16_t op, std::string_view image) {
  std::lock_guard<std::mutex> l(mu_);
  if (op < fe_backup::kModuleOpFirst || op > fe_backup::kModuleOpLast) {
    return fe_backup::HostStatus::Error(HostCode::kInvalidArgument, "journal op " + std::to_string(op) +
                                                                        " is outside the module's range");
  }
  if (journal_down_) return fe_backup::HostStatus::Error(HostCode::kUnavailable, "journal is down");
  journal_.clear();
  journal_.push_back(JournalRecord{op, retain_payloads_ ? std::string(image) : std::string()});
  return fe_backup::HostStatus::Ok();
}

int64_t FakeHost::NextId() {
  std::lock_guard<std::mutex> l(mu_);
  return next_id_++;
}

int64_t FakeHost::NextIds(int64_t count) {
  std::lock_guard<std::mutex> l(mu_);
  int64_t first = next_id_;
  next_id_ += count;
  return first;
}

std::vector<fe_backup::BackendInfo> FakeHost::List() {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<fe_backup::BackendInfo> out;
  for (const auto& [id, be] : backends_) out.push_back(be);
  return out;
}

std::optional<fe_backup::BackendInfo> FakeHost::Find(int64_t backend_id) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = backends_.find(backend_id);
  if (it == backends_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> FakeHost::Get(std::string_view key) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = config_.find(std::string(key));
  if (it == config_.end()) return std::nullopt;
  return it->second;
}

// ---- CatalogWriter: stages kept in memory, committed into the fake catalog ----

void FakeHost::FailNextStage(HostCode code) {
  std::lock_guard<std::mutex> l(mu_);
  fail_stage_ = code;
}

std::vector<fe_backup::RestoreStage> FakeHost::stages() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<fe_backup::RestoreStage> out;
  for (const auto& [id, s] : stages_) out.push_back(s);
  return out;
}

int FakeHost::aborted_stages() const {
  std::lock_guard<std::mutex> l(mu_);
  return aborted_stages_;
}

fe_backup::HostResult<fe_backup::DatabaseInfo> FakeHost::CreateDatabase(std::string_view name) {
  {
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& db : dbs_) {
      if (db.info.name == name) return fe_backup::HostResult<fe_backup::DatabaseInfo>::Of(db.info);
    }
  }
  int64_t id = AddDatabase(std::string(name));
  return fe_backup::HostResult<fe_backup::DatabaseInfo>::Of(fe_backup::DatabaseInfo{id, std::string(name)});
}

fe_backup::HostResult<fe_backup::RestoreStage> FakeHost::StageRestore(int64_t db_id,
                                                                    const fe_backup::RestoreStageRequest& request) {
  using R = fe_backup::HostResult<fe_backup::RestoreStage>;
  std::lock_guard<std::mutex> l(mu_);
  if (fail_stage_) {
    HostCode c = *fail_stage_;
    fail_stage_.reset();
    return R::Error(c, "injected stage failure");
  }
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return R::Error(HostCode::kNotFound, "database " + std::to_string(db_id) + " does not exist");
  for (const auto& [id, s] : stages_) {
    if (!s.committed && s.db_id == db_id && s.table.name == request.table_name) {
      return R::Error(HostCode::kAlreadyExists, "table " + request.table_name + " is already being restored");
    }
  }
  std::vector<int64_t> alive;
  for (const auto& [id, be] : backends_) {
    if (be.alive) alive.push_back(id);
  }
  if (static_cast<int>(alive.size()) < request.replication_num) {
    return R::Error(HostCode::kInvalidArgument, "failed to find " + std::to_string(request.replication_num) +
                                                    " different hosts to create table: " + request.table_name);
  }
  fe_backup::RestoreStage stage;
  stage.stage_id = next_id_++;
  stage.job_id = request.job_id;
  stage.db_id = db_id;
  const fe_backup::TableInfo* existing = nullptr;
  for (const auto& t : db->tables) {
    if (t.name == request.table_name) existing = &t;
  }
  stage.new_table = existing == nullptr;
  stage.table.id = existing ? existing->id : next_id_++;
  stage.table.name = request.table_name;
  stage.table.definition = existing ? existing->definition : request.definition;
  int64_t index_id = existing && !existing->partitions.empty() ? existing->partitions[0].indexes[0].id : next_id_++;
  int32_t schema_hash = existing && !existing->partitions.empty() ? existing->partitions[0].indexes[0].schema_hash
                                                                  : static_cast<int32_t>(2000 + stage.table.id % 1000);
  size_t next_be = 0;
  for (const auto& spec : request.partitions) {
    fe_backup::PartitionInfo p;
    p.id = next_id_++;
    p.name = spec.name;
    p.visible_version = spec.version;
    fe_backup::IndexInfo idx;
    idx.id = index_id;
    idx.name = request.table_name;
    idx.schema_hash = schema_hash;
    for (int b = 0; b < stage.table.definition.buckets; ++b) {
      fe_backup::TabletInfo tablet;
      tablet.id = next_id_++;
      for (int r = 0; r < request.replication_num; ++r) {
        tablet.replicas.push_back(
            fe_backup::ReplicaInfo{next_id_++, alive[(next_be + static_cast<size_t>(r)) % alive.size()], 1, -1, false, -1});
      }
      ++next_be;
      idx.tablets.push_back(tablet);
    }
    p.indexes.push_back(idx);
    stage.table.partitions.push_back(p);
  }
  stages_[stage.stage_id] = stage;
  return R::Of(stage);
}

fe_backup::HostStatus FakeHost::CommitRestore(int64_t stage_id) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = stages_.find(stage_id);
  if (it == stages_.end()) return fe_backup::HostStatus::Error(HostCode::kNotFound, "unknown stage");
  fe_backup::RestoreStage& s = it->second;
  if (s.committed) return fe_backup::HostStatus::Ok();
  Db* db = FindDbLocked(s.db_id);
  if (db == nullptr) return fe_backup::HostStatus::Error(HostCode::kNotFound, "database is gone");
  fe_backup::TableInfo* existing = nullptr;
  for (auto& t : db->tables) {
    if (t.name == s.table.name) existing = &t;
  }
  std::vector<fe_backup::PartitionInfo> parts = s.table.partitions;
  for (auto& p : parts) {
    for (auto& idx : p.indexes) {
      for (auto& t : idx.tablets) {
        for (auto& r : t.replicas) r.version = p.visible_version;
      }
    }
  }
  if (s.new_table) {
    if (existing != nullptr) {
      return fe_backup::HostStatus::Error(HostCode::kAlreadyExists, "Table " + s.table.name + " already exist in db");
    }
    fe_backup::TableInfo t = s.table;
    t.partitions = parts;
    db->tables.push_back(t);
  } else {
    if (existing == nullptr || existing->id != s.table.id) {
      return fe_backup::HostStatus::Error(HostCode::kNotFound, "table " + s.table.name + " was dropped");
    }
    for (auto& p : parts) {
      auto same = std::find_if(existing->partitions.begin(), existing->partitions.end(),
                               [&](const fe_backup::PartitionInfo& x) { return x.name == p.name; });
      if (same != existing->partitions.end()) {
        *same = p;
      } else {
        existing->partitions.push_back(p);
      }
    }
  }
  s.committed = true;
  return fe_backup::HostStatus::Ok();
}

fe_backup::HostStatus FakeHost::AbortRestore(int64_t stage_id) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = stages_.find(stage_id);
  if (it == stages_.end()) return fe_backup::HostStatus::Ok();
  if (it->second.committed) return fe_backup::HostStatus::Error(HostCode::kInvalidArgument, "stage is committed");
  stages_.erase(it);
  ++aborted_stages_;
  return fe_backup::HostStatus::Ok();
}

std::vector<fe_backup::RestoreStage> FakeHost::ListRestoreStages() {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<fe_backup::RestoreStage> out;
  for (const auto& [id, s] : stages_) out.push_back(s);
  return out;
}

fe_backup::HostStatus FakeHost::ForgetRestoreStage(int64_t stage_id) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = stages_.find(stage_id);
  if (it != stages_.end() && it->second.committed) stages_.erase(it);
  return fe_backup::HostStatus::Ok();
}

int64_t FakeHost::AddView(int64_t db_id, fe_backup::ViewDefinition view) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return 0;
  view.id = next_id_++;
  db->views.push_back(std::move(view));
  return db->views.back().id;
}

void FakeHost::AddFunction(int64_t db_id, fe_backup::FunctionDefinition fn) {
  std::lock_guard<std::mutex> l(mu_);
  if (Db* db = FindDbLocked(db_id)) db->functions.push_back(std::move(fn));
}

void FakeHost::FailNextObjectCreate(fe_backup::HostCode code) {
  std::lock_guard<std::mutex> l(mu_);
  fail_object_ = code;
}

int FakeHost::objects_created() const {
  std::lock_guard<std::mutex> l(mu_);
  return objects_created_;
}

std::vector<fe_backup::ViewDefinition> FakeHost::ListViews(int64_t db_id) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  return db ? db->views : std::vector<fe_backup::ViewDefinition>{};
}

std::optional<fe_backup::ViewDefinition> FakeHost::FindView(int64_t db_id, std::string_view name) {
  std::lock_guard<std::mutex> l(mu_);
  if (Db* db = FindDbLocked(db_id)) {
    for (const auto& v : db->views) {
      if (v.name == name) return v;
    }
  }
  return std::nullopt;
}

std::vector<fe_backup::FunctionDefinition> FakeHost::ListFunctions(int64_t db_id) {
  std::lock_guard<std::mutex> l(mu_);
  Db* db = FindDbLocked(db_id);
  return db ? db->functions : std::vector<fe_backup::FunctionDefinition>{};
}

fe_backup::HostStatus FakeHost::CreateView(int64_t db_id, const fe_backup::ViewDefinition& view, bool replace) {
  std::lock_guard<std::mutex> l(mu_);
  if (fail_object_) {
    auto code = *fail_object_;
    fail_object_.reset();
    return fe_backup::HostStatus::Error(code, "injected failure creating view " + view.name);
  }
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return fe_backup::HostStatus::Error(fe_backup::HostCode::kNotFound, "no database");
  for (const auto& t : db->tables) {
    if (t.name == view.name) {
      return fe_backup::HostStatus::Error(fe_backup::HostCode::kAlreadyExists, "Table '" + view.name + "' already exists");
    }
  }
  for (auto& v : db->views) {
    if (v.name != view.name) continue;
    if (!replace) {
      return fe_backup::HostStatus::Error(fe_backup::HostCode::kAlreadyExists, "Table '" + view.name + "' already exists");
    }
    v = view;
    v.id = next_id_++;
    ++objects_created_;
    return fe_backup::HostStatus::Ok();
  }
  fe_backup::ViewDefinition v = view;
  v.id = next_id_++;
  db->views.push_back(std::move(v));
  ++objects_created_;
  return fe_backup::HostStatus::Ok();
}

fe_backup::HostStatus FakeHost::CreateFunction(int64_t db_id, const fe_backup::FunctionDefinition& fn, bool replace) {
  std::lock_guard<std::mutex> l(mu_);
  if (fail_object_) {
    auto code = *fail_object_;
    fail_object_.reset();
    return fe_backup::HostStatus::Error(code, "injected failure creating function " + fn.name);
  }
  Db* db = FindDbLocked(db_id);
  if (db == nullptr) return fe_backup::HostStatus::Error(fe_backup::HostCode::kNotFound, "no database");
  for (auto& f : db->functions) {
    if (!fe_backup::SameSignature(f, fn)) continue;
    if (!replace) return fe_backup::HostStatus::Error(fe_backup::HostCode::kAlreadyExists, "function already exists");
    f = fn;
    ++objects_created_;
    return fe_backup::HostStatus::Ok();
  }
  db->functions.push_back(fn);
  ++objects_created_;
  return fe_backup::HostStatus::Ok();
}

}  // namespace feb::testing
