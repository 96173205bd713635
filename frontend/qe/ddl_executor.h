// DdlExecutor: the frontend's own catalog statements: CREATE/DROP DATABASE, CREATE/DROP/
// TRUNCATE TABLE, ALTER TABLE ADD/DROP PARTITION, and the catalog SHOWs (DATABASES, TABLES,
// CREATE TABLE, PARTITIONS, TABLET) with StarRocks' texts and columns. Tablets are placed and
// created through TableCreator; changes take the database write lock. Thread-safe.
#pragma once

#include "common/status/result.h"
#include "frontend/catalog/table_creator.h"
#include "frontend/mysql/query_result.h"
#include "frontend/qe/executor_context.h"
#include "frontend/qe/session.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class DdlExecutor {
 public:
  DdlExecutor(const ExecutorContext* context, TableCreator* creator) : ctx_(context), creator_(creator) {}

  Result<QueryResult> CreateDatabase(Session& s, const CreateDatabaseStmt& st);
  // Clears the session's database when it is the one dropped.
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

 private:
  // CREATE TABLE's checks and defaults (keys, partitions, distribution, properties).
  Result<fe_backup::TableDefinition> CheckDefinition(const CreateTableStmt& st) const;

  const ExecutorContext* ctx_;
  TableCreator* creator_;
};

}  // namespace feb::frontend
