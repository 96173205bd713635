// ExecutorContext: what every statement executor of the frontend shares: its dependencies,
// name resolution against the session's database, privilege checks, database locks, and the
// common opening of a statement that changes one table. Errors carry MySQL's numbers (1046,
// 1049, 1051) and StarRocks' access-denied text. Thread-safe: stateless after construction.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "frontend/auth/auth_manager.h"
#include "frontend/backends/backend_data_client.h"
#include "frontend/backends/backend_registry.h"
#include "frontend/catalog/fe_catalog.h"
#include "frontend/config/fe_config.h"
#include "frontend/qe/session.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class ExecutorContext {
 public:
  struct Deps {
    FeCatalog* catalog = nullptr;
    MetaLog* meta = nullptr;  // ids
    AuthManager* auth = nullptr;
    BackendRegistry* backends = nullptr;
    BackendDataClient* data = nullptr;  // null: DDL/DML that needs backends fails with a clear error
    const FeConfig* config = nullptr;
  };

  // A table opened for a change: resolved, the privilege checked, the database write lock held
  // and the table re-read under it.
  struct LockedTable {
    fe_backup::DatabaseInfo db;
    fe_backup::TableInfo table;
    std::unique_ptr<fe_backup::LockHandle> lock;
  };

  // `lock_timeout_ms` from the config (default 10 s) bounds every database lock wait.
  explicit ExecutorContext(Deps deps);

  const Deps& deps() const { return deps_; }

  // Resolves `db` (empty: the session's database); errors 1046 / 1049 as MySQL.
  Result<fe_backup::DatabaseInfo> ResolveDb(const Session& s, const std::string& db) const;
  // Resolves a table name; 1051 "Unknown table 'db.table'" when it does not exist.
  Result<std::pair<fe_backup::DatabaseInfo, fe_backup::TableInfo>> ResolveTable(const Session& s,
                                                                                 const TableName& name) const;
  // OK if the session's user holds `privilege` on `target`, else StarRocks' denial naming
  // `object_text` and the session's roles.
  Status Require(const Session& s, const std::string& privilege, const GrantTarget& target,
                 const std::string& object_text) const;
  Status RequireTable(const Session& s, const std::string& privilege, const std::string& db,
                      const std::string& table) const;
  Result<std::unique_ptr<fe_backup::LockHandle>> LockDb(int64_t db_id, bool exclusive) const;
  // Resolve `name`, require `privilege` on it, take the database write lock, re-read the table:
  // 1051 "Unknown table '<table>'" if it was dropped in between.
  Result<LockedTable> LockTableForChange(const Session& s, const TableName& name, const std::string& privilege) const;
  std::vector<std::string> RolesOf(const Session& s) const;

  // 1051 with `message`, as MySQL reports a table that does not exist.
  static Status UnknownTable(const std::string& message);

 private:
  Deps deps_;
  std::chrono::milliseconds lock_timeout_;
};

}  // namespace feb::frontend
