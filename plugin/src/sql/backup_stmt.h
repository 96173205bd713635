// BackupStmt: BACKUP [DATABASE db] SNAPSHOT [db.]label TO repo [ON (...)] [PROPERTIES (...)],
// and the external-catalog form BACKUP {ALL EXTERNAL CATALOGS | EXTERNAL CATALOG[S] (c, ...)}
// SNAPSHOT label TO repo [PROPERTIES (...)].
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

// What the parser guarantees: at most one of `database` and `label_db` is set; no object has
// an alias; with external catalogs neither is set and `objects` is empty.
class BackupStmt final : public Statement {
 public:
  explicit BackupStmt(SourcePos pos) : Statement(StatementKind::kBackup, pos) {}

  ExternalCatalogs external_catalogs;
  std::optional<Identifier> database;   // BACKUP DATABASE <db> SNAPSHOT ...
  std::optional<Identifier> label_db;   // SNAPSHOT <db>.<label>
  Identifier label;
  Identifier repository;
  bool has_on_clause = false;
  std::vector<BackupObject> objects;    // the ON list, in order
  PropertyList properties;

  // The database named in the statement (DATABASE or the label's prefix), if any.
  const std::optional<Identifier>& NamedDatabase() const { return database ? database : label_db; }

  std::string ToSql() const override;

 protected:
  bool EqualTo(const Statement& other) const override;
};

}  // namespace feb::sql
