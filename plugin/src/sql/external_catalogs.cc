#include "plugin/src/sql/external_catalogs.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string ExternalCatalogs::ToSql() const {
  switch (scope) {
    case Scope::kNone: return "";
    case Scope::kAll: return "ALL EXTERNAL CATALOGS";
    case Scope::kListed: break;
  }
  std::string out = catalogs.size() == 1 ? "EXTERNAL CATALOG (" : "EXTERNAL CATALOGS (";
  for (size_t i = 0; i < catalogs.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(catalogs[i].name.value);
    if (catalogs[i].alias) {
      out += " AS ";
      out += QuoteIdentifier(catalogs[i].alias->value);
    }
  }
  out += ")";
  return out;
}

}  // namespace feb::sql
