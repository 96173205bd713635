// BackupMeta: the "__meta.<md5>" file of a snapshot — our own documented JSON (StarRocks
// writes Java serialization here): the definition and physical layout of every table backed
// up, enough to recreate the tables on RESTORE. Format: docs/repository-format.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"
#include "fe_backup/host.h"

namespace feb::plugin {

struct BackupMeta {
  static constexpr std::string_view kFormat = "fe_backup.meta";
  static constexpr int kVersion = 1;

  std::string database;
  // Tables as the backup saw them under the database lock: definition, partitions, indexes,
  // tablet ids (replicas are not kept).
  std::vector<fe_backup::TableInfo> tables;

  std::string ToJson() const;
  static Result<BackupMeta> FromJson(std::string_view json);
};

// JSON form of one table, shared by the meta file and the job journal record.
std::string TableInfoToJsonText(const fe_backup::TableInfo& table);
Result<fe_backup::TableInfo> TableInfoFromJsonText(std::string_view json);

}  // namespace feb::plugin
