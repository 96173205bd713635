// BackupAnalyzer: every check of a BACKUP statement, in StarRocks' order and wording, under
// the database's read lock, then the privilege checks: REPOSITORY on SYSTEM and EXPORT on
// every table backed up. Produces an AnalyzedBackup.
#pragma once

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "plugin/src/analysis/analyzed_backup.h"
#include "plugin/src/repository/snapshot_repository.h"
#include "plugin/src/sql/backup_stmt.h"

namespace feb::plugin {

class BackupAnalyzer {
 public:
  BackupAnalyzer(fe_backup::Host* host, RepositoryRegistry* repos) : host_(host), repos_(repos) {}

  Result<AnalyzedBackup> Analyze(const sql::BackupStmt& stmt, const fe_backup::Session& session) const;

  // The database a statement names, or the session's; StarRocks' errors for none / bad names.
  static Result<std::string> ResolveDbName(const std::optional<sql::Identifier>& named,
                                           const fe_backup::Session& session);

 private:
  fe_backup::Host* host_;
  RepositoryRegistry* repos_;
};

}  // namespace feb::plugin
