#include "plugin/src/repository/backup_meta.h"

#include <nlohmann/json.hpp>

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

fe_backup::TableDefinition DefinitionFromJson(const Json& j) {
  fe_backup::TableDefinition d;
  d.name = j.at("name").get<std::string>();
  for (const auto& c : j.at("columns")) {
    fe_backup::ColumnDefinition col;
    col.name = c.at("name").get<std::string>();
    col.type = c.at("type").get<std::string>();
    col.nullable = c.at("nullable").get<bool>();
    col.is_key = c.at("is_key").get<bool>();
    col.aggregation = c.at("aggregation").get<std::string>();
    col.comment = c.at("comment").get<std::string>();
    if (!c.at("default").is_null()) col.default_value = c.at("default").get<std::string>();
    d.columns.push_back(std::move(col));
  }
  d.keys_type = j.at("keys_type").get<std::string>();
  d.key_columns = j.at("key_columns").get<std::vector<std::string>>();
  d.partition_columns = j.at("partition_columns").get<std::vector<std::string>>();
  for (const auto& p : j.at("partitions")) {
    d.partitions.push_back({p.at("name").get<std::string>(), p.at("upper_bound").get<std::vector<std::string>>()});
  }
  d.distribution_columns = j.at("distribution_columns").get<std::vector<std::string>>();
  d.buckets = j.at("buckets").get<int32_t>();
  d.properties = j.at("properties").get<std::map<std::string, std::string>>();
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

fe_backup::TableInfo TableFromJson(const Json& j) {
  fe_backup::TableInfo t;
  t.id = j.at("id").get<int64_t>();
  t.name = j.at("name").get<std::string>();
  t.kind = KindFromName(j.at("kind").get<std::string>());
  t.definition = DefinitionFromJson(j.at("definition"));
  for (const auto& pj : j.at("partitions")) {
    fe_backup::PartitionInfo p;
    p.id = pj.at("id").get<int64_t>();
    p.name = pj.at("name").get<std::string>();
    p.visible_version = pj.at("visible_version").get<int64_t>();
    for (const auto& ij : pj.at("indexes")) {
      fe_backup::IndexInfo idx;
      idx.id = ij.at("id").get<int64_t>();
      idx.name = ij.at("name").get<std::string>();
      idx.schema_hash = ij.at("schema_hash").get<int32_t>();
      for (const auto& tid : ij.at("tablets")) idx.tablets.push_back(fe_backup::TabletInfo{tid.get<int64_t>(), {}});
      p.indexes.push_back(std::move(idx));
    }
    t.partitions.push_back(std::move(p));
  }
  return t;
}

}  // namespace

std::string BackupMeta::ToJson() const {
  Json tables_json = Json::array();
  for (const auto& t : tables) tables_json.push_back(TableToJson(t));
  Json j{{"format", kFormat}, {"version", kVersion}, {"database", database}, {"tables", tables_json}};
  return DumpJson(j);
}

Result<BackupMeta> BackupMeta::FromJson(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("meta file: not a JSON object");
  try {
    if (j.at("format").get<std::string>() != kFormat) {
      return Status::Corruption("meta file: format is '" + j.at("format").get<std::string>() + "', expected '" +
                                std::string(kFormat) + "'");
    }
    int version = j.at("version").get<int>();
    if (version != kVersion) {
      return Status::NotSupported("meta file: version " + std::to_string(version) + " is not supported (this build reads " +
                                  std::to_string(kVersion) + ")");
    }
    BackupMeta meta;
    meta.database = j.at("database").get<std::string>();
    for (const auto& t : j.at("tables")) meta.tables.push_back(TableFromJson(t));
    return meta;
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("meta file: ") + e.what());
  }
}

std::string TableInfoToJsonText(const fe_backup::TableInfo& table) { return DumpJson(TableToJson(table)); }

Result<fe_backup::TableInfo> TableInfoFromJsonText(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption("table record: not JSON");
  try {
    return TableFromJson(j);
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("table record: ") + e.what());
  }
}

}  // namespace feb::plugin
