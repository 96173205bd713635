#include "backend/storage/tablet_meta.h"

#include <nlohmann/json.hpp>

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
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("tablet header " + what + " is not JSON");
  try {
    TabletMeta m;
    m.tablet_id = j.at("tablet_id").get<int64_t>();
    m.schema_hash = j.at("schema_hash").get<int32_t>();
    m.table_id = j.value("table_id", int64_t{0});
    m.partition_id = j.value("partition_id", int64_t{0});
    m.keys_type = j.value("keys_type", std::string("DUP_KEYS"));
    for (const auto& c : j.at("columns")) {
      m.columns.push_back(ColumnDesc{c.at("name").get<std::string>(), c.at("type").get<std::string>(),
                                     c.value("is_key", false), c.value("nullable", true)});
    }
    int64_t prev = 0;
    for (const auto& v : j.at("versions")) {
      VersionEntry e{v.at("version").get<int64_t>(), v.value("file", std::string()), v.value("rows", int64_t{0}),
                     v.value("bytes", int64_t{0}), v.value("md5", std::string()), v.value("crc32c", uint32_t{0})};
      if (!e.md5.empty() && !storage::IsMd5Hex(e.md5)) {
        return Status::Corruption("tablet header " + what + " has a bad md5 '" + e.md5 + "' for rowset file '" +
                                  e.file + "'");
      }
      if (prev != 0 && e.version != prev + 1) {
        return Status::Corruption("tablet header " + what + " has non-contiguous versions");
      }
      if (e.file.find('/') != std::string::npos || e.file == "." || e.file == "..") {
        return Status::Corruption("tablet header " + what + " names a bad rowset file '" + e.file + "'");
      }
      prev = e.version;
      m.versions.push_back(std::move(e));
    }
    return m;
  } catch (const std::exception& e) {
    return Status::Corruption("tablet header " + what + ": " + e.what());
  }
}

}  // namespace feb::be
