// RestoreJobState: StarRocks' RestoreJobState names, shown verbatim in SHOW RESTORE.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace feb::plugin {

enum class RestoreJobState : uint8_t {
  kPending,
  kSnapshoting,
  kDownload,
  kDownloading,
  kCommit,
  kCommitting,
  kFinished,
  kCancelled,
};

std::string_view RestoreJobStateName(RestoreJobState state);
std::optional<RestoreJobState> RestoreJobStateFromName(std::string_view name);
inline bool IsDoneState(RestoreJobState s) { return s == RestoreJobState::kFinished || s == RestoreJobState::kCancelled; }

}  // namespace feb::plugin
