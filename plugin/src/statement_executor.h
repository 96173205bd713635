// StatementExecutor: runs one parsed statement of the module for a session — analysis,
// privileges, then the repository manager, the job manager or a SHOW — and turns the outcome
// into what the host sends the client. Thread-safe (its collaborators are).
#pragma once

#include <cstdint>
#include <optional>

#include "fe_backup/host.h"
#include "plugin/src/job/job_manager.h"
#include "plugin/src/repository/repository_manager.h"
#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/statement.h"

namespace feb::plugin {

class StatementExecutor {
 public:
  StatementExecutor(fe_backup::Host* host, RepositoryManager* repos, JobManager* jobs)
      : host_(host), repos_(repos), jobs_(jobs) {}

  fe_backup::StatementResult Execute(const sql::Statement& stmt, const fe_backup::Session& session);

 private:
  Result<fe_backup::StatementResult> Run(const sql::Statement& stmt, const fe_backup::Session& session);
  // SHOW BACKUP / SHOW RESTORE's `FROM db`: its id, none without FROM, an error for an unknown one.
  Result<std::optional<int64_t>> ShowDbId(const std::optional<sql::Identifier>& database) const;

  fe_backup::Host* host_;
  RepositoryManager* repos_;
  JobManager* jobs_;
};

}  // namespace feb::plugin
