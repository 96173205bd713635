// Status: the outcome of an operation that can fail, passed across every module boundary
// instead of exceptions. Cheap to copy when OK (no allocation).
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace feb {

// What kind of failure; the MySQL errno / SQLSTATE a client sees comes from the table in
// mysql_error.h unless the Status carries an explicit errno (StarRocks-compatible texts that
// have their own code, e.g. 1049 "Unknown database").
enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument,   // bad input from a user or a peer
  kSyntaxError,       // SQL that does not parse
  kNotFound,
  kAlreadyExists,
  kAccessDenied,
  kNotSupported,      // valid but not implemented (the message says what and where it is tracked)
  kTimeout,
  kCancelled,
  kUnavailable,       // a peer or resource is down; retriable
  kResourceExhausted, // a limit was hit
  kIoError,
  kCorruption,        // data does not match its checksum or format
  kIllegalState,
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message, uint16_t mysql_errno = 0);

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status SyntaxError(std::string msg) { return {StatusCode::kSyntaxError, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {StatusCode::kAlreadyExists, std::move(msg)}; }
  static Status AccessDenied(std::string msg) { return {StatusCode::kAccessDenied, std::move(msg)}; }
  static Status NotSupported(std::string msg) { return {StatusCode::kNotSupported, std::move(msg)}; }
  static Status Timeout(std::string msg) { return {StatusCode::kTimeout, std::move(msg)}; }
  static Status Cancelled(std::string msg) { return {StatusCode::kCancelled, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) { return {StatusCode::kResourceExhausted, std::move(msg)}; }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status IllegalState(std::string msg) { return {StatusCode::kIllegalState, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return ok() ? StatusCode::kOk : state_->code; }
  // The message, without the code name; empty when OK.
  const std::string& message() const;
  // An explicit MySQL errno for this error, or 0 to use the code's default (mysql_error.h).
  uint16_t mysql_errno() const { return ok() ? 0 : state_->mysql_errno; }

  // A copy with "context: " put before the message (code and errno kept).
  Status WithContext(std::string_view context) const;
  // "OK" or "<CodeName>: <message>".
  std::string ToString() const;

  bool operator==(const Status& other) const;

 private:
  struct State {
    StatusCode code;
    uint16_t mysql_errno;
    std::string message;
  };
  std::shared_ptr<const State> state_;  // null when OK; immutable, so copies may share it
};

std::ostream& operator<<(std::ostream& os, const Status& s);

}  // namespace feb

#define FEB_CONCAT_IMPL(a, b) a##b
#define FEB_CONCAT(a, b) FEB_CONCAT_IMPL(a, b)

// Returns the Status of EXPR from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)                         \
  do {                                                \
    ::feb::Status _feb_status = (expr);               \
    if (!_feb_status.ok()) return _feb_status;        \
  } while (false)
