// TabletMeta: what a tablet header file ("<tablet_id>.hdr", JSON) holds: identity, schema
// and the list of versions with their rowset files. Versions only grow; a header is
// replaced atomically as a whole.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status/result.h"

namespace feb::be {

struct ColumnDesc {
  std::string name;
  std::string type;  // StarRocks primitive type name, e.g. "INT", "VARCHAR"
  bool is_key = false;
  bool nullable = true;
};

struct VersionEntry {
  int64_t version = 0;
  std::string file;  // rowset file name in the tablet directory; empty for an empty version
  int64_t rows = 0;
  int64_t bytes = 0;
  // Checksums of the rowset file, computed by this backend over the bytes it wrote (empty md5:
  // unknown, e.g. a rowset placed by a restore). An upload names the file with the md5 without
  // hashing it again and proves with the cheap crc32c that the file still holds those bytes.
  std::string md5 = {};
  uint32_t crc32c = 0;
};

struct TabletMeta {
  int64_t tablet_id = 0;
  int32_t schema_hash = 0;
  int64_t table_id = 0;
  int64_t partition_id = 0;
  std::string keys_type = "DUP_KEYS";
  std::vector<ColumnDesc> columns;
  std::vector<VersionEntry> versions;  // ascending, contiguous

  int64_t MaxVersion() const { return versions.empty() ? 0 : versions.back().version; }
  int64_t RowCount(int64_t up_to_version) const;
  // A copy holding only versions <= `version`.
  TabletMeta UpTo(int64_t version) const;

  std::string ToJson() const;
  static Result<TabletMeta> FromJson(const std::string& text, const std::string& what);
};

}  // namespace feb::be
