// QueryResult: what one command produced, in protocol-neutral form: an error (errno,
// SQLSTATE, message), an OK (affected rows), or a text result set with column metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace feb::frontend {

// MySQL column types we send (protocol values).
enum class MysqlType : uint8_t {
  kLongLong = 0x08,
  kDouble = 0x05,
  kNull = 0x06,
  kDatetime = 0x0c,
  kVarString = 0xfd,
};

struct ColumnMeta {
  std::string name;
  MysqlType type = MysqlType::kVarString;
  std::string schema;
  std::string table;
};

using Row = std::vector<std::optional<std::string>>;  // nullopt = NULL

struct QueryResult {
  bool ok = true;
  uint16_t mysql_errno = 0;
  std::string sqlstate;
  std::string message;
  uint64_t affected_rows = 0;
  bool has_result_set = false;
  std::vector<ColumnMeta> columns;
  std::vector<Row> rows;

  static QueryResult Ok(uint64_t affected = 0) {
    QueryResult r;
    r.affected_rows = affected;
    return r;
  }
  static QueryResult Error(uint16_t err, std::string state, std::string msg) {
    QueryResult r;
    r.ok = false;
    r.mysql_errno = err;
    r.sqlstate = std::move(state);
    r.message = std::move(msg);
    return r;
  }
  // A result set whose columns are all strings.
  static QueryResult Strings(const std::vector<std::string>& names, std::vector<Row> rows) {
    QueryResult r;
    r.has_result_set = true;
    for (const auto& n : names) r.columns.push_back(ColumnMeta{n, MysqlType::kVarString, "", ""});
    r.rows = std::move(rows);
    return r;
  }
};

}  // namespace feb::frontend
