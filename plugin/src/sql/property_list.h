// PropertyList: a PROPERTIES ("key" = "value", ...) clause, in the order written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

// One "key" = "value" pair. Keys keep their case (StarRocks matches them case-sensitively);
// the parser does not check keys or values: that is the analyzer's job.
struct Property {
  std::string key;
  std::string value;
  SourcePos key_pos;
  SourcePos value_pos;

  bool operator==(const Property&) const = default;
};

struct PropertyList {
  std::vector<Property> entries;  // empty = no PROPERTIES clause (the grammar needs >= 1 pair)
  SourcePos pos;                  // of the PROPERTIES keyword

  bool empty() const { return entries.empty(); }
  // The value of the first entry with exactly this key.
  std::optional<std::string> Find(std::string_view key) const;
  // `PROPERTIES ("k" = "v", ...)`, or "" when empty.
  std::string ToSql() const;

  bool operator==(const PropertyList&) const = default;
};

}  // namespace feb::sql
