#include "plugin/src/job/job_steps.h"

#include <glog/logging.h>

#include "plugin/src/job/job_manager.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

bool CommitDelta(ModuleJournal& journal, const std::string& who, const nlohmann::ordered_json& record,
                 const std::function<Status()>& apply) {
  Status applied;
  Status s = journal.Append(JobManager::kDeltaOp, DumpJson(record), [&] { applied = apply(); });
  if (!s.ok()) {
    LOG(WARNING) << who << ": " << s << "; will retry";
    return false;
  }
  if (!applied.ok()) {
    LOG(ERROR) << who << ": journaled record not applied: " << applied;
    return false;
  }
  if (record.contains("state")) LOG(INFO) << who << ": now " << record["state"].get<std::string>();
  return true;
}

std::vector<OutBatch> CollectDue(TaskTracker& tracker, fe_backup::TaskType type, uint64_t generation, int64_t now_ms,
                                 fe_backup::Backends& backends, const std::function<bool(int64_t)>& usable,
                                 const std::function<AgentTask(size_t)>& make_task) {
  std::vector<OutBatch> out;
  if (tracker.size() == 0 || tracker.all_done()) return out;
  for (auto& [backend, indexes] : tracker.TakeDue(now_ms, usable)) {
    std::optional<fe_backup::BackendInfo> be = backends.Find(backend);
    if (!be) {
      for (size_t i : indexes) tracker.OnRejected(i, now_ms, "backend " + std::to_string(backend) + " does not exist");
      continue;
    }
    OutBatch o{*be, {}, SentBatch{type, generation, indexes}};
    for (size_t i : indexes) o.tasks.push_back(make_task(i));
    out.push_back(std::move(o));
  }
  return out;
}

void PostBatches(SendLanes& lanes, std::vector<OutBatch> batches,
                 const std::function<void(const SentBatch&, const SubmitOutcome&)>& on_sent) {
  for (auto& o : batches) {
    SentBatch sent = o.sent;
    bool queued = lanes.Post(o.backend, std::move(o.tasks),
                             [on_sent, sent](const SubmitOutcome& outcome) { on_sent(sent, outcome); });
    if (!queued) {
      SubmitOutcome busy;
      busy.transport = Status::ResourceExhausted("the send lane of backend " + std::to_string(o.backend.id) + " is full");
      on_sent(sent, busy);
    }
  }
}

}  // namespace feb::plugin
