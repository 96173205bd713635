// The frontend's own statements after parsing: a thin AST, one struct per statement kind,
// held in the FrontendStatement variant. Names are as written (unquoted); meaning (does the
// table exist, may the user do this) is the executor's job.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fe_backup/host.h"

namespace feb::frontend {

// `db.table` or `table` (db empty = the session's current database).
struct TableName {
  std::string db;
  std::string table;
};

struct UserIdentity {
  std::string user;
  std::string host = "%";
};

// A literal value; nullopt text = NULL.
struct Literal {
  enum class Kind : uint8_t { kString, kInteger, kDecimal, kNull, kBoolean };
  Kind kind = Kind::kNull;
  std::string text;
};

struct CreateDatabaseStmt { std::string name; bool if_not_exists = false; };
struct DropDatabaseStmt { std::string name; bool if_exists = false; };
struct UseStmt { std::string name; };
struct ShowDatabasesStmt {};
struct ShowTablesStmt { std::string db; bool full = false; };
struct CreateTableStmt {
  TableName name;
  bool if_not_exists = false;
  fe_backup::TableDefinition definition;  // name = table name
  bool has_keys_desc = false;
};
struct DropTableStmt { TableName name; bool if_exists = false; };
struct TruncateTableStmt { TableName name; };
struct AddPartitionStmt { TableName name; bool if_not_exists = false; fe_backup::RangePartitionDefinition partition; };
struct DropPartitionStmt { TableName name; bool if_exists = false; std::string partition; };
struct ShowCreateTableStmt { TableName name; };
struct ShowPartitionsStmt { TableName name; };
struct CreateViewStmt {
  TableName name;
  bool if_not_exists = false;
  fe_backup::ViewDefinition view;  // name = view name; select_text verbatim
};
struct DropViewStmt { TableName name; bool if_exists = false; };
struct ShowCreateViewStmt { TableName name; };
struct CreateFunctionStmt {
  TableName name;  // db = "" for the session's database; table = the function name as written
  bool or_replace = false;
  bool global = false;
  bool if_not_exists = false;
  fe_backup::FunctionDefinition function;  // name lower case
};
struct DropFunctionStmt {
  TableName name;
  bool global = false;
  bool if_exists = false;
  fe_backup::FunctionDefinition signature;  // name (lower case), arg_types, variadic
};
struct ShowFunctionsStmt {
  bool full = false;
  bool builtin = false;
  bool global = false;
  std::string db;
  std::optional<std::string> like;
};
struct ShowTabletStmt { TableName name; };
struct InsertStmt {
  TableName name;
  std::vector<std::string> columns;  // empty = all, in table order
  std::vector<std::vector<Literal>> rows;
};

struct SelectItem {
  enum class Kind : uint8_t { kStar, kLiteral, kVariable, kCountStar, kFunction, kColumn };
  Kind kind = Kind::kLiteral;
  Literal literal;     // kLiteral
  std::string name;    // variable (without @@ and scope), function name (upper case) or column
  std::string label;   // column label the client sees
};
struct OrderItem { std::string column; bool descending = false; };
struct SelectStmt {
  std::vector<SelectItem> items;
  std::optional<TableName> from;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
};
struct ChecksumTableStmt { std::vector<TableName> tables; };
struct AddBackendStmt { std::vector<std::string> addresses; };
struct DropBackendStmt { std::vector<std::string> addresses; };
struct ShowBackendsStmt {};
struct CreateUserStmt { UserIdentity user; bool if_not_exists = false; std::optional<std::string> password; };
struct DropUserStmt { UserIdentity user; bool if_exists = false; };
struct SetPasswordStmt { std::optional<UserIdentity> user; std::string password; };

struct GrantObject {
  enum class Kind : uint8_t { kSystem, kTable, kAllTablesInDatabase, kDatabase };
  Kind kind = Kind::kSystem;
  std::string db;
  std::string table;
};
struct GrantPrivilegeStmt {
  bool revoke = false;
  std::vector<std::string> privileges;  // upper case, words joined by one space
  GrantObject object;
  UserIdentity user;
};
struct GrantRoleStmt { bool revoke = false; std::string role; UserIdentity user; };
struct ShowGrantsStmt { std::optional<UserIdentity> user; };
struct ShowVariablesStmt { std::optional<std::string> like; };
struct ShowWarningsStmt {};
// The right side of a SET assignment: a text, a @@variable, or CONCAT(...) of those.
struct SetValue {
  enum class Kind : uint8_t { kText, kVariable, kConcat, kNull };
  Kind kind = Kind::kText;
  std::string text;  // kText: the value; kVariable: the variable name (lower case)
  std::vector<SetValue> args;
};
struct SetStmt { std::vector<std::pair<std::string, SetValue>> assignments; };  // (name lower case, value)
struct TransactionStmt {};

using FrontendStatement =
    std::variant<CreateDatabaseStmt, DropDatabaseStmt, UseStmt, ShowDatabasesStmt, ShowTablesStmt, CreateTableStmt,
                 DropTableStmt, TruncateTableStmt, AddPartitionStmt, DropPartitionStmt, ShowCreateTableStmt,
                 ShowPartitionsStmt, ShowTabletStmt, InsertStmt, SelectStmt, ChecksumTableStmt, AddBackendStmt,
                 DropBackendStmt, ShowBackendsStmt, CreateUserStmt, DropUserStmt, SetPasswordStmt,
                 GrantPrivilegeStmt, GrantRoleStmt, ShowGrantsStmt, ShowVariablesStmt, ShowWarningsStmt, SetStmt,
                 TransactionStmt, CreateViewStmt, DropViewStmt, ShowCreateViewStmt, CreateFunctionStmt,
                 DropFunctionStmt, ShowFunctionsStmt>;

}  // namespace feb::frontend
