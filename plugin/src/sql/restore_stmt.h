// RestoreStmt: RESTORE SNAPSHOT [db.]label FROM repo
//   [ALL EXTERNAL CATALOGS | EXTERNAL CATALOG[S] (c [AS c2], ...)] [DATABASE db [AS db2]]
//   [ON (object [AS alias], ...)] [PROPERTIES (...)]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plugin/src/sql/backup_object.h"
#include "plugin/src/sql/external_catalogs.h"
#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/property_list.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql {

// What the parser guarantees: not both `database` and `label_db`; with external catalogs
// neither of them and no ON clause; an ON clause only when a database is named.
class RestoreStmt final : public Statement {
 public:
  explicit RestoreStmt(SourcePos pos) : Statement(StatementKind::kRestore, pos) {}

  std::optional<Identifier> label_db;    // SNAPSHOT <db>.<label>
  Identifier label;
  Identifier repository;
  ExternalCatalogs external_catalogs;
  std::optional<Identifier> database;        // DATABASE <db> (the database in the snapshot)
  std::optional<Identifier> database_alias;  // ... AS <db2> (the database to restore into)
  bool has_on_clause = false;
  std::vector<BackupObject> objects;
  PropertyList properties;

  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
