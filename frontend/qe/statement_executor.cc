#include "frontend/qe/statement_executor.h"

#include <cctype>
#include <type_traits>
#include <variant>

#include "common/status/mysql_error.h"
#include "frontend/sql/sql_parser.h"

namespace feb::frontend {

StatementExecutor::StatementExecutor(Deps deps)
    : context_(deps),
      creator_(TableCreator::Deps{deps.meta, deps.backends, deps.data}),
      ddl_(&context_, &creator_),
      objects_(&context_),
      dml_(&context_),
      admin_(&context_) {}

QueryResult StatementExecutor::FromStatus(const Status& status) {
  if (status.ok()) return QueryResult::Ok();
  MysqlError e = ToMysqlError(status);
  return QueryResult::Error(e.code, std::string(e.sqlstate), status.message());
}

QueryResult StatementExecutor::Login(Session& session, const LoginRequest& request) {
  auto who = context_.deps().auth->Authenticate(request.user, session.remote_host, request.scramble,
                                                request.auth_response);
  if (!who.ok()) return FromStatus(who.status());
  session.user = who->first;
  session.host = who->second;
  if (!request.database.empty()) {
    QueryResult r = UseDatabase(session, request.database);
    if (!r.ok) return r;
  }
  return QueryResult::Ok();
}

QueryResult StatementExecutor::UseDatabase(Session& session, const std::string& db) {
  if (!context_.deps().catalog->FindDatabase(db)) {
    return FromStatus(Status(StatusCode::kNotFound, "Unknown database '" + db + "'", kErrBadDb));
  }
  session.current_db = db;
  return QueryResult::Ok();
}

QueryResult StatementExecutor::Execute(Session& session, std::string_view sql) {
  std::string_view trimmed = sql;
  while (!trimmed.empty() && (std::isspace(static_cast<unsigned char>(trimmed.back())) || trimmed.back() == ';')) {
    trimmed.remove_suffix(1);
  }
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  if (trimmed.empty()) return FromStatus(Status(StatusCode::kInvalidArgument, "Query was empty", kErrEmptyQuery));
  for (auto* plugin : plugins_) {
    if (plugin->Claims(trimmed)) {
      fe_backup::StatementResult r = plugin->Execute(session.ToPluginSession(context_.RolesOf(session)), trimmed);
      if (!r.ok) return QueryResult::Error(r.mysql_errno, r.sqlstate, r.message);
      if (!r.has_result_set) return QueryResult::Ok(r.affected_rows);
      return QueryResult::Strings(r.columns, std::move(r.rows));
    }
  }
  auto stmt = SqlParser::Parse(trimmed);
  if (!stmt.ok()) return FromStatus(stmt.status());
  auto r = Run(session, *stmt);
  if (!r.ok()) return FromStatus(r.status());
  return std::move(r).value();
}

Result<QueryResult> StatementExecutor::Run(Session& s, const FrontendStatement& stmt) {
  return std::visit(
      [&](const auto& st) -> Result<QueryResult> {
        using T = std::decay_t<decltype(st)>;
        // catalog
        if constexpr (std::is_same_v<T, CreateDatabaseStmt>) return ddl_.CreateDatabase(s, st);
        if constexpr (std::is_same_v<T, DropDatabaseStmt>) return ddl_.DropDatabase(s, st);
        if constexpr (std::is_same_v<T, UseStmt>) return UseDatabase(s, st.name);
        if constexpr (std::is_same_v<T, ShowDatabasesStmt>) return ddl_.ShowDatabases(s);
        if constexpr (std::is_same_v<T, ShowTablesStmt>) return ddl_.ShowTables(s, st);
        if constexpr (std::is_same_v<T, CreateTableStmt>) return ddl_.CreateTable(s, st);
        if constexpr (std::is_same_v<T, DropTableStmt>) return ddl_.DropTable(s, st);
        if constexpr (std::is_same_v<T, TruncateTableStmt>) return ddl_.TruncateTable(s, st);
        if constexpr (std::is_same_v<T, AddPartitionStmt>) return ddl_.AddPartition(s, st);
        if constexpr (std::is_same_v<T, DropPartitionStmt>) return ddl_.DropPartition(s, st);
        if constexpr (std::is_same_v<T, ShowCreateTableStmt>) {
          // SHOW CREATE TABLE of a view shows the view, as StarRocks does.
          if (auto db = context_.ResolveDb(s, st.name.db); db.ok() && context_.deps().catalog->FindView(db->id, st.name.table)) {
            return objects_.ShowCreateView(s, st.name, /*as_table=*/true);
          }
          return ddl_.ShowCreateTable(s, st);
        }
        if constexpr (std::is_same_v<T, CreateViewStmt>) return objects_.CreateView(s, st);
        if constexpr (std::is_same_v<T, DropViewStmt>) return objects_.DropView(s, st);
        if constexpr (std::is_same_v<T, ShowCreateViewStmt>) return objects_.ShowCreateView(s, st.name, false);
        if constexpr (std::is_same_v<T, CreateFunctionStmt>) return objects_.CreateFunction(s, st);
        if constexpr (std::is_same_v<T, DropFunctionStmt>) return objects_.DropFunction(s, st);
        if constexpr (std::is_same_v<T, ShowFunctionsStmt>) return objects_.ShowFunctions(s, st);
        if constexpr (std::is_same_v<T, ShowPartitionsStmt>) return ddl_.ShowPartitions(s, st);
        if constexpr (std::is_same_v<T, ShowTabletStmt>) return ddl_.ShowTablet(s, st);
        // rows
        if constexpr (std::is_same_v<T, InsertStmt>) return dml_.Insert(s, st);
        if constexpr (std::is_same_v<T, SelectStmt>) return dml_.Select(s, st);
        if constexpr (std::is_same_v<T, ChecksumTableStmt>) return dml_.Checksum(s, st);
        // system, users, session
        if constexpr (std::is_same_v<T, AddBackendStmt>) return admin_.AddBackend(s, st);
        if constexpr (std::is_same_v<T, DropBackendStmt>) return admin_.DropBackend(s, st);
        if constexpr (std::is_same_v<T, ShowBackendsStmt>) return admin_.ShowBackends(s);
        if constexpr (std::is_same_v<T, CreateUserStmt>) return admin_.CreateUser(s, st);
        if constexpr (std::is_same_v<T, DropUserStmt>) return admin_.DropUser(s, st);
        if constexpr (std::is_same_v<T, SetPasswordStmt>) return admin_.SetPassword(s, st);
        if constexpr (std::is_same_v<T, GrantPrivilegeStmt>) return admin_.Grant(s, st);
        if constexpr (std::is_same_v<T, GrantRoleStmt>) return admin_.GrantRole(s, st);
        if constexpr (std::is_same_v<T, ShowGrantsStmt>) return admin_.ShowGrants(s, st);
        if constexpr (std::is_same_v<T, ShowVariablesStmt>) return admin_.ShowVariables(s, st);
        if constexpr (std::is_same_v<T, ShowWarningsStmt>) return admin_.ShowWarnings(s);
        if constexpr (std::is_same_v<T, SetStmt>) return admin_.Set(s, st);
        if constexpr (std::is_same_v<T, TransactionStmt>) return QueryResult::Ok();
        return Status::NotSupported("statement not supported");
      },
      stmt);
}

}  // namespace feb::frontend
