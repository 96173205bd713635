// The one table that maps a Status to what a MySQL client sees: errno and SQLSTATE. The module
// and the reference frontend (its query engine and its protocol layer) both answer through it.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status/status.h"

namespace feb {

// StarRocks / MySQL error numbers used across the project, with their SQLSTATE.
inline constexpr uint16_t kErrConCount = 1040;            // Too many connections (08004)
inline constexpr uint16_t kErrHandshake = 1043;           // Bad handshake (08S01)
inline constexpr uint16_t kErrAccessDenied = 1045;        // login failed (28000)
inline constexpr uint16_t kErrNoDbSelected = 1046;        // (3D000)
inline constexpr uint16_t kErrUnknownCommand = 1047;      // unknown protocol command (08S01)
inline constexpr uint16_t kErrBadDb = 1049;               // Unknown database '%s' (42000)
inline constexpr uint16_t kErrTableExists = 1050;         // Table '%s' already exists (42S01)
inline constexpr uint16_t kErrUnknownTable = 1051;        // (42S02)
inline constexpr uint16_t kErrParse = 1064;               // syntax error (42000)
inline constexpr uint16_t kErrEmptyQuery = 1065;          // Query was empty (42000)
inline constexpr uint16_t kErrUnknown = 1105;             // (HY000)
inline constexpr uint16_t kErrNoSuchTable = 1146;         // (42S02)
inline constexpr uint16_t kErrNetPacketTooLarge = 1153;   // packet over max_allowed_packet (08S01)
inline constexpr uint16_t kErrSpecificAccessDenied = 1227;  // (42000)
inline constexpr uint16_t kErrNotSupported = 1235;        // (42000)
inline constexpr uint16_t kErrNotSupportedAuthMode = 1251;  // client cannot authenticate (08004)
inline constexpr uint16_t kErrMalformedPacket = 1835;     // (08S01, as the frontend has always sent it)
inline constexpr uint16_t kErrStarRocksAccessDenied = 5203;  // StarRocks ERR_ACCESS_DENIED (42000)

struct MysqlError {
  uint16_t code;
  std::string_view sqlstate;  // five characters
};

// errno + SQLSTATE for a non-OK status: the status' own errno when it has one, else the
// default of its code.
MysqlError ToMysqlError(const Status& status);

// The SQLSTATE of an errno: the table above; "HY000" (general error) for any other number.
std::string_view SqlStateOf(uint16_t code);

}  // namespace feb
