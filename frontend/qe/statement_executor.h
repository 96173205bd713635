// StatementExecutor: runs one SQL statement for a session. Statements a loaded plugin claims
// go to it; everything else is parsed by the frontend's grammar and dispatched by kind: catalog
// statements to DdlExecutor, rows to DmlExecutor, backends/users/grants/variables to
// AdminExecutor (USE and login are handled here). Errors carry StarRocks'/MySQL's errno,
// SQLSTATE (common/status/mysql_error.h) and text. Thread-safe: many sessions call it at once;
// per-database locks order conflicting statements.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fe_backup/host.h"
#include "frontend/catalog/table_creator.h"
#include "frontend/mysql/connection_handler.h"
#include "frontend/mysql/query_result.h"
#include "frontend/qe/admin_executor.h"
#include "frontend/qe/ddl_executor.h"
#include "frontend/qe/dml_executor.h"
#include "frontend/qe/executor_context.h"
#include "frontend/qe/object_executor.h"
#include "frontend/qe/session.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class StatementExecutor {
 public:
  using Deps = ExecutorContext::Deps;

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

  ExecutorContext context_;
  TableCreator creator_;
  DdlExecutor ddl_;
  ObjectExecutor objects_;
  DmlExecutor dml_;
  AdminExecutor admin_;
  std::vector<fe_backup::Plugin*> plugins_;
};

}  // namespace feb::frontend
