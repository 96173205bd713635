// ExternalCatalogs: the `ALL EXTERNAL CATALOGS` / `EXTERNAL CATALOG[S] (c [AS c2], ...)` clause
// of BACKUP and RESTORE.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

struct ExternalCatalogRef {
  Identifier name;
  std::optional<Identifier> alias;  // RESTORE only

  bool operator==(const ExternalCatalogRef&) const = default;
};

struct ExternalCatalogs {
  enum class Scope : uint8_t { kNone, kAll, kListed };
  Scope scope = Scope::kNone;
  std::vector<ExternalCatalogRef> catalogs;  // kListed only
  SourcePos pos;

  bool present() const { return scope != Scope::kNone; }
  // "ALL EXTERNAL CATALOGS", "EXTERNAL CATALOGS (c1, c2 AS c3)" or "".
  std::string ToSql() const;
  bool operator==(const ExternalCatalogs&) const = default;
};

}  // namespace feb::sql
