#include "plugin/src/sql/show_filter.h"

namespace feb::sql {

std::string ShowFilter::ToSql() const {
  std::string out;
  if (where) {
    out += " WHERE ";
    out += where->ToSql();
  }
  if (!order_by.empty()) {
    out += " ORDER BY ";
    for (size_t i = 0; i < order_by.size(); ++i) {
      if (i > 0) out += ", ";
      out += order_by[i].expr.ToSql();
      if (order_by[i].descending) out += " DESC";
    }
  }
  if (limit) {
    out += " LIMIT ";
    out += std::to_string(limit->limit);
    if (limit->offset) {
      out += " OFFSET ";
      out += std::to_string(*limit->offset);
    }
  }
  return out;
}

}  // namespace feb::sql
