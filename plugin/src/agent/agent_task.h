// AgentTask: one task for a backend, as the module's own plain struct. The Thrift adapter
// (ThriftTaskSender) turns it into StarRocks' TAgentTaskRequest.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fe_backup/host.h"

namespace feb::plugin {

// TSnapshotRequest fields the backup sends.
struct SnapshotRequest {
  int64_t tablet_id = 0;
  int32_t schema_hash = 0;
  int64_t version = 0;     // the partition's visible version
  int64_t timeout_s = 0;   // snapshot expiry on the backend
  bool list_files = true;
  // RESTORE: the backend only makes the empty directory a DOWNLOAD fills (is_restore_task).
  bool is_restore = false;
};

// TUploadReq fields: each source directory on the backend goes to one repository directory.
struct UploadRequest {
  int64_t job_id = 0;
  std::vector<std::pair<std::string, std::string>> src_dest;
  std::map<std::string, std::string> properties;  // storage credentials for broker-less access
};

// TDownloadReq fields: each repository tablet directory goes to one local snapshot directory.
struct DownloadRequest {
  int64_t job_id = 0;
  std::vector<std::pair<std::string, std::string>> src_dest;
  std::map<std::string, std::string> properties;  // storage credentials for broker-less access
};

// TMoveDirReq: the downloaded directory replaces the (new, empty) tablet's data.
struct MoveRequest {
  int64_t tablet_id = 0;
  int32_t schema_hash = 0;
  std::string src;
  int64_t job_id = 0;
};

// TReleaseSnapshotRequest.
struct ReleaseRequest {
  std::string snapshot_path;
};

struct AgentTask {
  fe_backup::TaskType type = fe_backup::TaskType::kMakeSnapshot;
  int64_t signature = 0;
  int64_t backend_id = 0;
  std::optional<SnapshotRequest> snapshot;
  std::optional<UploadRequest> upload;
  std::optional<ReleaseRequest> release;
  std::optional<DownloadRequest> download;
  std::optional<MoveRequest> move;
};

}  // namespace feb::plugin
