#include "plugin/src/sql/backup_object.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

std::string QualifiedNameToSql(const std::vector<Identifier>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ".";
    out += QuoteIdentifier(parts[i].value);
  }
  return out;
}

std::string BackupObject::ToSql() const {
  std::string out;
  if (all) {
    out = "ALL ";
    switch (kind) {
      case BackupObjectKind::kTable: out += "TABLES"; break;
      case BackupObjectKind::kMaterializedView: out += "MATERIALIZED VIEWS"; break;
      case BackupObjectKind::kView: out += "VIEWS"; break;
      case BackupObjectKind::kFunction: out += "FUNCTIONS"; break;
    }
    return out;
  }
  switch (kind) {
    case BackupObjectKind::kTable: out = "TABLE "; break;
    case BackupObjectKind::kMaterializedView: out = "MATERIALIZED VIEW "; break;
    case BackupObjectKind::kView: out = "VIEW "; break;
    case BackupObjectKind::kFunction: out = "FUNCTION "; break;
  }
  // A plain table prints without the TABLE keyword, as users usually write it.
  if (kind == BackupObjectKind::kTable) out.clear();
  out += QualifiedNameToSql(name);
  if (!partitions.names.empty()) {
    out += partitions.temporary ? " TEMPORARY PARTITION (" : " PARTITION (";
    for (size_t i = 0; i < partitions.names.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(partitions.names[i].value);
    }
    out += ")";
  }
  if (alias) {
    out += " AS ";
    out += QuoteIdentifier(alias->value);
  }
  return out;
}

std::string OnClauseToSql(const std::vector<BackupObject>& objects) {
  if (objects.empty()) return "";
  std::string out = "ON (";
  for (size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) out += ", ";
    out += objects[i].ToSql();
  }
  out += ")";
  return out;
}

}  // namespace feb::sql
