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
};

// TUploadReq fields: each source directory on the backend goes to one repository directory.
struct UploadRequest {
  int64_t job_id = 0;
  std::vector<std::pair<std::string, std::string>> src_dest;
  std::map<std::string, std::string> properties;  // storage credentials for broker-less access
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
};

}  // namespace feb::plugin
