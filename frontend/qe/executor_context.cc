#include "frontend/qe/executor_context.h"

namespace feb::frontend {

ExecutorContext::ExecutorContext(Deps deps) : deps_(deps) {
  int64_t t = deps_.config ? deps_.config->GetInt("lock_timeout_ms") : 0;
  lock_timeout_ = std::chrono::milliseconds(t > 0 ? t : 10000);
}

Status ExecutorContext::UnknownTable(const std::string& message) {
  return Status(StatusCode::kNotFound, message, 1051);
}

std::vector<std::string> ExecutorContext::RolesOf(const Session& s) const {
  return deps_.auth->RolesOf(s.user, s.host);
}

Result<fe_backup::DatabaseInfo> ExecutorContext::ResolveDb(const Session& s, const std::string& db) const {
  std::string name = db.empty() ? s.current_db : db;
  if (name.empty()) return Status(StatusCode::kInvalidArgument, "No database selected", 1046);
  auto info = deps_.catalog->FindDatabase(name);
  if (!info) return Status(StatusCode::kNotFound, "Unknown database '" + name + "'", 1049);
  return *info;
}

Result<std::pair<fe_backup::DatabaseInfo, fe_backup::TableInfo>> ExecutorContext::ResolveTable(
    const Session& s, const TableName& name) const {
  ASSIGN_OR_RETURN(auto db, ResolveDb(s, name.db));
  auto table = deps_.catalog->FindTable(db.id, name.table);
  if (!table) return UnknownTable("Unknown table '" + db.name + "." + name.table + "'");
  return std::make_pair(db, *table);
}

Status ExecutorContext::Require(const Session& s, const std::string& privilege, const GrantTarget& target,
                                const std::string& object_text) const {
  if (deps_.auth->Has(s.user, s.host, privilege, target)) return Status::OK();
  return AuthManager::Denied(privilege, object_text, RolesOf(s));
}

Status ExecutorContext::RequireTable(const Session& s, const std::string& privilege, const std::string& db,
                                     const std::string& table) const {
  return Require(s, privilege, GrantTarget{GrantTarget::Kind::kTable, db, table}, "TABLE " + table);
}

Result<std::unique_ptr<fe_backup::LockHandle>> ExecutorContext::LockDb(int64_t db_id, bool exclusive) const {
  return deps_.catalog->Lock(db_id, exclusive, lock_timeout_);
}

Result<ExecutorContext::LockedTable> ExecutorContext::LockTableForChange(const Session& s, const TableName& name,
                                                                         const std::string& privilege) const {
  ASSIGN_OR_RETURN(auto resolved, ResolveTable(s, name));
  auto& [db, table] = resolved;
  RETURN_IF_ERROR(RequireTable(s, privilege, db.name, table.name));
  LockedTable out;
  ASSIGN_OR_RETURN(out.lock, LockDb(db.id, true));
  auto fresh = deps_.catalog->FindTableById(db.id, table.id);
  if (!fresh) return UnknownTable("Unknown table '" + table.name + "'");
  out.db = db;
  out.table = std::move(*fresh);
  return out;
}

}  // namespace feb::frontend
