// AnalyzedBackup: a BACKUP statement after every check passed: resolved database, repository
// and tables, views and functions, typed properties. What the job manager turns into a BackupJob.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fe_backup/host.h"

namespace feb::plugin {

struct BackupTableRef {
  std::string table;
  std::vector<std::string> partitions;  // empty = every partition
  bool operator==(const BackupTableRef&) const = default;
};

struct AnalyzedBackup {
  static constexpr int64_t kDefaultTimeoutMs = 86400000;  // backup_job_default_timeout_ms
  static constexpr int64_t kMinTimeoutMs = 600000;        // "timeout must be at least 10 min"

  std::string label;
  int64_t db_id = 0;
  std::string db_name;
  int64_t repo_id = 0;
  std::string repo_name;
  std::vector<BackupTableRef> tables;  // expanded: every table the backup covers
  // Views and functions the backup covers, their definitions as the analysis saw them (a
  // backup copies no data of theirs, so their definitions are fixed at submission).
  std::vector<fe_backup::ViewDefinition> views;
  std::vector<fe_backup::FunctionDefinition> functions;
  int64_t timeout_ms = kDefaultTimeoutMs;
};

}  // namespace feb::plugin
