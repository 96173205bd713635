#include "common/status/mysql_error.h"

namespace feb {

namespace {

uint16_t DefaultErrno(StatusCode code) {
  switch (code) {
    case StatusCode::kSyntaxError: return kErrParse;
    case StatusCode::kAccessDenied: return kErrSpecificAccessDenied;
    case StatusCode::kNotSupported: return kErrNotSupported;
    default: return kErrUnknown;
  }
}

}  // namespace

std::string_view SqlStateOf(uint16_t code) {
  switch (code) {
    case kErrConCount:
    case kErrNotSupportedAuthMode: return "08004";
    case kErrHandshake:
    case kErrUnknownCommand:
    case kErrNetPacketTooLarge:
    case kErrMalformedPacket: return "08S01";
    case kErrAccessDenied: return "28000";
    case kErrNoDbSelected: return "3D000";
    case kErrTableExists: return "42S01";
    case kErrUnknownTable:
    case kErrNoSuchTable: return "42S02";
    case kErrBadDb:
    case kErrParse:
    case kErrEmptyQuery:
    case kErrSpecificAccessDenied:
    case kErrNotSupported:
    case kErrStarRocksAccessDenied: return "42000";
    default: return "HY000";
  }
}

MysqlError ToMysqlError(const Status& status) {
  uint16_t code = status.mysql_errno() != 0 ? status.mysql_errno() : DefaultErrno(status.code());
  return MysqlError{code, SqlStateOf(code)};
}

}  // namespace feb
