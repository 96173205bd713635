// AdminExecutor: the frontend's system statements: ALTER SYSTEM ADD/DROP BACKEND, SHOW
// BACKENDS; users, passwords, roles and grants (CREATE/DROP USER, SET PASSWORD, GRANT/REVOKE,
// SHOW GRANTS); session variables (SET, SHOW VARIABLES) and SHOW WARNINGS. StarRocks' texts
// and SHOW columns. Thread-safe (the session is the caller's).
#pragma once

#include "common/status/result.h"
#include "frontend/mysql/query_result.h"
#include "frontend/qe/executor_context.h"
#include "frontend/qe/session.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class AdminExecutor {
 public:
  explicit AdminExecutor(const ExecutorContext* context) : ctx_(context) {}

  Result<QueryResult> AddBackend(Session& s, const AddBackendStmt& st);
  Result<QueryResult> DropBackend(Session& s, const DropBackendStmt& st);
  Result<QueryResult> ShowBackends(Session& s);
  Result<QueryResult> CreateUser(Session& s, const CreateUserStmt& st);
  Result<QueryResult> DropUser(Session& s, const DropUserStmt& st);
  // Anyone may set their own password; another user's needs GRANT.
  Result<QueryResult> SetPassword(Session& s, const SetPasswordStmt& st);
  Result<QueryResult> Grant(Session& s, const GrantPrivilegeStmt& st);
  Result<QueryResult> GrantRole(Session& s, const GrantRoleStmt& st);
  Result<QueryResult> ShowGrants(Session& s, const ShowGrantsStmt& st);
  Result<QueryResult> ShowVariables(Session& s, const ShowVariablesStmt& st);
  Result<QueryResult> ShowWarnings(Session& s);
  // Unknown variable names are kept too: drivers set variables StarRocks ignores.
  Result<QueryResult> Set(Session& s, const SetStmt& st);

 private:
  const ExecutorContext* ctx_;
};

}  // namespace feb::frontend
