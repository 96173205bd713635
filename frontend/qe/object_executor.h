// ObjectExecutor: the frontend's views and functions: CREATE/DROP VIEW, SHOW CREATE VIEW (and
// SHOW CREATE TABLE of a view), CREATE/DROP FUNCTION, SHOW [FULL] FUNCTIONS, with StarRocks'
// texts and columns. The frontend keeps their definitions (journaled through FeCatalog); it
// does not run a view's query or a function's code. Thread-safe.
#pragma once

#include "common/status/result.h"
#include "frontend/mysql/query_result.h"
#include "frontend/qe/executor_context.h"
#include "frontend/qe/session.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class ObjectExecutor {
 public:
  explicit ObjectExecutor(const ExecutorContext* context) : ctx_(context) {}

  Result<QueryResult> CreateView(Session& s, const CreateViewStmt& st);
  Result<QueryResult> DropView(Session& s, const DropViewStmt& st);
  // `as_table`: SHOW CREATE TABLE named a view (same result, as StarRocks).
  Result<QueryResult> ShowCreateView(Session& s, const TableName& name, bool as_table);
  Result<QueryResult> CreateFunction(Session& s, const CreateFunctionStmt& st);
  Result<QueryResult> DropFunction(Session& s, const DropFunctionStmt& st);
  Result<QueryResult> ShowFunctions(Session& s, const ShowFunctionsStmt& st);

  // StarRocks' SHOW CREATE VIEW text: CREATE VIEW `v` [(`c1`, `c2` COMMENT "x")] [COMMENT "c"] AS <query>;
  static std::string CreateViewText(const fe_backup::ViewDefinition& view);

 private:
  const ExecutorContext* ctx_;
};

}  // namespace feb::frontend
