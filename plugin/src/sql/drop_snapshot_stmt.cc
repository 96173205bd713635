#include "plugin/src/sql/drop_snapshot_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string DropSnapshotStmt::ToSql() const {
  std::string out = "DROP SNAPSHOT " + QuoteIdentifier(label.value) + " ON " + QuoteIdentifier(repository.value);
  if (force) out += " FORCE";
  return out;
}

bool DropSnapshotStmt::EqualTo(const Statement& other) const {
  const auto& o = static_cast<const DropSnapshotStmt&>(other);
  return label == o.label && repository == o.repository && force == o.force;
}

}  // namespace feb::sql
