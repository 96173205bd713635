#include "plugin/src/job/restore_job_state.h"

#include <array>

namespace feb::plugin {

namespace {
constexpr std::array<std::string_view, 8> kNames = {"PENDING", "SNAPSHOTING", "DOWNLOAD", "DOWNLOADING",
                                                    "COMMIT",  "COMMITTING",  "FINISHED", "CANCELLED"};
}  // namespace

std::string_view RestoreJobStateName(RestoreJobState state) { return kNames[static_cast<size_t>(state)]; }

std::optional<RestoreJobState> RestoreJobStateFromName(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<RestoreJobState>(i);
  }
  return std::nullopt;
}

}  // namespace feb::plugin
