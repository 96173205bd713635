// Statement: the root of the module's thin AST. Parse() (parser.h) produces one.
//
// The AST says what was written, with positions; it carries no meaning (no catalog look-ups,
// no property validation). Every node owns its children. Concrete statements are plain data
// with public fields; ToSql() prints a canonical form that parses back to an equal statement.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plugin/src/sql/source_pos.h"

namespace feb::sql {

enum class StatementKind : uint8_t {
  kBackup,
  kRestore,
  kCancelBackup,
  kCancelRestore,
  kShowBackup,
  kShowRestore,
  kShowSnapshot,
  kCreateRepository,
  kDropRepository,
  kShowRepositories,
  kDropSnapshot,
};

// "BACKUP", "CANCEL BACKUP", "SHOW SNAPSHOT", ... (the statement's leading keywords).
std::string_view StatementKindName(StatementKind kind);

class Statement {
 public:
  virtual ~Statement() = default;

  StatementKind kind() const { return kind_; }
  // Where the statement's first keyword was written.
  SourcePos pos() const { return pos_; }

  // The statement in canonical SQL (upper-case keywords, no trailing ';').
  virtual std::string ToSql() const = 0;

  // Same kind and same content; positions are not compared.
  friend bool operator==(const Statement& a, const Statement& b) {
    return a.kind_ == b.kind_ && a.EqualTo(b);
  }

 protected:
  Statement(StatementKind kind, SourcePos pos) : kind_(kind), pos_(pos) {}
  Statement(const Statement&) = default;
  Statement& operator=(const Statement&) = default;

  // Called only with a statement of the same kind.
  virtual bool EqualTo(const Statement& other) const = 0;

 private:
  StatementKind kind_;
  SourcePos pos_;
};

}  // namespace feb::sql
