#include "plugin/src/show/row_filter.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/text/sql_like.h"

namespace feb::plugin {

namespace {

using Cell = std::optional<std::string>;
using Row = std::vector<std::optional<std::string>>;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::optional<long long> AsInteger(const std::string& s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return std::nullopt;
  for (size_t j = i; j < s.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(s[j]))) return std::nullopt;
  }
  return std::stoll(s);
}

class Evaluator {
 public:
  Evaluator(const std::vector<std::string>& columns, const Row& row) : columns_(columns), row_(row) {}

  Status Value(const sql::Expr& e, Cell* out) const {
    switch (e.kind) {
      case sql::ExprKind::kColumn: {
        for (size_t i = 0; i < columns_.size(); ++i) {
          if (Lower(columns_[i]) == Lower(e.text)) {
            *out = i < row_.size() ? row_[i] : std::nullopt;
            return Status::OK();
          }
        }
        return Status::InvalidArgument("Unknown column '" + e.text + "' in 'where clause'");
      }
      case sql::ExprKind::kString:
      case sql::ExprKind::kInteger:
        *out = e.text;
        return Status::OK();
      case sql::ExprKind::kNull:
        *out = std::nullopt;
        return Status::OK();
      default: {
        bool b = false;
        RETURN_IF_ERROR(Test(e, &b));
        out->emplace(1, b ? '1' : '0');
        return Status::OK();
      }
    }
  }

  Status Test(const sql::Expr& e, bool* out) const {
    switch (e.kind) {
      case sql::ExprKind::kCompare: {
        Cell l, r;
        RETURN_IF_ERROR(Value(e.children[0], &l));
        RETURN_IF_ERROR(Value(e.children[1], &r));
        if (!l || !r) {
          *out = false;
          return Status::OK();
        }
        int cmp;
        auto li = AsInteger(*l), ri = AsInteger(*r);
        if (li && ri) {
          cmp = *li < *ri ? -1 : (*li > *ri ? 1 : 0);
        } else {
          cmp = l->compare(*r);
          cmp = cmp < 0 ? -1 : (cmp > 0 ? 1 : 0);
        }
        switch (e.op) {
          case sql::CompareOp::kEq: *out = cmp == 0; break;
          case sql::CompareOp::kNe: *out = cmp != 0; break;
          case sql::CompareOp::kLt: *out = cmp < 0; break;
          case sql::CompareOp::kLe: *out = cmp <= 0; break;
          case sql::CompareOp::kGt: *out = cmp > 0; break;
          case sql::CompareOp::kGe: *out = cmp >= 0; break;
        }
        return Status::OK();
      }
      case sql::ExprKind::kIn: {
        Cell l;
        RETURN_IF_ERROR(Value(e.children[0], &l));
        bool found = false;
        for (size_t i = 1; i < e.children.size() && l; ++i) {
          Cell item;
          RETURN_IF_ERROR(Value(e.children[i], &item));
          if (item && *item == *l) found = true;
        }
        *out = l.has_value() && (found != e.negated);
        return Status::OK();
      }
      case sql::ExprKind::kLike: {
        Cell l, p;
        RETURN_IF_ERROR(Value(e.children[0], &l));
        RETURN_IF_ERROR(Value(e.children[1], &p));
        *out = l && p && (SqlLike(*l, *p) != e.negated);
        return Status::OK();
      }
      case sql::ExprKind::kIsNull: {
        Cell v;
        RETURN_IF_ERROR(Value(e.children[0], &v));
        *out = (!v.has_value()) != e.negated;
        return Status::OK();
      }
      case sql::ExprKind::kNot: {
        bool b = false;
        RETURN_IF_ERROR(Test(e.children[0], &b));
        *out = !b;
        return Status::OK();
      }
      case sql::ExprKind::kAnd:
      case sql::ExprKind::kOr: {
        bool is_and = e.kind == sql::ExprKind::kAnd;
        *out = is_and;
        for (const auto& c : e.children) {
          bool b = false;
          RETURN_IF_ERROR(Test(c, &b));
          if (is_and && !b) *out = false;
          if (!is_and && b) *out = true;
        }
        return Status::OK();
      }
      default: {
        Cell v;
        RETURN_IF_ERROR(Value(e, &v));
        *out = v && *v != "0" && !v->empty();
        return Status::OK();
      }
    }
  }

 private:
  const std::vector<std::string>& columns_;
  const Row& row_;
};

}  // namespace

Status RowFilter::Apply(const sql::ShowFilter& filter, fe_backup::StatementResult* result) {
  if (filter.where) {
    std::vector<Row> kept;
    for (auto& row : result->rows) {
      bool keep = false;
      RETURN_IF_ERROR(Evaluator(result->columns, row).Test(*filter.where, &keep));
      if (keep) kept.push_back(std::move(row));
    }
    result->rows = std::move(kept);
  }
  if (filter.limit) {
    size_t offset = static_cast<size_t>(filter.limit->offset.value_or(0));
    size_t limit = static_cast<size_t>(filter.limit->limit);
    if (offset >= result->rows.size()) {
      result->rows.clear();
    } else {
      auto begin = result->rows.begin() + static_cast<long>(offset);
      auto end = result->rows.size() - offset > limit ? begin + static_cast<long>(limit) : result->rows.end();
      result->rows = std::vector<Row>(begin, end);
    }
  }
  return Status::OK();
}

}  // namespace feb::plugin
