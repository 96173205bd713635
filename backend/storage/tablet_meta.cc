#include "backend/storage/tablet_meta.h"

#include <nlohmann/json.hpp>

#include "common/json/json_reader.h"
#include "common/storage/uri.h"

namespace feb::be {

int64_t TabletMeta::RowCount(int64_t up_to_version) const {
  int64_t n = 0;
  for (const VersionEntry& v : versions) {
    if (v.version <= up_to_version) n += v.rows;
  }
  return n;
}

TabletMeta TabletMeta::UpTo(int64_t version) const {
  TabletMeta copy = *this;
  copy.versions.clear();
  for (const VersionEntry& v : versions) {
    if (v.version <= version) copy.versions.push_back(v);
  }
  return copy;
}

std::string TabletMeta::ToJson() const {
  nlohmann::json j;
  j["format"] = 1;
  j["tablet_id"] = tablet_id;
  j["schema_hash"] = schema_hash;
  j["table_id"] = table_id;
  j["partition_id"] = partition_id;
  j["keys_type"] = keys_type;
  j["columns"] = nlohmann::json::array();
  for (const ColumnDesc& c : columns) {
    j["columns"].push_back({{"name", c.name}, {"type", c.type}, {"is_key", c.is_key}, {"nullable", c.nullable}});
  }
  j["versions"] = nlohmann::json::array();
  for (const VersionEntry& v : versions) {
    nlohmann::json e{{"version", v.version}, {"file", v.file}, {"rows", v.rows}, {"bytes", v.bytes}};
    if (!v.md5.empty()) {
      e["md5"] = v.md5;
      e["crc32c"] = v.crc32c;
    }
    j["versions"].push_back(std::move(e));
  }
  return j.dump(1) + "\n";
}

Result<TabletMeta> TabletMeta::FromJson(const std::string& text, const std::string& what) {
  // Headers are read back from disk and from repositories (a RESTORE's MOVE): every value is
  // checked for its type and range (json_reader.h), never converted blindly.
  auto parsed = [&]() -> Result<TabletMeta> {
    ASSIGN_OR_RETURN(nlohmann::json j, json::ParseObject<nlohmann::json>(text));
    TabletMeta m;
    ASSIGN_OR_RETURN(m.tablet_id, json::GetInt(j, "tablet_id"));
    ASSIGN_OR_RETURN(m.schema_hash, json::GetInt32(j, "schema_hash"));
    ASSIGN_OR_RETURN(m.table_id, json::GetOptionalInt(j, "table_id", 0));
    ASSIGN_OR_RETURN(m.partition_id, json::GetOptionalInt(j, "partition_id", 0));
    ASSIGN_OR_RETURN(m.keys_type, json::GetOptionalString(j, "keys_type", "DUP_KEYS"));
    ASSIGN_OR_RETURN(const nlohmann::json* columns, json::GetArray(j, "columns"));
    for (const auto& c : *columns) {
      if (!c.is_object()) return Status::Corruption("a column is not an object");
      ColumnDesc col;
      ASSIGN_OR_RETURN(col.name, json::GetString(c, "name"));
      ASSIGN_OR_RETURN(col.type, json::GetString(c, "type"));
      ASSIGN_OR_RETURN(col.is_key, json::GetOptionalBool(c, "is_key", false));
      ASSIGN_OR_RETURN(col.nullable, json::GetOptionalBool(c, "nullable", true));
      m.columns.push_back(std::move(col));
    }
    ASSIGN_OR_RETURN(const nlohmann::json* versions, json::GetArray(j, "versions"));
    int64_t prev = 0;
    for (const auto& v : *versions) {
      if (!v.is_object()) return Status::Corruption("a version is not an object");
      VersionEntry e;
      ASSIGN_OR_RETURN(e.version, json::GetInt(v, "version"));
      ASSIGN_OR_RETURN(e.file, json::GetOptionalString(v, "file", ""));
      ASSIGN_OR_RETURN(e.rows, json::GetOptionalInt(v, "rows", 0));
      ASSIGN_OR_RETURN(e.bytes, json::GetOptionalInt(v, "bytes", 0));
      ASSIGN_OR_RETURN(e.md5, json::GetOptionalString(v, "md5", ""));
      ASSIGN_OR_RETURN(int64_t crc, json::GetOptionalInt(v, "crc32c", 0, 0, 0xFFFFFFFFLL));
      e.crc32c = static_cast<uint32_t>(crc);
      if (prev != 0 && e.version != prev + 1) return Status::Corruption("non-contiguous versions");
      if (e.file.find('/') != std::string::npos || e.file == "." || e.file == "..") {
        return Status::Corruption("a bad rowset file '" + e.file + "'");
      }
      if (!e.md5.empty() && !storage::IsMd5Hex(e.md5)) {
        return Status::Corruption("a bad md5 '" + e.md5 + "' for rowset file '" + e.file + "'");
      }
      prev = e.version;
      m.versions.push_back(std::move(e));
    }
    return m;
  }();
  if (!parsed.ok()) return Status::Corruption("tablet header " + what + ": " + parsed.status().message());
  return parsed;
}

}  // namespace feb::be
