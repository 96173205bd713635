// DropRepositoryStmt: DROP REPOSITORY repo.
#pragma once

#include <string>

#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

class DropRepositoryStmt final : public Statement {
 public:
  explicit DropRepositoryStmt(SourcePos pos) : Statement(StatementKind::kDropRepository, pos) {}

  Identifier name;

  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
