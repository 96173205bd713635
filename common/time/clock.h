// Clock: the one source of "now" for code that must be testable with a fake clock.
#pragma once

#include <atomic>
#include <cstdint>

namespace feb {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time in milliseconds since the Unix epoch (stamps shown to users, file names).
  virtual int64_t NowMs() const = 0;
  // Monotonic milliseconds (deadlines, backoff); only differences are meaningful.
  virtual int64_t MonotonicMs() const = 0;
};

// The real clocks of the machine. Thread-safe.
class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  int64_t MonotonicMs() const override;
  // A process-wide instance (stateless).
  static SystemClock* Get();
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_ms = 1700000000000) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  int64_t MonotonicMs() const override { return now_ms_.load(); }
  void AdvanceMs(int64_t ms) { now_ms_ += ms; }
  void SetMs(int64_t ms) { now_ms_ = ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace feb
