// StatementExecutor: runs one SQL statement for a session. Statements a loaded plugin claims
// go to it; everything else is parsed by the frontend's grammar and executed here (DDL,
// INSERT/SELECT through the backends' data service, users and grants, SHOW, SET). Errors carry
// StarRocks'/MySQL's errno, SQLSTATE and text. Thread-safe: many sessions call it at once;
// per-database locks order conflicting statements.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "fe_backup/host.h"
#include "frontend/auth/auth_manager.h"
#include "frontend/backends/backend_data_client.h"
#include "frontend/backends/backend_registry.h"
#include "frontend/catalog/fe_catalog.h"
#include "frontend/config/fe_config.h"
#include "frontend/mysql/connection_handler.h"
#include "frontend/mysql/query_result.h"
#include "frontend/qe/session.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class StatementExecutor {
 public:
  struct Deps {
    FeCatalog* catalog = nullptr;
    MetaLog* meta = nullptr;  // ids
    AuthManager* auth = nullptr;
    BackendRegistry* backends = nullptr;
    BackendDataClient* data = nullptr;  // null: DDL/DML that needs backends fails with a clear error
    const FeConfig* config = nullptr;
  };

  explicit StatementExecutor(Deps deps);

  // Plugins whose Start() succeeded; set once before serving.
  void SetPlugins(std::vector<fe_backup::Plugin*> plugins) { plugins_ = std::move(plugins); }

  QueryResult Login(Session& session, const LoginRequest& request);
  QueryResult Execute(Session& session, std::string_view sql);
  QueryResult UseDatabase(Session& session, const std::string& db);

  // Maps a Status to what the client sees.
  static QueryResult FromStatus(const Status& status);

 private:
  Result<QueryResult> Run(Session& s, const FrontendStatement& stmt);
  Result<QueryResult> CreateDatabase(Session& s, const CreateDatabaseStmt& st);
  Result<QueryResult> DropDatabase(Session& s, const DropDatabaseStmt& st);
  Result<QueryResult> ShowDatabases(Session& s);
  Result<QueryResult> ShowTables(Session& s, const ShowTablesStmt& st);
  Result<QueryResult> CreateTable(Session& s, const CreateTableStmt& st);
  Result<QueryResult> DropTable(Session& s, const DropTableStmt& st);
  Result<QueryResult> TruncateTable(Session& s, const TruncateTableStmt& st);
  Result<QueryResult> AddPartition(Session& s, const AddPartitionStmt& st);
  Result<QueryResult> DropPartition(Session& s, const DropPartitionStmt& st);
  Result<QueryResult> ShowCreateTable(Session& s, const ShowCreateTableStmt& st);
  Result<QueryResult> ShowPartitions(Session& s, const ShowPartitionsStmt& st);
  Result<QueryResult> ShowTablet(Session& s, const ShowTabletStmt& st);
  Result<QueryResult> Insert(Session& s, const InsertStmt& st);
  Result<QueryResult> Select(Session& s, const SelectStmt& st);
  Result<QueryResult> SelectConstants(Session& s, const SelectStmt& st);
  Result<QueryResult> Checksum(Session& s, const ChecksumTableStmt& st);
  Result<QueryResult> AddBackend(Session& s, const AddBackendStmt& st);
  Result<QueryResult> DropBackend(Session& s, const DropBackendStmt& st);
  Result<QueryResult> ShowBackends(Session& s);
  Result<QueryResult> Grant(Session& s, const GrantPrivilegeStmt& st);
  Result<QueryResult> ShowGrants(Session& s, const ShowGrantsStmt& st);
  Result<QueryResult> ShowVariables(Session& s, const ShowVariablesStmt& st);
  Result<QueryResult> Set(Session& s, const SetStmt& st);

  // Resolves `name` against the session's database; errors 1046 / 1049 / 1051 as MySQL.
  Result<fe_backup::DatabaseInfo> ResolveDb(Session& s, const std::string& db);
  Result<std::pair<fe_backup::DatabaseInfo, fe_backup::TableInfo>> ResolveTable(Session& s, const TableName& name);
  Status Require(Session& s, const std::string& privilege, const GrantTarget& target, const std::string& object_text);
  Status RequireTable(Session& s, const std::string& privilege, const std::string& db, const std::string& table);
  Result<std::unique_ptr<fe_backup::LockHandle>> LockDb(int64_t db_id, bool exclusive);
  // New partitions with tablets and replicas placed on alive backends, created on them.
  Result<std::vector<fe_backup::PartitionInfo>> BuildPartitions(int64_t db_id, int64_t table_id,
                                                                const fe_backup::TableDefinition& def,
                                                                const std::vector<std::string>& names,
                                                                int32_t schema_hash, int64_t index_id);
  Status CreateOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                          const std::vector<fe_backup::PartitionInfo>& partitions);
  void DropOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                      const std::vector<fe_backup::PartitionInfo>& partitions);
  // Rows of every tablet of the table at its partitions' visible versions.
  Result<std::vector<DataRow>> ScanTable(int64_t db_id, const fe_backup::TableInfo& table);
  std::string Variable(const Session& s, const std::string& name, bool* found);
  std::vector<std::string> RolesOf(const Session& s);

  Deps deps_;
  std::vector<fe_backup::Plugin*> plugins_;
  std::chrono::milliseconds lock_timeout_;
};

}  // namespace feb::frontend
