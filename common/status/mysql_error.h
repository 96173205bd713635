// The one table that maps a Status to what a MySQL client sees: errno and SQLSTATE.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status/status.h"

namespace feb {

// StarRocks / MySQL error numbers used across the project.
inline constexpr uint16_t kErrAccessDenied = 1045;        // login failed (28000)
inline constexpr uint16_t kErrBadDb = 1049;               // Unknown database '%s' (42000)
inline constexpr uint16_t kErrNoDbSelected = 1046;        // (3D000)
inline constexpr uint16_t kErrParse = 1064;               // syntax error (42000)
inline constexpr uint16_t kErrUnknownTable = 1051;        // (42S02)
inline constexpr uint16_t kErrSpecificAccessDenied = 1227;  // (42000)
inline constexpr uint16_t kErrUnknown = 1105;             // (HY000)
inline constexpr uint16_t kErrNotSupported = 1235;        // (42000)
inline constexpr uint16_t kErrStarRocksAccessDenied = 5203;  // StarRocks ERR_ACCESS_DENIED (42000)

struct MysqlError {
  uint16_t code;
  std::string_view sqlstate;  // five characters
};

// errno + SQLSTATE for a non-OK status: the status' own errno when it has one, else the
// default of its code.
MysqlError ToMysqlError(const Status& status);

}  // namespace feb
