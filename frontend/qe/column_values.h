// ColumnValues: how the frontend reads and orders values of a column type: literal checks for
// INSERT, comparisons for range partitions and ORDER BY, and the bucket of a row. Stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status/result.h"
#include "frontend/sql/frontend_statement.h"

namespace feb::frontend {

class ColumnValues {
 public:
  enum class Family : uint8_t { kInteger, kFloat, kDecimal, kDate, kDatetime, kString, kBoolean, kOther };

  static Family FamilyOf(const std::string& type);
  // True if the type text names a type the frontend supports in CREATE TABLE.
  static bool IsSupportedType(const std::string& type);
  // The stored text of `literal` for a column of `type` named `column`, or an error naming both.
  static Result<std::optional<std::string>> Normalize(const std::string& column, const std::string& type,
                                                      bool nullable, const Literal& literal);
  // <0, 0, >0; NULL sorts first; "MAXVALUE" sorts last.
  static int Compare(const std::string& type, const std::optional<std::string>& a,
                     const std::optional<std::string>& b);
  // The smallest value of the type, as StarRocks prints a first range's lower bound.
  static std::string MinValue(const std::string& type);
  // The bucket (0..buckets-1) of a row by its distribution column values.
  static int32_t Bucket(const std::vector<std::optional<std::string>>& values, int32_t buckets);
  // The type of `column` in `def` ("VARCHAR" if the definition has no such column).
  static std::string TypeOf(const fe_backup::TableDefinition& def, const std::string& column);
  // Compares two range-partition bounds of `def` column by column (<0, 0, >0).
  static int CompareBounds(const fe_backup::TableDefinition& def, const std::vector<std::string>& a,
                           const std::vector<std::string>& b);
};

}  // namespace feb::frontend
