#include "common/storage/retry_policy.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace feb::storage {

int64_t RetryPolicy::BackoffMs(int retry, double unit) const {
  int64_t d = std::max<int64_t>(0, initial_backoff_ms);
  for (int i = 1; i < retry && d < max_backoff_ms; ++i) d *= 2;
  d = std::min(d, max_backoff_ms);
  unit = std::clamp(unit, 0.0, 1.0);
  return d / 2 + static_cast<int64_t>(static_cast<double>(d - d / 2) * unit);
}

void RetryEnv::Sleep(int64_t ms) const {
  if (sleep) {
    sleep(ms);
  } else if (ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }
}

double RetryEnv::Random() const {
  if (random) return random();
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
}

}  // namespace feb::storage
