// RejectedTask: how a backend names a task it refused in submit_tasks' error messages,
// "[task <type> <signature>] <why>" (type = StarRocks' TTaskType number). The reference backend
// writes it; the module's sender reads it to learn which tasks of a batch were not queued.
// A message in any other shape (a stock backend) is not a RejectedTask.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feb::rpc {

struct RejectedTask {
  int32_t type = 0;
  int64_t signature = 0;
  std::string message;
};

std::string FormatRejectedTask(int32_t type, int64_t signature, std::string_view why);
std::optional<RejectedTask> ParseRejectedTask(std::string_view text);

}  // namespace feb::rpc
