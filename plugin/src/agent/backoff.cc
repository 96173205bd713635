#include "plugin/src/agent/backoff.h"

#include <algorithm>

namespace feb::plugin {

Backoff::Backoff(int64_t base_ms, int64_t max_ms, std::function<double()> random01)
    : base_ms_(std::max<int64_t>(1, base_ms)), max_ms_(std::max(base_ms, max_ms)), random01_(std::move(random01)) {}

int64_t Backoff::DelayMs(int attempt) const {
  int64_t delay = base_ms_;
  for (int i = 1; i < attempt && delay < max_ms_; ++i) delay *= 2;
  delay = std::min(delay, max_ms_);
  double factor = 0.5 + 0.5 * std::clamp(random01_(), 0.0, 0.999999);
  return std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(delay) * factor));
}

}  // namespace feb::plugin
