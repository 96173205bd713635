// BackupJobState: the states of a backup job, named as SHOW BACKUP prints them.
#pragma once

#include <optional>
#include <string_view>

namespace feb::plugin {

enum class BackupJobState {
  kPending,
  kSnapshoting,
  kUploadSnapshot,
  kUploading,
  kSaveMeta,
  kUploadInfo,
  kFinished,
  kCancelled,
};

std::string_view BackupJobStateName(BackupJobState state);
std::optional<BackupJobState> BackupJobStateFromName(std::string_view name);
// True for the edges of the state machine: each state to the next, any unfinished state to
// CANCELLED.
bool IsValidBackupTransition(BackupJobState from, BackupJobState to);
inline bool IsDoneState(BackupJobState s) { return s == BackupJobState::kFinished || s == BackupJobState::kCancelled; }

}  // namespace feb::plugin
