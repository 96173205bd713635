// CancelJobStmt: CANCEL BACKUP / CANCEL RESTORE [{FROM | IN} db | FOR EXTERNAL CATALOG].
#pragma once

#include <optional>
#include <string>

#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

// kind() is kCancelBackup or kCancelRestore. CANCEL BACKUP without a database means the
// session's database (resolved by the analyzer); CANCEL RESTORE needs FROM/IN or FOR EXTERNAL
// CATALOG (StarRocks' rule, enforced by the parser).
class CancelJobStmt final : public Statement {
 public:
  CancelJobStmt(StatementKind kind, SourcePos pos) : Statement(kind, pos) {}

  std::optional<Identifier> database;
  bool for_external_catalog = false;

  bool is_restore() const { return kind() == StatementKind::kCancelRestore; }
  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
