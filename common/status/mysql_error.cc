#include "common/status/mysql_error.h"

namespace feb {

namespace {

std::string_view SqlStateFor(uint16_t code) {
  switch (code) {
    case kErrAccessDenied: return "28000";
    case kErrNoDbSelected: return "3D000";
    case kErrUnknownTable: return "42S02";
    case kErrBadDb:
    case kErrParse:
    case kErrSpecificAccessDenied:
    case kErrNotSupported:
    case kErrStarRocksAccessDenied: return "42000";
    default: return "HY000";
  }
}

uint16_t DefaultErrno(StatusCode code) {
  switch (code) {
    case StatusCode::kSyntaxError: return kErrParse;
    case StatusCode::kAccessDenied: return kErrSpecificAccessDenied;
    case StatusCode::kNotSupported: return kErrNotSupported;
    default: return kErrUnknown;
  }
}

}  // namespace

MysqlError ToMysqlError(const Status& status) {
  uint16_t code = status.mysql_errno() != 0 ? status.mysql_errno() : DefaultErrno(status.code());
  return MysqlError{code, SqlStateFor(code)};
}

}  // namespace feb
