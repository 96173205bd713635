// BackupObject: one item of a BACKUP/RESTORE `ON (...)` list.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

enum class BackupObjectKind : uint8_t { kTable, kMaterializedView, kView, kFunction };

// `[TEMPORARY] PARTITION[S] (p1, p2)` or `PARTITION p`. Names written as strings are kept as
// names.
struct PartitionNames {
  bool temporary = false;
  std::vector<Identifier> names;  // empty = no partition clause
  SourcePos pos;

  bool operator==(const PartitionNames&) const = default;
};

// Either `ALL <kind>` (`all` set, no name) or one named object:
//   [TABLE|TABLES] [db.]tbl [partitions] [AS alias]
//   MATERIALIZED VIEW[S] name [AS alias] | VIEW[S] name [AS alias] | FUNCTION[S] name [AS alias]
// `name` holds the dotted parts as written (1 for `t`, 2 for `db.t`, ...).
struct BackupObject {
  BackupObjectKind kind = BackupObjectKind::kTable;
  bool all = false;
  std::vector<Identifier> name;
  PartitionNames partitions;         // tables only
  std::optional<Identifier> alias;   // RESTORE only (BACKUP rejects it while parsing)
  SourcePos pos;

  std::string ToSql() const;
  bool operator==(const BackupObject&) const = default;
};

// The dotted name as SQL, each part quoted as needed.
std::string QualifiedNameToSql(const std::vector<Identifier>& parts);

// `ON (o1, o2)`; "" for an empty list.
std::string OnClauseToSql(const std::vector<BackupObject>& objects);

}  // namespace feb::sql
