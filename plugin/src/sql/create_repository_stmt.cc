#include "plugin/src/sql/create_repository_stmt.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string CreateRepositoryStmt::ToSql() const {
  std::string out = read_only ? "CREATE READ ONLY REPOSITORY " : "CREATE REPOSITORY ";
  out += QuoteIdentifier(name.value);
  out += " WITH BROKER";
  if (broker) {
    out += " ";
    out += QuoteIdentifier(broker->value);
  }
  out += " ON LOCATION ";
  out += QuoteString(location);
  if (!properties.empty()) {
    out += " ";
    out += properties.ToSql();
  }
  return out;
}

bool CreateRepositoryStmt::EqualTo(const Statement& other) const {
  const auto& o = static_cast<const CreateRepositoryStmt&>(other);
  return read_only == o.read_only && name == o.name && broker == o.broker && location == o.location &&
         properties == o.properties;
}

}  // namespace feb::sql
