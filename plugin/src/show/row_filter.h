// RowFilter: applies a SHOW statement's WHERE and LIMIT to an already built result set. WHERE
// compares cells as text (numbers when both sides are integers); ORDER BY is accepted and
// ignored, as StarRocks does for SHOW BACKUP.
#pragma once

#include "common/status/status.h"
#include "fe_backup/host.h"
#include "plugin/src/sql/show_filter.h"

namespace feb::plugin {

class RowFilter {
 public:
  // Filters `result` in place. Errors name an unknown column.
  static Status Apply(const sql::ShowFilter& filter, fe_backup::StatementResult* result);
};

}  // namespace feb::plugin
