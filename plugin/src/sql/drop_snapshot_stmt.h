// DropSnapshotStmt: DROP SNAPSHOT label ON repo [FORCE] (StarRocks 4.2+ syntax).
#pragma once

#include <string>

#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

class DropSnapshotStmt final : public Statement {
 public:
  explicit DropSnapshotStmt(SourcePos pos) : Statement(StatementKind::kDropSnapshot, pos) {}

  Identifier label;
  Identifier repository;
  bool force = false;

  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
