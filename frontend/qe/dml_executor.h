// DmlExecutor: rows through the backends' data service: INSERT ... VALUES (routed to a
// partition by range and a tablet by hash, written on every replica at the partition's next
// version, which becomes visible only when all replicas took it), SELECT over one table (scan
// at the visible version, projection, ORDER BY, LIMIT, COUNT(*)), SELECT without FROM
// (literals, @@variables, DATABASE(), USER(), ...) and CHECKSUM TABLE. Thread-safe.
#pragma once

#include <vector>

#include "common/status/result.h"
#include "frontend/backends/backend_data_client.h"
#include "frontend/mysql/query_result.h"
#include "frontend/qe/executor_context.h"
#include "frontend/qe/session.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class DmlExecutor {
 public:
  explicit DmlExecutor(const ExecutorContext* context) : ctx_(context) {}

  Result<QueryResult> Insert(Session& s, const InsertStmt& st);
  Result<QueryResult> Select(Session& s, const SelectStmt& st);
  Result<QueryResult> Checksum(Session& s, const ChecksumTableStmt& st);

 private:
  Result<QueryResult> SelectConstants(Session& s, const SelectStmt& st);
  // Rows of every tablet of the table at its partitions' visible versions.
  Result<std::vector<DataRow>> ScanTable(int64_t db_id, const fe_backup::TableInfo& table);

  const ExecutorContext* ctx_;
};

}  // namespace feb::frontend
