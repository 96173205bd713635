#include "plugin/src/job/backup_job_state.h"

#include <array>
#include <utility>

namespace feb::plugin {

namespace {
constexpr std::array<std::pair<BackupJobState, std::string_view>, 8> kNames{{
    {BackupJobState::kPending, "PENDING"},
    {BackupJobState::kSnapshoting, "SNAPSHOTING"},
    {BackupJobState::kUploadSnapshot, "UPLOAD_SNAPSHOT"},
    {BackupJobState::kUploading, "UPLOADING"},
    {BackupJobState::kSaveMeta, "SAVE_META"},
    {BackupJobState::kUploadInfo, "UPLOAD_INFO"},
    {BackupJobState::kFinished, "FINISHED"},
    {BackupJobState::kCancelled, "CANCELLED"},
}};
}  // namespace

std::string_view BackupJobStateName(BackupJobState state) {
  for (const auto& [s, n] : kNames) {
    if (s == state) return n;
  }
  return "UNKNOWN";
}

std::optional<BackupJobState> BackupJobStateFromName(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

bool IsValidBackupTransition(BackupJobState from, BackupJobState to) {
  if (IsDoneState(from)) return false;
  if (to == BackupJobState::kCancelled) return true;
  return static_cast<int>(to) == static_cast<int>(from) + 1;
}

}  // namespace feb::plugin
