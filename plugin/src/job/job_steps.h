// What every kind of job does the same way in its steps: journal a delta and apply it
// (CommitDelta), collect the due tasks of a tracker into per-backend batches (CollectDue), and
// hand batches to the send lanes (PostBatches). Used by BackupJob and RestoreJob.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status/status.h"
#include "fe_backup/host.h"
#include "plugin/src/agent/agent_task.h"
#include "plugin/src/agent/send_lanes.h"
#include "plugin/src/agent/task_tracker.h"
#include "plugin/src/journal/module_journal.h"

namespace feb::plugin {

// Tasks of one kind handed to a send lane; the generation guards against a state change (new
// trackers) before the outcome arrives.
struct SentBatch {
  fe_backup::TaskType type;
  uint64_t generation;
  std::vector<size_t> indexes;
};

struct OutBatch {
  fe_backup::BackendInfo backend;
  std::vector<AgentTask> tasks;
  SentBatch sent;
};

// Appends `record` as a delta (JobManager::kDeltaOp) and runs `apply` under the journal gate.
// False when the journal refused (the step retries) or `apply` failed; `who` ("backup job l")
// starts the log lines, and a record with a "state" logs the transition.
bool CommitDelta(ModuleJournal& journal, const std::string& who, const nlohmann::ordered_json& record,
                 const std::function<Status()>& apply);

// The due tasks of `tracker` (now SENDING) as one batch per backend, built by `make_task`; a
// backend the host no longer knows backs its tasks off. The caller holds the job's state mutex.
std::vector<OutBatch> CollectDue(TaskTracker& tracker, fe_backup::TaskType type, uint64_t generation, int64_t now_ms,
                                 fe_backup::Backends& backends, const std::function<bool(int64_t)>& usable,
                                 const std::function<AgentTask(size_t)>& make_task);

// Posts each batch to its backend's lane. `on_sent` gets each outcome: later from the lane, or
// at once when the lane is full. Call it without the job's state mutex held.
void PostBatches(SendLanes& lanes, std::vector<OutBatch> batches,
                 const std::function<void(const SentBatch&, const SubmitOutcome&)>& on_sent);

}  // namespace feb::plugin
