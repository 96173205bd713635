// BackupMeta: the "__meta.<md5>" file of a snapshot — our own documented JSON (StarRocks
// writes Java serialization here): the definition and physical layout of every table backed
// up, the definitions of its views and functions, enough to recreate them on RESTORE. Format:
// docs/repository-format.md.
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
  // Views (definition text) and user-defined functions of the backup. Optional keys: a meta
  // written before they were kept has neither, and reads as none.
  std::vector<fe_backup::ViewDefinition> views;
  std::vector<fe_backup::FunctionDefinition> functions;

  std::string ToJson() const;
  static Result<BackupMeta> FromJson(std::string_view json);
};

// JSON form of one table, shared by the meta file and the job journal record.
std::string TableInfoToJsonText(const fe_backup::TableInfo& table);
Result<fe_backup::TableInfo> TableInfoFromJsonText(std::string_view json);
// The same for one view and one function (meta file and job records).
std::string ViewToJsonText(const fe_backup::ViewDefinition& view);
Result<fe_backup::ViewDefinition> ViewFromJsonText(std::string_view json);
std::string FunctionToJsonText(const fe_backup::FunctionDefinition& fn);
Result<fe_backup::FunctionDefinition> FunctionFromJsonText(std::string_view json);
// JSON arrays of them (job records): "[...]".
std::string ViewsToJsonText(const std::vector<fe_backup::ViewDefinition>& views);
Result<std::vector<fe_backup::ViewDefinition>> ViewsFromJsonText(std::string_view json);
std::string FunctionsToJsonText(const std::vector<fe_backup::FunctionDefinition>& functions);
Result<std::vector<fe_backup::FunctionDefinition>> FunctionsFromJsonText(std::string_view json);

}  // namespace feb::plugin
