#include "plugin/src/sql/backup_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string BackupStmt::ToSql() const {
  std::string out = "BACKUP";
  if (external_catalogs.present()) {
    out += " ";
    out += external_catalogs.ToSql();
  }
  if (database) {
    out += " DATABASE ";
    out += QuoteIdentifier(database->value);
  }
  out += " SNAPSHOT ";
  if (label_db) {
    out += QuoteIdentifier(label_db->value);
    out += ".";
  }
  out += QuoteIdentifier(label.value);
  out += " TO ";
  out += QuoteIdentifier(repository.value);
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

bool BackupStmt::EqualTo(const Statement& other) const {
  const auto& o = static_cast<const BackupStmt&>(other);
  return external_catalogs == o.external_catalogs && database == o.database && label_db == o.label_db &&
         label == o.label && repository == o.repository && has_on_clause == o.has_on_clause &&
         objects == o.objects && properties == o.properties;
}

}  // namespace feb::sql
