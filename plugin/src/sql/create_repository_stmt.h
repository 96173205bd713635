// CreateRepositoryStmt: CREATE [READ ONLY] REPOSITORY repo WITH BROKER [broker]
//   ON LOCATION "uri" [PROPERTIES (...)].
#pragma once

#include <optional>
#include <string>

#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/property_list.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

class CreateRepositoryStmt final : public Statement {
 public:
  explicit CreateRepositoryStmt(SourcePos pos) : Statement(StatementKind::kCreateRepository, pos) {}

  bool read_only = false;
  Identifier name;
  std::optional<Identifier> broker;  // none = broker-less (the FE and BEs reach the storage)
  std::string location;
  SourcePos location_pos;
  PropertyList properties;

  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
