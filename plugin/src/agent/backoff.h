// Backoff: bounded exponential backoff with jitter for re-sending tasks.
#pragma once

#include <cstdint>
#include <functional>

namespace feb::plugin {

class Backoff {
 public:
  // `random01` returns a uniformly distributed value in [0, 1); injected for tests.
  Backoff(int64_t base_ms, int64_t max_ms, std::function<double()> random01);

  // Delay before attempt number `attempt` (1 = the first retry): min(max, base * 2^(attempt-1)),
  // scaled by a random factor in [0.5, 1.0).
  int64_t DelayMs(int attempt) const;

 private:
  int64_t base_ms_;
  int64_t max_ms_;
  std::function<double()> random01_;
};

}  // namespace feb::plugin
