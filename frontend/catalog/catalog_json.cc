#include "frontend/catalog/catalog_json.h"

namespace feb::frontend {

using nlohmann::json;

namespace {

json ReplicaToJson(const fe_backup::ReplicaInfo& r) {
  return json{{"id", r.id}, {"backend_id", r.backend_id}, {"version", r.version},
              {"last_failed_version", r.last_failed_version}, {"bad", r.bad}, {"schema_hash", r.schema_hash}};
}

json IndexToJson(const fe_backup::IndexInfo& i) {
  json tablets = json::array();
  for (const auto& t : i.tablets) {
    json reps = json::array();
    for (const auto& r : t.replicas) reps.push_back(ReplicaToJson(r));
    tablets.push_back(json{{"id", t.id}, {"replicas", reps}});
  }
  return json{{"id", i.id}, {"name", i.name}, {"schema_hash", i.schema_hash}, {"tablets", tablets}};
}

// Decoding with exceptions confined to this file.
template <typename T, typename F>
Result<T> Guard(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("bad catalog record: ") + e.what());
  }
}

fe_backup::PartitionInfo PartitionFrom(const json& j) {
  fe_backup::PartitionInfo p;
  p.id = j.at("id").get<int64_t>();
  p.name = j.at("name").get<std::string>();
  p.visible_version = j.at("visible_version").get<int64_t>();
  for (const auto& ij : j.at("indexes")) {
    fe_backup::IndexInfo idx;
    idx.id = ij.at("id").get<int64_t>();
    idx.name = ij.at("name").get<std::string>();
    idx.schema_hash = ij.at("schema_hash").get<int32_t>();
    for (const auto& tj : ij.at("tablets")) {
      fe_backup::TabletInfo t;
      t.id = tj.at("id").get<int64_t>();
      for (const auto& rj : tj.at("replicas")) {
        fe_backup::ReplicaInfo r;
        r.id = rj.at("id").get<int64_t>();
        r.backend_id = rj.at("backend_id").get<int64_t>();
        r.version = rj.at("version").get<int64_t>();
        r.last_failed_version = rj.at("last_failed_version").get<int64_t>();
        r.bad = rj.at("bad").get<bool>();
        r.schema_hash = rj.at("schema_hash").get<int32_t>();
        t.replicas.push_back(r);
      }
      idx.tablets.push_back(std::move(t));
    }
    p.indexes.push_back(std::move(idx));
  }
  return p;
}

fe_backup::TableDefinition DefinitionFrom(const json& j) {
  fe_backup::TableDefinition d;
  d.name = j.at("name").get<std::string>();
  for (const auto& cj : j.at("columns")) {
    fe_backup::ColumnDefinition c;
    c.name = cj.at("name").get<std::string>();
    c.type = cj.at("type").get<std::string>();
    c.nullable = cj.at("nullable").get<bool>();
    c.is_key = cj.at("is_key").get<bool>();
    c.aggregation = cj.at("aggregation").get<std::string>();
    if (cj.contains("default") && !cj.at("default").is_null()) c.default_value = cj.at("default").get<std::string>();
    c.comment = cj.at("comment").get<std::string>();
    d.columns.push_back(std::move(c));
  }
  d.keys_type = j.at("keys_type").get<std::string>();
  d.key_columns = j.at("key_columns").get<std::vector<std::string>>();
  d.partition_columns = j.at("partition_columns").get<std::vector<std::string>>();
  for (const auto& pj : j.at("partitions")) {
    d.partitions.push_back({pj.at("name").get<std::string>(), pj.at("upper_bound").get<std::vector<std::string>>()});
  }
  d.distribution_columns = j.at("distribution_columns").get<std::vector<std::string>>();
  d.buckets = j.at("buckets").get<int32_t>();
  d.properties = j.at("properties").get<std::map<std::string, std::string>>();
  return d;
}

}  // namespace

json PartitionToJson(const fe_backup::PartitionInfo& p) {
  json idx = json::array();
  for (const auto& i : p.indexes) idx.push_back(IndexToJson(i));
  return json{{"id", p.id}, {"name", p.name}, {"visible_version", p.visible_version}, {"indexes", idx}};
}

json DefinitionToJson(const fe_backup::TableDefinition& d) {
  json cols = json::array();
  for (const auto& c : d.columns) {
    cols.push_back(json{{"name", c.name}, {"type", c.type}, {"nullable", c.nullable}, {"is_key", c.is_key},
                        {"aggregation", c.aggregation},
                        {"default", c.default_value ? json(*c.default_value) : json(nullptr)},
                        {"comment", c.comment}});
  }
  json parts = json::array();
  for (const auto& p : d.partitions) parts.push_back(json{{"name", p.name}, {"upper_bound", p.upper_bound}});
  return json{{"name", d.name}, {"columns", cols}, {"keys_type", d.keys_type}, {"key_columns", d.key_columns},
              {"partition_columns", d.partition_columns}, {"partitions", parts},
              {"distribution_columns", d.distribution_columns}, {"buckets", d.buckets},
              {"properties", d.properties}};
}

json TableToJson(const fe_backup::TableInfo& t) {
  json parts = json::array();
  for (const auto& p : t.partitions) parts.push_back(PartitionToJson(p));
  return json{{"id", t.id}, {"name", t.name}, {"kind", static_cast<int>(t.kind)},
              {"has_temp_partitions", t.has_temp_partitions}, {"partitions", parts},
              {"definition", DefinitionToJson(t.definition)}};
}

Result<fe_backup::PartitionInfo> PartitionFromJson(const json& j) {
  return Guard<fe_backup::PartitionInfo>([&] { return PartitionFrom(j); });
}

Result<fe_backup::TableDefinition> DefinitionFromJson(const json& j) {
  return Guard<fe_backup::TableDefinition>([&] { return DefinitionFrom(j); });
}

Result<fe_backup::TableInfo> TableFromJson(const json& j) {
  return Guard<fe_backup::TableInfo>([&] {
    fe_backup::TableInfo t;
    t.id = j.at("id").get<int64_t>();
    t.name = j.at("name").get<std::string>();
    t.kind = static_cast<fe_backup::TableKind>(j.at("kind").get<int>());
    t.has_temp_partitions = j.at("has_temp_partitions").get<bool>();
    for (const auto& pj : j.at("partitions")) t.partitions.push_back(PartitionFrom(pj));
    t.definition = DefinitionFrom(j.at("definition"));
    return t;
  });
}

json StagedRestoreToJson(const StagedRestore& s) {
  json added = json::array();
  for (const auto& r : s.added_ranges) added.push_back(json{{"name", r.name}, {"upper_bound", r.upper_bound}});
  return json{{"stage_id", s.stage.stage_id}, {"job_id", s.stage.job_id}, {"db_id", s.stage.db_id},
              {"new_table", s.stage.new_table}, {"committed", s.stage.committed},
              {"table", TableToJson(s.stage.table)}, {"added_ranges", added}, {"order", s.order}};
}

Result<StagedRestore> StagedRestoreFromJson(const json& j) {
  return Guard<StagedRestore>([&] {
    StagedRestore s;
    s.stage.stage_id = j.at("stage_id").get<int64_t>();
    s.stage.job_id = j.at("job_id").get<int64_t>();
    s.stage.db_id = j.at("db_id").get<int64_t>();
    s.stage.new_table = j.at("new_table").get<bool>();
    s.stage.committed = j.at("committed").get<bool>();
    const json& t = j.at("table");
    s.stage.table.id = t.at("id").get<int64_t>();
    s.stage.table.name = t.at("name").get<std::string>();
    s.stage.table.kind = static_cast<fe_backup::TableKind>(t.at("kind").get<int>());
    s.stage.table.has_temp_partitions = t.at("has_temp_partitions").get<bool>();
    for (const auto& pj : t.at("partitions")) s.stage.table.partitions.push_back(PartitionFrom(pj));
    s.stage.table.definition = DefinitionFrom(t.at("definition"));
    for (const auto& rj : j.at("added_ranges")) {
      s.added_ranges.push_back({rj.at("name").get<std::string>(), rj.at("upper_bound").get<std::vector<std::string>>()});
    }
    s.order = j.at("order").get<std::vector<std::string>>();
    return s;
  });
}

json ViewToJson(const fe_backup::ViewDefinition& v) {
  json cols = json::array();
  for (const auto& c : v.columns) cols.push_back(json{{"name", c.name}, {"comment", c.comment}});
  return json{{"id", v.id}, {"name", v.name}, {"columns", cols}, {"comment", v.comment}, {"select", v.select_text}};
}

Result<fe_backup::ViewDefinition> ViewFromJson(const json& j) {
  return Guard<fe_backup::ViewDefinition>([&] {
    fe_backup::ViewDefinition v;
    v.id = j.at("id").get<int64_t>();
    v.name = j.at("name").get<std::string>();
    for (const auto& c : j.at("columns")) {
      v.columns.push_back({c.at("name").get<std::string>(), c.at("comment").get<std::string>()});
    }
    v.comment = j.at("comment").get<std::string>();
    v.select_text = j.at("select").get<std::string>();
    return v;
  });
}

json FunctionToJson(const fe_backup::FunctionDefinition& f) {
  return json{{"name", f.name}, {"args", f.arg_types}, {"variadic", f.variadic}, {"returns", f.return_type},
              {"kind", static_cast<int>(f.kind)}, {"intermediate", f.intermediate_type},
              {"properties", f.properties}};
}

Result<fe_backup::FunctionDefinition> FunctionFromJson(const json& j) {
  return Guard<fe_backup::FunctionDefinition>([&] {
    fe_backup::FunctionDefinition f;
    f.name = j.at("name").get<std::string>();
    f.arg_types = j.at("args").get<std::vector<std::string>>();
    f.variadic = j.at("variadic").get<bool>();
    f.return_type = j.at("returns").get<std::string>();
    int kind = j.at("kind").get<int>();
    if (kind < 0 || kind > static_cast<int>(fe_backup::FunctionKind::kTable)) {
      throw std::out_of_range("function kind " + std::to_string(kind));
    }
    f.kind = static_cast<fe_backup::FunctionKind>(kind);
    f.intermediate_type = j.at("intermediate").get<std::string>();
    f.properties = j.at("properties").get<std::map<std::string, std::string>>();
    return f;
  });
}

Result<json> ParseJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption("bad JSON record");
  return j;
}

}  // namespace feb::frontend
