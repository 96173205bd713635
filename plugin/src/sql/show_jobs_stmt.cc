#include "plugin/src/sql/show_jobs_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string ShowJobsStmt::ToSql() const {
  std::string out = is_restore() ? "SHOW RESTORE" : "SHOW BACKUP";
  if (database) {
    out += " FROM ";
    out += QuoteIdentifier(database->value);
  }
  out += filter.ToSql();
  return out;
}

bool ShowJobsStmt::EqualTo(const Statement& other) const {
  const auto& o = static_cast<const ShowJobsStmt&>(other);
  return database == o.database && filter == o.filter;
}

}  // namespace feb::sql
