#include "plugin/src/repository/backup_job_info.h"

#include <set>

#include <nlohmann/json.hpp>

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
  return Json{{"id", idx.id}, {"schema_hash", idx.schema_hash}, {"tablets", tablets}, {"tablets_order", order}};
}

Json PartitionToJson(const BackupJobInfo::Partition& p) {
  Json indexes = Json::object();
  for (const auto& idx : p.indexes) indexes[idx.name] = IndexToJson(idx);
  return Json{{"id", p.id}, {"version", p.version}, {"version_hash", 0}, {"indexes", indexes},
              {"subPartitions", Json::object()}};
}

template <typename T>
Status Get(const Json& j, const char* key, T* out, std::string_view where) {
  auto it = j.find(key);
  if (it == j.end()) {
    return Status::Corruption("job info: missing key '" + std::string(key) + "' in " + std::string(where));
  }
  try {
    *out = it->template get<T>();
  } catch (const Json::exception& e) {
    return Status::Corruption("job info: key '" + std::string(key) + "' in " + std::string(where) +
                              " has the wrong type: " + e.what());
  }
  return Status::OK();
}

Result<int64_t> ParseId(const std::string& text, std::string_view where) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used == text.size()) return static_cast<int64_t>(v);
  } catch (const std::exception&) {
  }
  return Status::Corruption("job info: '" + text + "' is not a tablet id in " + std::string(where));
}

Result<BackupJobInfo::Index> ParseIndex(const std::string& name, const Json& j) {
  BackupJobInfo::Index idx;
  idx.name = name;
  std::string where = "index " + name;
  if (!j.is_object()) return Status::Corruption("job info: " + where + " is not an object");
  RETURN_IF_ERROR(Get(j, "id", &idx.id, where));
  RETURN_IF_ERROR(Get(j, "schema_hash", &idx.schema_hash, where));
  auto tablets = j.find("tablets");
  if (tablets == j.end() || !tablets->is_object()) {
    return Status::Corruption("job info: missing object 'tablets' in " + where);
  }
  std::vector<std::string> order;
  auto order_it = j.find("tablets_order");
  if (order_it != j.end() && order_it->is_array()) {
    for (const auto& o : *order_it) {
      if (!o.is_string()) return Status::Corruption("job info: tablets_order of " + where + " holds a non-string");
      order.push_back(o.get<std::string>());
    }
  } else {
    for (auto it = tablets->begin(); it != tablets->end(); ++it) order.push_back(it.key());
  }
  if (order.size() != tablets->size()) {
    return Status::Corruption("job info: tablets_order of " + where + " does not list every tablet");
  }
  std::set<int64_t> seen;
  for (const auto& id_text : order) {
    auto t = tablets->find(id_text);
    if (t == tablets->end()) return Status::Corruption("job info: tablet " + id_text + " of " + where + " is missing");
    BackupJobInfo::Tablet tablet;
    ASSIGN_OR_RETURN(tablet.id, ParseId(id_text, where));
    if (!seen.insert(tablet.id).second) {
      return Status::Corruption("job info: tablet " + id_text + " of " + where + " is listed twice");
    }
    if (!t->is_array()) return Status::Corruption("job info: files of tablet " + id_text + " are not a list");
    for (const auto& f : *t) {
      if (!f.is_string()) return Status::Corruption("job info: a file name of tablet " + id_text + " is not a string");
      tablet.files.push_back(f.get<std::string>());
    }
    idx.tablets.push_back(std::move(tablet));
  }
  return idx;
}

}  // namespace

std::string BackupJobInfo::ToJson() const {
  Json objects = Json::object();
  for (const auto& t : tables) {
    Json parts = Json::object();
    for (const auto& p : t.partitions) parts[p.name] = PartitionToJson(p);
    objects[t.name] = Json{{"id", t.id}, {"partitions", parts}};
  }
  Json j{{"name", name},
         {"database", database},
         {"id", db_id},
         {"backup_time", backup_time},
         {"meta_version", meta_version},
         {"starrocks_meta_version", starrocks_meta_version},
         {"backup_result", success ? "succeed" : "failed"},
         {"backup_objects", objects}};
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
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("job info: not a JSON object");
  BackupJobInfo info;
  RETURN_IF_ERROR(Get(j, "name", &info.name, "job info"));
  RETURN_IF_ERROR(Get(j, "database", &info.database, "job info"));
  RETURN_IF_ERROR(Get(j, "id", &info.db_id, "job info"));
  RETURN_IF_ERROR(Get(j, "backup_time", &info.backup_time, "job info"));
  if (j.contains("meta_version")) RETURN_IF_ERROR(Get(j, "meta_version", &info.meta_version, "job info"));
  if (j.contains("starrocks_meta_version")) {
    RETURN_IF_ERROR(Get(j, "starrocks_meta_version", &info.starrocks_meta_version, "job info"));
  }
  std::string result;
  RETURN_IF_ERROR(Get(j, "backup_result", &result, "job info"));
  info.success = result == "succeed";
  auto objects = j.find("backup_objects");
  if (objects == j.end() || !objects->is_object()) return Status::Corruption("job info: missing 'backup_objects'");
  for (auto t = objects->begin(); t != objects->end(); ++t) {
    Table table;
    table.name = t.key();
    std::string where = "table " + table.name;
    if (!t->is_object()) return Status::Corruption("job info: " + where + " is not an object");
    RETURN_IF_ERROR(Get(*t, "id", &table.id, where));
    auto parts = t->find("partitions");
    if (parts == t->end() || !parts->is_object()) return Status::Corruption("job info: missing partitions of " + where);
    for (auto p = parts->begin(); p != parts->end(); ++p) {
      Partition part;
      part.name = p.key();
      std::string pwhere = "partition " + part.name + " of " + where;
      if (!p->is_object()) return Status::Corruption("job info: " + pwhere + " is not an object");
      RETURN_IF_ERROR(Get(*p, "id", &part.id, pwhere));
      RETURN_IF_ERROR(Get(*p, "version", &part.version, pwhere));
      auto indexes = p->find("indexes");
      if (indexes == p->end() || !indexes->is_object()) {
        return Status::Corruption("job info: missing indexes of " + pwhere);
      }
      for (auto i = indexes->begin(); i != indexes->end(); ++i) {
        ASSIGN_OR_RETURN(Index idx, ParseIndex(i.key(), *i));
        part.indexes.push_back(std::move(idx));
      }
      table.partitions.push_back(std::move(part));
    }
    info.tables.push_back(std::move(table));
  }
  return info;
}

}  // namespace feb::plugin
