// SourcePos: where a piece of a statement was written.
#pragma once

namespace feb::sql {

// A position in the SQL text: `line` counts from 1, `column` from 0 in code points (the
// convention of StarRocks' syntax errors). {0, 0} = unknown.
//
// Every SourcePos compares equal to every other, so that the AST's defaulted equality
// operators compare what a statement says and ignore where it was written (a statement and
// its ToSql() re-parse compare equal). Use SamePosition() to compare positions themselves.
struct SourcePos {
  int line = 0;
  int column = 0;

  friend bool operator==(const SourcePos&, const SourcePos&) { return true; }
};

inline bool SamePosition(const SourcePos& a, const SourcePos& b) {
  return a.line == b.line && a.column == b.column;
}

}  // namespace feb::sql
