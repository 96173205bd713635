// ShowSnapshotStmt: SHOW SNAPSHOT ON repo [WHERE ...].
#pragma once

#include <optional>
#include <string>

#include "plugin/src/sql/expr.h"
#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

// The parser accepts any predicate; which WHERE shapes are allowed (SNAPSHOT = 'l'
// [AND TIMESTAMP = 't'] or SNAPSHOT IN (...)) is the analyzer's check.
class ShowSnapshotStmt final : public Statement {
 public:
  explicit ShowSnapshotStmt(SourcePos pos) : Statement(StatementKind::kShowSnapshot, pos) {}

  Identifier repository;
  std::optional<Expr> where;

  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
