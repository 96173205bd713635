// RetryPolicy: how often and how patiently a failed remote call is tried again (bounded,
// jittered exponential backoff). RetryEnv: the clock, sleep and randomness the retry loop uses,
// injected so that tests run it without waiting.
#pragma once

#include <cstdint>
#include <functional>

#include "common/time/clock.h"

namespace feb::storage {

struct RetryPolicy {
  int max_attempts = 6;             // tries in all, the first included (>= 1)
  int64_t initial_backoff_ms = 100;  // delay before the first retry, before jitter
  int64_t max_backoff_ms = 5000;     // cap of one delay
  int64_t max_total_ms = 60000;      // no retry starts when it would end later than this after the first try began

  // The delay before retry number `retry` (1 = the first retry): d = min(max_backoff_ms,
  // initial_backoff_ms * 2^(retry-1)), jittered uniformly into [d/2, d] by `unit` in [0, 1).
  int64_t BackoffMs(int retry, double unit) const;
};

struct RetryEnv {
  const Clock* clock = SystemClock::Get();     // MonotonicMs for the budget, NowMs for signing
  std::function<void(int64_t ms)> sleep;       // empty: std::this_thread::sleep_for
  std::function<double()> random;              // [0, 1); empty: a per-thread generator

  void Sleep(int64_t ms) const;
  double Random() const;
};

}  // namespace feb::storage
