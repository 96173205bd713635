// Expr: the small predicate language of SHOW ... WHERE (columns, literals, comparisons,
// [NOT] IN, [NOT] LIKE, IS [NOT] NULL, NOT, AND, OR).
#pragma once

#include <string>
#include <vector>

#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

enum class ExprKind : uint8_t {
  kColumn,         // text = column name
  kString,         // text = value
  kInteger,        // text = digits, with a leading '-' when negative
  kNull,
  kCompare,        // op; children = {left, right}
  kIn,             // negated; children = {left, item...}
  kLike,           // negated; children = {left, pattern}
  kIsNull,         // negated; children = {operand}
  kNot,            // children = {operand}
  kAnd,            // children = 2 or more operands, in order
  kOr,             // children = 2 or more operands, in order
};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

// "=", "<>", "<", "<=", ">", ">=".
const char* CompareOpSql(CompareOp op);

// A node of the predicate tree. Nesting is bounded by the parser's depth limit; AND/OR chains
// are flat (one node with n children), so a long chain does not nest.
struct Expr {
  ExprKind kind = ExprKind::kNull;
  std::string text;
  CompareOp op = CompareOp::kEq;
  bool negated = false;
  std::vector<Expr> children;
  SourcePos pos;

  // The predicate as SQL; nested AND/OR operands are parenthesized so that parsing the text
  // again gives the same tree.
  std::string ToSql() const;
  bool operator==(const Expr&) const = default;
};

}  // namespace feb::sql
