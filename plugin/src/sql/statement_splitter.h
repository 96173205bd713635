// SplitStatements(): cuts a script into statements at ';' (not inside quotes, backquotes or
// comments).
#pragma once

#include <string_view>
#include <vector>

#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

struct StatementSlice {
  std::string_view text;  // from the statement's first character to just before its ';'
  SourcePos origin;       // where `text` starts in the script (pass to ParseOptions::origin)
};

// The statements of `script`, in order. Pieces that hold only whitespace and comments are
// left out. An unterminated quote or comment runs to the end of the script (the parser then
// reports it). `text` views into `script`.
std::vector<StatementSlice> SplitStatements(std::string_view script);

}  // namespace feb::sql
