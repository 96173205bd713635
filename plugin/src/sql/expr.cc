#include "plugin/src/sql/expr.h"

#include "plugin/src/sql/sql_text.h"

namespace feb::sql {

namespace {

bool IsLogical(const Expr& e) { return e.kind == ExprKind::kAnd || e.kind == ExprKind::kOr; }

void AppendOperand(const Expr& e, std::string* out) {
  if (IsLogical(e)) {
    *out += "(";
    *out += e.ToSql();
    *out += ")";
  } else {
    *out += e.ToSql();
  }
}

}  // namespace

const char* CompareOpSql(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "<>";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "=";
}

std::string Expr::ToSql() const {
  std::string out;
  switch (kind) {
    case ExprKind::kColumn: return QuoteIdentifier(text);
    case ExprKind::kString: return QuoteString(text, '\'');
    case ExprKind::kInteger: return text;
    case ExprKind::kNull: return "NULL";
    case ExprKind::kCompare:
      out = children[0].ToSql();
      out += " ";
      out += CompareOpSql(op);
      out += " ";
      out += children[1].ToSql();
      return out;
    case ExprKind::kIn:
      out = children[0].ToSql();
      out += negated ? " NOT IN (" : " IN (";
      for (size_t i = 1; i < children.size(); ++i) {
        if (i > 1) out += ", ";
        out += children[i].ToSql();
      }
      out += ")";
      return out;
    case ExprKind::kLike:
      out = children[0].ToSql();
      out += negated ? " NOT LIKE " : " LIKE ";
      out += children[1].ToSql();
      return out;
    case ExprKind::kIsNull:
      out = children[0].ToSql();
      out += negated ? " IS NOT NULL" : " IS NULL";
      return out;
    case ExprKind::kNot:
      out = "NOT ";
      AppendOperand(children[0], &out);
      return out;
    case ExprKind::kAnd:
    case ExprKind::kOr:
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += kind == ExprKind::kAnd ? " AND " : " OR ";
        AppendOperand(children[i], &out);
      }
      return out;
  }
  return out;
}

}  // namespace feb::sql
