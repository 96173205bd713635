// Identifier: one name as written in a statement (unquoted value + position).
#pragma once

#include <string>

#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

// A name (database, table, label, repository, column, ...). `value` is the name itself:
// backquotes removed, doubled backquotes undone; case kept as written.
struct Identifier {
  std::string value;
  SourcePos pos;

  bool operator==(const Identifier&) const = default;
};

}  // namespace feb::sql
