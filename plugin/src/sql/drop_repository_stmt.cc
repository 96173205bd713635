#include "plugin/src/sql/drop_repository_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string DropRepositoryStmt::ToSql() const { return "DROP REPOSITORY " + QuoteIdentifier(name.value); }

bool DropRepositoryStmt::EqualTo(const Statement& other) const {
  return name == static_cast<const DropRepositoryStmt&>(other).name;
}

}  // namespace feb::sql
