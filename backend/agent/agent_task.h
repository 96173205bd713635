// AgentTask: a validated agent task in the backend's own types (no Thrift past the adapter),
// and TaskReport: what the backend tells the frontend when it finished one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "backend/storage/tablet_meta.h"
#include "common/status/status.h"

namespace feb::be {

// Values are StarRocks' TTaskType numbers.
enum class TaskType : int32_t {
  kCreate = 0,
  kDrop = 1,
  kMakeSnapshot = 8,
  kReleaseSnapshot = 9,
  kUpload = 11,
  kDownload = 12,
  kMove = 14,
};

const char* TaskTypeName(TaskType type);

struct CreateTabletTask {
  TabletMeta meta;  // identity, schema, and the single initial version
};
struct DropTabletTask {
  int64_t tablet_id = 0;
  std::optional<int32_t> schema_hash;
};
struct SnapshotTask {
  int64_t tablet_id = 0;
  int32_t schema_hash = 0;
  std::optional<int64_t> version;
  int64_t timeout_s = 0;  // 0 = default expiry
  bool list_files = false;
  // TSnapshotRequest.preferred_snapshot_format; only 4 (TPREFER_SNAPSHOT_REQ_VERSION) is served.
  int32_t snapshot_format = 4;
  // RESTORE: only create the empty "<snapshot>/<tablet>/<schema_hash>" directory that a
  // DOWNLOAD fills; no version check, no files (StarRocks' is_restore_task).
  bool is_restore_task = false;
};
struct ReleaseSnapshotTask {
  std::string snapshot_path;
};
// UPLOAD and DOWNLOAD: src -> dest pairs (local snapshot dir -> repository dir for upload,
// repository dir ".../__<tablet id>" -> local "<snapshot>/<tablet>/<schema_hash>" for
// download), sorted by src; no two pairs share a local directory.
struct TransferTask {
  int64_t job_id = 0;
  std::vector<std::pair<std::string, std::string>> src_dest;
  // The repository's properties (broker_prop): endpoint and credentials of an s3:// location.
  // May hold a secret key: never logged.
  std::map<std::string, std::string> properties;
};
// MOVE: `src` is "<snapshot>/<tablet>/<schema_hash>"; the tablet is found by id (as
// StarRocks, `schema_hash` is carried but the tablet's own is used).
struct MoveTask {
  int64_t tablet_id = 0;
  int32_t schema_hash = 0;
  std::string src;
  int64_t job_id = 0;
  bool overwrite = false;
};

struct AgentTask {
  TaskType type = TaskType::kCreate;
  int64_t signature = 0;
  std::variant<CreateTabletTask, DropTabletTask, SnapshotTask, ReleaseSnapshotTask, TransferTask, MoveTask> payload;
};

struct ReportedTablet {
  int64_t tablet_id = 0;
  int32_t schema_hash = 0;
  int64_t version = 0;
  int64_t rows = 0;
  int64_t bytes = 0;
};

struct TaskReport {
  TaskType type = TaskType::kCreate;
  int64_t signature = 0;
  Status status;
  std::optional<std::string> snapshot_path;
  std::optional<std::vector<std::string>> snapshot_files;
  std::optional<std::map<int64_t, std::vector<std::string>>> tablet_files;
  std::optional<std::vector<int64_t>> downloaded_tablet_ids;
  std::vector<ReportedTablet> finish_tablet_infos;
  // MAKE_SNAPSHOT: bytes of the snapshot's files; UPLOAD: bytes of the files now in the
  // repository (copied or already there). TFinishTaskRequest.copy_size / copy_time_ms.
  std::optional<int64_t> copy_size;
  std::optional<int64_t> copy_time_ms;
};

}  // namespace feb::be
