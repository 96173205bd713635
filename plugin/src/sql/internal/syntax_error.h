// Building the parser's error Status: StarRocks' "Getting syntax error ..." wording, then the
// offending line and a caret (no ANTLR types).
#pragma once

#include <optional>
#include <string_view>

#include "common/status/status.h"
#include "plugin/src/sql/source_pos.h"

namespace feb::sql::internal {

// A SyntaxError for `detail` (a sentence without the final '.') at `start` (and up to `end`,
// exclusive, when given and different), positions local to `sql`; the numbers in the message
// are shifted by `origin` (where `sql` starts in a larger text):
//   Getting syntax error at line L, column C. Detail message: <detail>.
//   Getting syntax error from line L, column C to line L2, column C2. Detail message: <detail>.
// followed by "\n<the line>\n<caret>".
Status SyntaxErrorAt(std::string_view sql, SourcePos origin, SourcePos start, std::optional<SourcePos> end,
                     std::string_view detail);

// The position just after `sql[0, byte_offset)`, counting lines and code points (ill-formed
// bytes count as one each).
SourcePos PositionOfByte(std::string_view sql, size_t byte_offset);

// `text` cut to at most `max_code_points` (with "..." appended when cut), for quoting input
// inside a message.
std::string Abbreviate(std::string_view text, size_t max_code_points = 64);

}  // namespace feb::sql::internal
