// FeClient: what the backend calls on the frontend (FrontendService), behind an interface so
// tests can script the frontend. Implementations must be thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "backend/agent/agent_task.h"
#include "backend/storage/tablet_meta.h"
#include "common/status/result.h"

namespace feb::be {

class FeClient {
 public:
  virtual ~FeClient() = default;
  // finishTask. Unavailable/Timeout: the frontend was not reached (worth retrying);
  // other errors: the frontend answered with a non-OK status (final).
  virtual Status FinishTask(const TaskReport& report) = 0;
  // snapshotLoaderReport: true = go on, false = the frontend answered CANCELLED.
  // Errors mean the frontend was not reached.
  virtual Result<bool> LoaderReport(int64_t job_id, int64_t task_id, TaskType type, int32_t finished, int32_t total) = 0;
  // report: the signatures of every task queued or running, and the tablets held.
  virtual Status Report(const std::map<TaskType, std::set<int64_t>>& running, const std::vector<TabletMeta>& tablets) = 0;
};

}  // namespace feb::be
