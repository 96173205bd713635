// RestoreAnalyzer: every check of a RESTORE statement before its job exists, in StarRocks'
// order and wording: the statement (duplicated tables and aliases, properties), the privileges,
// the repository, the snapshot's job info "__info_<backup_timestamp>" and meta (md5 checked),
// and the objects of the ON clause against the snapshot. The target database is not created
// here (the caller does it once everything else passed).
#pragma once

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "plugin/src/analysis/analyzed_restore.h"
#include "plugin/src/repository/snapshot_repository.h"
#include "plugin/src/sql/restore_stmt.h"

namespace feb::plugin {

class RestoreAnalyzer {
 public:
  RestoreAnalyzer(fe_backup::Host* host, RepositoryRegistry* repos) : host_(host), repos_(repos) {}

  Result<AnalyzedRestore> Analyze(const sql::RestoreStmt& stmt, const fe_backup::Session& session) const;

  // The statement alone: aliases, duplicates, properties (no catalog, no repository).
  static Status AnalyzeStatement(const sql::RestoreStmt& stmt, int32_t default_replication_num, AnalyzedRestore* out);

 private:
  fe_backup::Host* host_;
  RepositoryRegistry* repos_;
};

}  // namespace feb::plugin
