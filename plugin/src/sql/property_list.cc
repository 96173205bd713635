#include "plugin/src/sql/property_list.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::optional<std::string> PropertyList::Find(std::string_view key) const {
  for (const Property& p : entries) {
    if (p.key == key) return p.value;
  }
  return std::nullopt;
}

std::string PropertyList::ToSql() const {
  if (entries.empty()) return "";
  std::string out = "PROPERTIES (";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteString(entries[i].key);
    out += " = ";
    out += QuoteString(entries[i].value);
  }
  out += ")";
  return out;
}

}  // namespace feb::sql
