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

Json ViewToJson(const fe_backup::ViewDefinition& v) {
  Json cols = Json::array();
  for (const auto& c : v.columns) cols.push_back(Json{{"name", c.name}, {"comment", c.comment}});
  return Json{{"id", v.id}, {"name", v.name}, {"columns", cols}, {"comment", v.comment}, {"select", v.select_text}};
}

Result<fe_backup::ViewDefinition> ViewFromJson(const Json& j) {
  fe_backup::ViewDefinition v;
  ASSIGN_OR_RETURN(v.id, json::GetInt(j, "id", 0, json::kInt64Max));
  ASSIGN_OR_RETURN(v.name, json::GetString(j, "name"));
  if (v.name.empty()) return Status::Corruption("key 'name': a view needs a name");
  RETURN_IF_ERROR(ForEach(j, "columns", [&](const Json& c) -> Status {
    fe_backup::ViewColumn col;
    ASSIGN_OR_RETURN(col.name, json::GetString(c, "name"));
    ASSIGN_OR_RETURN(col.comment, json::GetString(c, "comment"));
    v.columns.push_back(std::move(col));
    return Status::OK();
  }));
  ASSIGN_OR_RETURN(v.comment, json::GetString(j, "comment"));
  ASSIGN_OR_RETURN(v.select_text, json::GetString(j, "select"));
  if (v.select_text.empty()) return Status::Corruption("key 'select': view " + v.name + " has no query");
  return v;
}

const char* FunctionKindKey(fe_backup::FunctionKind k) {
  switch (k) {
    case fe_backup::FunctionKind::kScalar: return "SCALAR";
    case fe_backup::FunctionKind::kAggregate: return "AGGREGATE";
    case fe_backup::FunctionKind::kTable: return "TABLE";
  }
  return "SCALAR";
}

Json FunctionToJson(const fe_backup::FunctionDefinition& f) {
  return Json{{"name", f.name},          {"arg_types", f.arg_types},
              {"variadic", f.variadic},  {"return_type", f.return_type},
              {"kind", FunctionKindKey(f.kind)}, {"intermediate_type", f.intermediate_type},
              {"properties", f.properties}};
}

Result<fe_backup::FunctionDefinition> FunctionFromJson(const Json& j) {
  fe_backup::FunctionDefinition f;
  ASSIGN_OR_RETURN(f.name, json::GetString(j, "name"));
  if (f.name.empty()) return Status::Corruption("key 'name': a function needs a name");
  ASSIGN_OR_RETURN(f.arg_types, json::GetStringArray(j, "arg_types"));
  ASSIGN_OR_RETURN(f.variadic, json::GetBool(j, "variadic"));
  ASSIGN_OR_RETURN(f.return_type, json::GetString(j, "return_type"));
  ASSIGN_OR_RETURN(std::string kind, json::GetString(j, "kind"));
  bool known = false;
  for (auto k : {fe_backup::FunctionKind::kScalar, fe_backup::FunctionKind::kAggregate, fe_backup::FunctionKind::kTable}) {
    if (kind == FunctionKindKey(k)) {
      f.kind = k;
      known = true;
    }
  }
  if (!known) return Status::Corruption("key 'kind': '" + kind + "' is not SCALAR, AGGREGATE or TABLE");
  ASSIGN_OR_RETURN(f.intermediate_type, json::GetString(j, "intermediate_type"));
  ASSIGN_OR_RETURN(f.properties, json::GetStringMap(j, "properties"));
  return f;
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
  if (j.contains("views")) {
    RETURN_IF_ERROR(ForEach(j, "views", [&](const Json& v) -> Status {
      ASSIGN_OR_RETURN(fe_backup::ViewDefinition view, ViewFromJson(v));
      meta.views.push_back(std::move(view));
      return Status::OK();
    }));
  }
  if (j.contains("functions")) {
    RETURN_IF_ERROR(ForEach(j, "functions", [&](const Json& f) -> Status {
      ASSIGN_OR_RETURN(fe_backup::FunctionDefinition fn, FunctionFromJson(f));
      meta.functions.push_back(std::move(fn));
      return Status::OK();
    }));
  }
  return meta;
}

}  // namespace

std::string BackupMeta::ToJson() const {
  Json tables_json = Json::array();
  for (const auto& t : tables) tables_json.push_back(TableToJson(t));
  Json views_json = Json::array();
  for (const auto& v : views) views_json.push_back(ViewToJson(v));
  Json functions_json = Json::array();
  for (const auto& f : functions) functions_json.push_back(FunctionToJson(f));
  Json j{{"format", kFormat}, {"version", kVersion}, {"database", database}, {"tables", tables_json},
         {"views", views_json}, {"functions", functions_json}};
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

std::string ViewToJsonText(const fe_backup::ViewDefinition& view) { return DumpJson(ViewToJson(view)); }

Result<fe_backup::ViewDefinition> ViewFromJsonText(std::string_view text) {
  Result<Json> j = json::ParseObject<Json>(text);
  Result<fe_backup::ViewDefinition> v = j.ok() ? ViewFromJson(*j) : Result<fe_backup::ViewDefinition>(j.status());
  if (!v.ok()) return v.status().WithContext("view record");
  return v;
}

std::string FunctionToJsonText(const fe_backup::FunctionDefinition& fn) { return DumpJson(FunctionToJson(fn)); }

Result<fe_backup::FunctionDefinition> FunctionFromJsonText(std::string_view text) {
  Result<Json> j = json::ParseObject<Json>(text);
  Result<fe_backup::FunctionDefinition> f =
      j.ok() ? FunctionFromJson(*j) : Result<fe_backup::FunctionDefinition>(j.status());
  if (!f.ok()) return f.status().WithContext("function record");
  return f;
}

namespace {

// Parses "[...]" and runs `parse` on every element.
template <typename T, typename F>
Result<std::vector<T>> ParseArray(std::string_view text, std::string_view what, F&& parse) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) return Status::Corruption(std::string(what) + ": expected a JSON array");
  std::vector<T> out;
  for (size_t i = 0; i < j.size(); ++i) {
    Result<T> v = parse(j[i]);
    if (!v.ok()) return v.status().WithContext(std::string(what) + " element " + std::to_string(i));
    out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace

std::string ViewsToJsonText(const std::vector<fe_backup::ViewDefinition>& views) {
  Json a = Json::array();
  for (const auto& v : views) a.push_back(ViewToJson(v));
  return DumpJson(a);
}

Result<std::vector<fe_backup::ViewDefinition>> ViewsFromJsonText(std::string_view text) {
  return ParseArray<fe_backup::ViewDefinition>(text, "views", [](const Json& j) { return ViewFromJson(j); });
}

std::string FunctionsToJsonText(const std::vector<fe_backup::FunctionDefinition>& functions) {
  Json a = Json::array();
  for (const auto& f : functions) a.push_back(FunctionToJson(f));
  return DumpJson(a);
}

Result<std::vector<fe_backup::FunctionDefinition>> FunctionsFromJsonText(std::string_view text) {
  return ParseArray<fe_backup::FunctionDefinition>(text, "functions",
                                                   [](const Json& j) { return FunctionFromJson(j); });
}

}  // namespace feb::plugin
