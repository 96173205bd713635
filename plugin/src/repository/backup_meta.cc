#include "plugin/src/repository/backup_meta.h"

#include <nlohmann/json.hpp>

#include "common/json/json_reader.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

using Json = nlohmann::ordered_json;

namespace {

Json DefinitionToJson(const fe_backup::TableDefinition& d) {
  Json cols = Json::array();
  for (const auto& c : d.columns) {
    Json col{{"name", c.name}, {"type", c.type}, {"nullable", c.nullable}, {"is_key", c.is_key},
             {"aggregation", c.aggregation}, {"comment", c.comment}};
    col["default"] = c.default_value ? Json(*c.default_value) : Json(nullptr);
    cols.push_back(col);
  }
  Json parts = Json::array();
  for (const auto& p : d.partitions) parts.push_back(Json{{"name", p.name}, {"upper_bound", p.upper_bound}});
  return Json{{"name", d.name},
              {"columns", cols},
              {"keys_type", d.keys_type},
              {"key_columns", d.key_columns},
              {"partition_columns", d.partition_columns},
              {"partitions", parts},
              {"distribution_columns", d.distribution_columns},
              {"buckets", d.buckets},
              {"properties", d.properties}};
}

// Runs `parse` on every element of the array `key` of `obj`, with the element named in errors.
template <typename F>
Status ForEach(const Json& obj, std::string_view key, F&& parse) {
  ASSIGN_OR_RETURN(const Json* arr, json::GetArray(obj, key));
  for (size_t i = 0; i < arr->size(); ++i) {
    Status s = parse((*arr)[i]);
    if (!s.ok()) return s.WithContext("element " + std::to_string(i) + " of '" + std::string(key) + "'");
  }
  return Status::OK();
}

Result<fe_backup::ColumnDefinition> ColumnFromJson(const Json& c) {
  fe_backup::ColumnDefinition col;
  ASSIGN_OR_RETURN(col.name, json::GetString(c, "name"));
  ASSIGN_OR_RETURN(col.type, json::GetString(c, "type"));
  ASSIGN_OR_RETURN(col.nullable, json::GetBool(c, "nullable"));
  ASSIGN_OR_RETURN(col.is_key, json::GetBool(c, "is_key"));
  ASSIGN_OR_RETURN(col.aggregation, json::GetString(c, "aggregation"));
  ASSIGN_OR_RETURN(col.comment, json::GetString(c, "comment"));
  if (!c.contains("default")) return Status::Corruption("key 'default': missing");
  if (!c.at("default").is_null()) {
    ASSIGN_OR_RETURN(col.default_value, json::GetString(c, "default"));
  }
  return col;
}

Result<fe_backup::TableDefinition> DefinitionFromJson(const Json& j) {
  fe_backup::TableDefinition d;
  ASSIGN_OR_RETURN(d.name, json::GetString(j, "name"));
  RETURN_IF_ERROR(ForEach(j, "columns", [&](const Json& c) -> Status {
    ASSIGN_OR_RETURN(fe_backup::ColumnDefinition col, ColumnFromJson(c));
    d.columns.push_back(std::move(col));
    return Status::OK();
  }));
  ASSIGN_OR_RETURN(d.keys_type, json::GetString(j, "keys_type"));
  ASSIGN_OR_RETURN(d.key_columns, json::GetStringArray(j, "key_columns"));
  ASSIGN_OR_RETURN(d.partition_columns, json::GetStringArray(j, "partition_columns"));
  RETURN_IF_ERROR(ForEach(j, "partitions", [&](const Json& p) -> Status {
    fe_backup::RangePartitionDefinition part;
    ASSIGN_OR_RETURN(part.name, json::GetString(p, "name"));
    ASSIGN_OR_RETURN(part.upper_bound, json::GetStringArray(p, "upper_bound"));
    d.partitions.push_back(std::move(part));
    return Status::OK();
  }));
  ASSIGN_OR_RETURN(d.distribution_columns, json::GetStringArray(j, "distribution_columns"));
  ASSIGN_OR_RETURN(d.buckets, json::GetInt32(j, "buckets", 1, json::kInt32Max));
  ASSIGN_OR_RETURN(d.properties, json::GetStringMap(j, "properties"));
  return d;
}

Json TableToJson(const fe_backup::TableInfo& t) {
  Json parts = Json::array();
  for (const auto& p : t.partitions) {
    Json indexes = Json::array();
    for (const auto& idx : p.indexes) {
      Json tablets = Json::array();
      for (const auto& tablet : idx.tablets) tablets.push_back(tablet.id);
      indexes.push_back(Json{{"id", idx.id}, {"name", idx.name}, {"schema_hash", idx.schema_hash}, {"tablets", tablets}});
    }
    parts.push_back(Json{{"id", p.id}, {"name", p.name}, {"visible_version", p.visible_version}, {"indexes", indexes}});
  }
  return Json{{"id", t.id},
              {"name", t.name},
              {"kind", fe_backup::TableKindName(t.kind)},
              {"definition", DefinitionToJson(t.definition)},
              {"partitions", parts}};
}

fe_backup::TableKind KindFromName(const std::string& name) {
  for (auto k : {fe_backup::TableKind::kOlap, fe_backup::TableKind::kMaterializedView, fe_backup::TableKind::kView,
                 fe_backup::TableKind::kExternal}) {
    if (name == fe_backup::TableKindName(k)) return k;
  }
  return fe_backup::TableKind::kOther;
}

Result<fe_backup::IndexInfo> IndexFromJson(const Json& ij) {
  fe_backup::IndexInfo idx;
  ASSIGN_OR_RETURN(idx.id, json::GetInt(ij, "id", 0, json::kInt64Max));
  ASSIGN_OR_RETURN(idx.name, json::GetString(ij, "name"));
  ASSIGN_OR_RETURN(idx.schema_hash, json::GetInt32(ij, "schema_hash"));
  ASSIGN_OR_RETURN(std::vector<int64_t> tablets, json::GetIntArray(ij, "tablets", 0, json::kInt64Max));
  for (int64_t id : tablets) idx.tablets.push_back(fe_backup::TabletInfo{id, {}});
  return idx;
}

Result<fe_backup::PartitionInfo> PartitionFromJson(const Json& pj) {
  fe_backup::PartitionInfo p;
  ASSIGN_OR_RETURN(p.id, json::GetInt(pj, "id", 0, json::kInt64Max));
  ASSIGN_OR_RETURN(p.name, json::GetString(pj, "name"));
  ASSIGN_OR_RETURN(p.visible_version, json::GetInt(pj, "visible_version", 0, json::kInt64Max));
  RETURN_IF_ERROR(ForEach(pj, "indexes", [&](const Json& ij) -> Status {
    ASSIGN_OR_RETURN(fe_backup::IndexInfo idx, IndexFromJson(ij));
    p.indexes.push_back(std::move(idx));
    return Status::OK();
  }));
  return p;
}

Result<fe_backup::TableInfo> TableFromJson(const Json& j) {
  fe_backup::TableInfo t;
  ASSIGN_OR_RETURN(t.id, json::GetInt(j, "id", 0, json::kInt64Max));
  ASSIGN_OR_RETURN(t.name, json::GetString(j, "name"));
  ASSIGN_OR_RETURN(std::string kind, json::GetString(j, "kind"));
  t.kind = KindFromName(kind);
  ASSIGN_OR_RETURN(const Json* definition, json::GetObject(j, "definition"));
  Result<fe_backup::TableDefinition> d = DefinitionFromJson(*definition);
  if (!d.ok()) return d.status().WithContext("definition");
  t.definition = std::move(*d);
  RETURN_IF_ERROR(ForEach(j, "partitions", [&](const Json& pj) -> Status {
    ASSIGN_OR_RETURN(fe_backup::PartitionInfo p, PartitionFromJson(pj));
    t.partitions.push_back(std::move(p));
    return Status::OK();
  }));
  return t;
}

Result<BackupMeta> MetaFromJson(const Json& j) {
  ASSIGN_OR_RETURN(std::string format, json::GetString(j, "format"));
  if (format != BackupMeta::kFormat) {
    return Status::Corruption("format is '" + format + "', expected '" + std::string(BackupMeta::kFormat) + "'");
  }
  ASSIGN_OR_RETURN(int32_t version, json::GetInt32(j, "version"));
  if (version != BackupMeta::kVersion) {
    return Status::NotSupported("version " + std::to_string(version) + " is not supported (this build reads " +
                                std::to_string(BackupMeta::kVersion) + ")");
  }
  BackupMeta meta;
  ASSIGN_OR_RETURN(meta.database, json::GetString(j, "database"));
  RETURN_IF_ERROR(ForEach(j, "tables", [&](const Json& t) -> Status {
    ASSIGN_OR_RETURN(fe_backup::TableInfo table, TableFromJson(t));
    meta.tables.push_back(std::move(table));
    return Status::OK();
  }));
  return meta;
}

}  // namespace

std::string BackupMeta::ToJson() const {
  Json tables_json = Json::array();
  for (const auto& t : tables) tables_json.push_back(TableToJson(t));
  Json j{{"format", kFormat}, {"version", kVersion}, {"database", database}, {"tables", tables_json}};
  return DumpJson(j);
}

Result<BackupMeta> BackupMeta::FromJson(std::string_view text) {
  Result<Json> j = json::ParseObject<Json>(text);
  Result<BackupMeta> meta = j.ok() ? MetaFromJson(*j) : Result<BackupMeta>(j.status());
  if (!meta.ok()) return meta.status().WithContext("meta file");
  return meta;
}

std::string TableInfoToJsonText(const fe_backup::TableInfo& table) { return DumpJson(TableToJson(table)); }

Result<fe_backup::TableInfo> TableInfoFromJsonText(std::string_view text) {
  Result<Json> j = json::ParseObject<Json>(text);
  Result<fe_backup::TableInfo> table = j.ok() ? TableFromJson(*j) : Result<fe_backup::TableInfo>(j.status());
  if (!table.ok()) return table.status().WithContext("table record");
  return table;
}

}  // namespace feb::plugin
