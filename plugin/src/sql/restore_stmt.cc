#include "plugin/src/sql/restore_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string RestoreStmt::ToSql() const {
  std::string out = "RESTORE SNAPSHOT ";
  if (label_db) {
    out += QuoteIdentifier(label_db->value);
    out += ".";
  }
  out += QuoteIdentifier(label.value);
  out += " FROM ";
  out += QuoteIdentifier(repository.value);
  if (external_catalogs.present()) {
    out += " ";
    out += external_catalogs.ToSql();
  }
  if (database) {
    out += " DATABASE ";
    out += QuoteIdentifier(database->value);
    if (database_alias) {
      out += " AS ";
      out += QuoteIdentifier(database_alias->value);
    }
  }
  if (has_on_clause) {
    out += " ";
    out += OnClauseToSql(objects);
  }
  if (!properties.empty()) {
    out += " ";
    out += properties.ToSql();
  }
  return out;
}

bool RestoreStmt::EqualTo(const Statement& other) const {
  const auto& o = static_cast<const RestoreStmt&>(other);
  return label_db == o.label_db && label == o.label && repository == o.repository &&
         external_catalogs == o.external_catalogs && database == o.database &&
         database_alias == o.database_alias && has_on_clause == o.has_on_clause && objects == o.objects &&
         properties == o.properties;
}

}  // namespace feb::sql
