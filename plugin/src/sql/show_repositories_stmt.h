// ShowRepositoriesStmt: SHOW REPOSITORIES.
#pragma once

#include <string>

#include "plugin/src/sql/statement.h"

namespace feb::sql {

class ShowRepositoriesStmt final : public Statement {
 public:
  explicit ShowRepositoriesStmt(SourcePos pos) : Statement(StatementKind::kShowRepositories, pos) {}

  std::string ToSql() const override { return "SHOW REPOSITORIES"; }

 protected:
  bool EqualTo(const Statement&) const override { return true; }
};

}  // namespace feb::sql
