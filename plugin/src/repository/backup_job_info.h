// BackupJobInfo: the job-info file "__info_<timestamp>.<md5>" of a snapshot, in StarRocks'
// JSON keys. Written last by a backup: its presence is what makes a snapshot good.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"

namespace feb::plugin {

struct BackupJobInfo {
  // Written into "meta_version" / "starrocks_meta_version".
  static constexpr int32_t kMetaVersion = 92;
  static constexpr int32_t kStarRocksMetaVersion = 3;

  struct Tablet {
    int64_t id = 0;
    std::vector<std::string> files;  // "<file>.<md5>"
    bool operator==(const Tablet&) const = default;
  };
  struct Index {
    std::string name;
    int64_t id = 0;
    int32_t schema_hash = 0;
    std::vector<Tablet> tablets;  // in tablets_order
    bool operator==(const Index&) const = default;
  };
  struct Partition {
    std::string name;
    int64_t id = 0;
    int64_t version = 0;
    std::vector<Index> indexes;
    bool operator==(const Partition&) const = default;
  };
  struct Table {
    std::string name;
    int64_t id = 0;
    std::vector<Partition> partitions;
    bool operator==(const Table&) const = default;
  };

  std::string name;      // the snapshot label
  std::string database;
  int64_t db_id = 0;
  int64_t backup_time = 0;  // the job's create time, ms
  int32_t meta_version = kMetaVersion;
  int32_t starrocks_meta_version = kStarRocksMetaVersion;
  bool success = true;      // "backup_result": "succeed"
  std::vector<Table> tables;

  bool operator==(const BackupJobInfo&) const = default;

  // The full JSON (ids, indexes, tablets with their files).
  std::string ToJson() const;
  // The brief form SHOW SNAPSHOT prints in "Details": no ids, no index/tablet detail,
  // pretty-printed with an indent of 1.
  std::string ToBriefJson() const;
  // Parses the full form; missing optional keys (meta versions, tablets_order) are accepted.
  static Result<BackupJobInfo> FromJson(std::string_view json);
};

}  // namespace feb::plugin
