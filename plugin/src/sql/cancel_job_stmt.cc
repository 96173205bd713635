#include "plugin/src/sql/cancel_job_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string CancelJobStmt::ToSql() const {
  std::string out = is_restore() ? "CANCEL RESTORE" : "CANCEL BACKUP";
  if (database) {
    out += " FROM ";
    out += QuoteIdentifier(database->value);
  } else if (for_external_catalog) {
    out += " FOR EXTERNAL CATALOG";
  }
  return out;
}

bool CancelJobStmt::EqualTo(const Statement& other) const {
  const auto& o = static_cast<const CancelJobStmt&>(other);
  return database == o.database && for_external_catalog == o.for_external_catalog;
}

}  // namespace feb::sql
