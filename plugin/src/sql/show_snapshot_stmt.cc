#include "plugin/src/sql/show_snapshot_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string ShowSnapshotStmt::ToSql() const {
  std::string out = "SHOW SNAPSHOT ON ";
  out += QuoteIdentifier(repository.value);
  if (where) {
    out += " WHERE ";
    out += where->ToSql();
  }
  return out;
}

bool ShowSnapshotStmt::EqualTo(const Statement& other) const {
  const auto& o = static_cast<const ShowSnapshotStmt&>(other);
  return repository == o.repository && where == o.where;
}

}  // namespace feb::sql
