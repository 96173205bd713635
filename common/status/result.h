// Result<T>: a value or the Status that explains why there is none.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "common/status/status.h"

namespace feb {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status has no value");
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when there is a value.
  Status status() const { return ok() ? Status::OK() : std::get<Status>(v_); }

  // Precondition: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace feb

// Evaluates EXPR (a Result<T>); on error returns its Status, else moves the value into LHS.
#define ASSIGN_OR_RETURN(lhs, expr)                                        \
  auto FEB_CONCAT(_feb_result_, __LINE__) = (expr);                        \
  if (!FEB_CONCAT(_feb_result_, __LINE__).ok())                            \
    return FEB_CONCAT(_feb_result_, __LINE__).status();                    \
  lhs = std::move(FEB_CONCAT(_feb_result_, __LINE__)).value()
