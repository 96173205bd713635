// ShowJobsStmt: SHOW BACKUP / SHOW RESTORE [{FROM | IN} db] [WHERE ...] [ORDER BY ...] [LIMIT ...].
#pragma once

#include <optional>
#include <string>

#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/show_filter.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

// kind() is kShowBackup or kShowRestore.
class ShowJobsStmt final : public Statement {
 public:
  ShowJobsStmt(StatementKind kind, SourcePos pos) : Statement(kind, pos) {}

  std::optional<Identifier> database;  // none = every database
  ShowFilter filter;

  bool is_restore() const { return kind() == StatementKind::kShowRestore; }
  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
