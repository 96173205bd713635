// ShowFilter: the `[WHERE expr] [ORDER BY ...] [LIMIT ...]` tail of SHOW BACKUP / RESTORE.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/src/sql/expr.h"
#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

struct OrderByItem {
  Expr expr;
  bool descending = false;

  bool operator==(const OrderByItem&) const = default;
};

// `LIMIT n`, `LIMIT n OFFSET m` or `LIMIT m, n`.
struct LimitClause {
  uint64_t limit = 0;
  std::optional<uint64_t> offset;
  SourcePos pos;

  bool operator==(const LimitClause&) const = default;
};

struct ShowFilter {
  std::optional<Expr> where;
  std::vector<OrderByItem> order_by;
  std::optional<LimitClause> limit;

  // " WHERE ... ORDER BY ... LIMIT ..." with a leading space, or "".
  std::string ToSql() const;
  bool operator==(const ShowFilter&) const = default;
};

}  // namespace feb::sql
