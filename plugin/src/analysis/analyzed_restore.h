// AnalyzedRestore: a RESTORE statement after every check of its submission passed: the
// repository, the snapshot's job info and meta (cut to what is restored), the target database,
// typed properties. What the job manager turns into a RestoreJob.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fe_backup/host.h"
#include "plugin/src/repository/backup_job_info.h"

namespace feb::plugin {

// One table the restore brings back: the snapshot's layout and definition, and its name in
// the target database.
struct RestoreTableRef {
  std::string target;                    // alias, or the snapshot's name
  BackupJobInfo::Table source;           // cut to the restored partitions
  fe_backup::TableDefinition definition; // from the snapshot's meta, cut the same way
};

// One view the restore brings back: its name in the snapshot and its definition, renamed to
// the target name (alias or original).
struct RestoreViewRef {
  std::string source;
  fe_backup::ViewDefinition definition;
  bool operator==(const RestoreViewRef&) const = default;
};

struct AnalyzedRestore {
  static constexpr int64_t kDefaultTimeoutMs = 86400000;  // backup_job_default_timeout_ms
  static constexpr int64_t kMinTimeoutMs = 600000;

  std::string label;
  std::string backup_timestamp;
  std::string db_name;            // the target database
  int64_t db_id = 0;              // set once the database exists
  int64_t snapshot_db_id = 0;     // the database id recorded in the snapshot (repository paths)
  int64_t repo_id = 0;
  std::string repo_name;
  std::vector<RestoreTableRef> tables;
  // Created after every table is committed (each replaces a same-name view / same-signature
  // function, as StarRocks' restore does).
  std::vector<RestoreViewRef> views;
  std::vector<fe_backup::FunctionDefinition> functions;  // renamed by FUNCTION f AS g
  bool allow_load = false;
  int32_t replication_num = 3;
  int64_t timeout_ms = kDefaultTimeoutMs;
  int32_t meta_version = -1;
  int32_t starrocks_meta_version = -1;
};

}  // namespace feb::plugin
