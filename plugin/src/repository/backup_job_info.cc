#include "plugin/src/repository/backup_job_info.h"

#include <set>

#include <nlohmann/json.hpp>

#include "common/json/json_reader.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

// Sorted-key JSON: a partition may hold many thousands of tablets, and ordered_json's linear
// key lookup would make writing them quadratic. Tablet order is kept in "tablets_order".
using Json = nlohmann::json;

namespace {

Json IndexToJson(const BackupJobInfo::Index& idx) {
  Json tablets = Json::object();
  Json order = Json::array();
  for (const auto& t : idx.tablets) {
    tablets[std::to_string(t.id)] = t.files;
    order.push_back(std::to_string(t.id));
  }
  // Built by assignment and moves: an initializer list would copy a million tablets at each
  // level of nesting.
  Json j = Json::object();
  j["id"] = idx.id;
  j["schema_hash"] = idx.schema_hash;
  j["tablets"] = std::move(tablets);
  j["tablets_order"] = std::move(order);
  return j;
}

Json PartitionToJson(const BackupJobInfo::Partition& p) {
  Json indexes = Json::object();
  for (const auto& idx : p.indexes) indexes[idx.name] = IndexToJson(idx);
  Json j = Json::object();
  j["id"] = p.id;
  j["version"] = p.version;
  j["version_hash"] = 0;
  j["indexes"] = std::move(indexes);
  j["subPartitions"] = Json::object();
  return j;
}

// Ranges of what the readers accept. Ids are non-negative, except the database id, which is
// -1 for a snapshot of an external catalog.
constexpr int64_t kMaxId = json::kInt64Max;

Result<int64_t> ParseId(const std::string& text, std::string_view where) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used == text.size() && v >= 0) return static_cast<int64_t>(v);
  } catch (const std::exception&) {
  }
  return Status::Corruption("'" + text + "' is not a tablet id in " + std::string(where));
}

Result<BackupJobInfo::Index> ParseIndex(const std::string& name, const Json& j) {
  BackupJobInfo::Index idx;
  idx.name = name;
  std::string where = "index " + name;
  ASSIGN_OR_RETURN(idx.id, json::GetInt(j, "id", 0, kMaxId));
  ASSIGN_OR_RETURN(idx.schema_hash, json::GetInt32(j, "schema_hash"));
  ASSIGN_OR_RETURN(const Json* tablets, json::GetObject(j, "tablets"));
  std::vector<std::string> order;
  if (j.contains("tablets_order")) {
    ASSIGN_OR_RETURN(order, json::GetStringArray(j, "tablets_order"));
  } else {
    for (auto it = tablets->begin(); it != tablets->end(); ++it) order.push_back(it.key());
  }
  if (order.size() != tablets->size()) {
    return Status::Corruption("tablets_order of " + where + " does not list every tablet");
  }
  std::set<int64_t> seen;
  for (const auto& id_text : order) {
    auto t = tablets->find(id_text);
    if (t == tablets->end()) return Status::Corruption("tablet " + id_text + " of " + where + " is missing");
    BackupJobInfo::Tablet tablet;
    ASSIGN_OR_RETURN(tablet.id, ParseId(id_text, where));
    if (!seen.insert(tablet.id).second) {
      return Status::Corruption("tablet " + id_text + " of " + where + " is listed twice");
    }
    ASSIGN_OR_RETURN(tablet.files, json::GetStringArray(*tablets, id_text));
    idx.tablets.push_back(std::move(tablet));
  }
  return idx;
}

Result<BackupJobInfo::Partition> ParsePartition(const std::string& name, const Json& p) {
  BackupJobInfo::Partition part;
  part.name = name;
  ASSIGN_OR_RETURN(part.id, json::GetInt(p, "id", 0, kMaxId));
  ASSIGN_OR_RETURN(part.version, json::GetInt(p, "version", 0, json::kInt64Max));
  ASSIGN_OR_RETURN(const Json* indexes, json::GetObject(p, "indexes"));
  for (auto i = indexes->begin(); i != indexes->end(); ++i) {
    Result<BackupJobInfo::Index> idx = ParseIndex(i.key(), *i);
    if (!idx.ok()) return idx.status().WithContext("index " + i.key());
    part.indexes.push_back(std::move(*idx));
  }
  return part;
}

Result<BackupJobInfo::Table> ParseTable(const std::string& name, const Json& t) {
  BackupJobInfo::Table table;
  table.name = name;
  ASSIGN_OR_RETURN(table.id, json::GetInt(t, "id", 0, kMaxId));
  ASSIGN_OR_RETURN(const Json* parts, json::GetObject(t, "partitions"));
  for (auto p = parts->begin(); p != parts->end(); ++p) {
    Result<BackupJobInfo::Partition> part = ParsePartition(p.key(), *p);
    if (!part.ok()) return part.status().WithContext("partition " + p.key());
    table.partitions.push_back(std::move(*part));
  }
  return table;
}

Result<BackupJobInfo> ParseInfo(const Json& j) {
  BackupJobInfo info;
  ASSIGN_OR_RETURN(info.name, json::GetString(j, "name"));
  ASSIGN_OR_RETURN(info.database, json::GetString(j, "database"));
  ASSIGN_OR_RETURN(info.db_id, json::GetInt(j, "id", -1, kMaxId));
  ASSIGN_OR_RETURN(info.backup_time, json::GetInt(j, "backup_time", 0, json::kInt64Max));
  ASSIGN_OR_RETURN(info.meta_version,
                   json::GetOptionalInt(j, "meta_version", BackupJobInfo::kMetaVersion, 0, json::kInt32Max));
  ASSIGN_OR_RETURN(info.starrocks_meta_version,
                   json::GetOptionalInt(j, "starrocks_meta_version", BackupJobInfo::kStarRocksMetaVersion, 0,
                                        json::kInt32Max));
  ASSIGN_OR_RETURN(std::string result, json::GetString(j, "backup_result"));
  info.success = result == "succeed";
  ASSIGN_OR_RETURN(const Json* objects, json::GetObject(j, "backup_objects"));
  for (auto t = objects->begin(); t != objects->end(); ++t) {
    Result<BackupJobInfo::Table> table = ParseTable(t.key(), *t);
    if (!table.ok()) return table.status().WithContext("table " + t.key());
    info.tables.push_back(std::move(*table));
  }
  return info;
}

}  // namespace

std::string BackupJobInfo::ToJson() const {
  Json objects = Json::object();
  for (const auto& t : tables) {
    Json parts = Json::object();
    for (const auto& p : t.partitions) parts[p.name] = PartitionToJson(p);
    Json table = Json::object();
    table["id"] = t.id;
    table["partitions"] = std::move(parts);
    objects[t.name] = std::move(table);
  }
  Json j{{"name", name},
         {"database", database},
         {"id", db_id},
         {"backup_time", backup_time},
         {"meta_version", meta_version},
         {"starrocks_meta_version", starrocks_meta_version},
         {"backup_result", success ? "succeed" : "failed"}};
  j["backup_objects"] = std::move(objects);
  return DumpJson(j);
}

std::string BackupJobInfo::ToBriefJson() const {
  Json objects = Json::object();
  for (const auto& t : tables) {
    Json parts = Json::object();
    for (const auto& p : t.partitions) parts[p.name] = Json{{"version", p.version}};
    objects[t.name] = Json{{"partitions", parts}};
  }
  Json j{{"name", name},
         {"database", database},
         {"backup_time", backup_time},
         {"backup_result", success ? "succeed" : "failed"},
         {"backup_objects", objects}};
  return DumpJson(j, 1);
}

Result<BackupJobInfo> BackupJobInfo::FromJson(std::string_view text) {
  Result<Json> j = json::ParseObject<Json>(text);
  Result<BackupJobInfo> info = j.ok() ? ParseInfo(*j) : Result<BackupJobInfo>(j.status());
  if (!info.ok()) return info.status().WithContext("job info");
  return info;
}

}  // namespace feb::plugin
