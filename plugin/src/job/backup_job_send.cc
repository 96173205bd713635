// BackupJob: sending its due tasks through the backends' send lanes, and what a send's outcome
// does to each task.
#include "plugin/src/job/backup_job.h"

#include <glog/logging.h>

#include <algorithm>

#include "common/time/time_format.h"
#include "plugin/src/agent/error_text.h"
#include "plugin/src/job/job_manager.h"
#include "plugin/src/job/replica_chooser.h"
#include "plugin/src/job/text_list.h"
#include "plugin/src/repository/backup_job_info.h"
#include "plugin/src/repository/backup_meta.h"
#include "plugin/src/repository/json_text.h"
#include "plugin/src/repository/repository_layout.h"

namespace feb::plugin {

using fe_backup::TaskAnswer;
using fe_backup::TaskType;

// ------------------------------------------------------------------------------------------
// Sending
// ------------------------------------------------------------------------------------------

AgentTask BackupJob::MakeTaskLocked(TaskType type, size_t i, const SnapshotRepository* repo) const {
  AgentTask task;
  task.type = type;
  if (type == TaskType::kMakeSnapshot) {
    const Tablet& t = tablets_[i];
    const Group& g = groups_[t.group];
    task.signature = snapshots_.SignatureOf(i);
    task.backend_id = snapshots_.backend(i);
    task.snapshot = SnapshotRequest{t.id, g.schema_hash, g.version, timeout_ms_ / 1000, true};
  } else if (type == TaskType::kUpload) {
    const Upload& u = uploads_[i];
    task.signature = upload_tasks_.SignatureOf(i);
    task.backend_id = u.backend;
    UploadRequest req;
    req.job_id = job_id_;
    req.properties = repo->properties();
    for (uint32_t k = u.first; k < u.first + u.count; ++k) {
      const Tablet& t = tablets_[upload_tablets_[k]];
      const Group& g = groups_[t.group];
      req.src_dest.emplace_back(t.path + "/" + std::to_string(t.id) + "/" + std::to_string(g.schema_hash),
                                repo->layout().TabletDir(label_, db_id_, g.table_id, g.partition_id, g.index_id, t.id));
    }
    task.upload = std::move(req);
  } else {
    task.signature = release_tasks_.SignatureOf(i);
    task.backend_id = releases_[i].first;
    task.release = ReleaseRequest{releases_[i].second};
  }
  return task;
}

void BackupJob::SendDue() {
  std::shared_ptr<SnapshotRepository> repo = ctx_.repos->FindById(repo_id_);
  std::vector<OutBatch> outs;
  std::vector<AgentTask> extras;
  {
    MutexLock l(mu_);
    extras.swap(extra_releases_);
    int64_t now = ctx_.clock->MonotonicMs();
    auto usable = [this](int64_t be) { return BackendAlive(be); };
    for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kUpload, TaskType::kReleaseSnapshot}) {
      if (type == TaskType::kUpload && repo == nullptr) continue;
      for (OutBatch& o : CollectDue(*TrackerLocked(type), type, generation_, now, ctx_.host->backends(), usable,
                                    [&](size_t i) NO_THREAD_SAFETY_ANALYSIS { return MakeTaskLocked(type, i, repo.get()); })) {
        outs.push_back(std::move(o));
      }
    }
  }
  std::map<int64_t, std::vector<AgentTask>> extra_by_backend;
  for (auto& t : extras) extra_by_backend[t.backend_id].push_back(std::move(t));
  for (auto& [backend, tasks] : extra_by_backend) {
    std::optional<fe_backup::BackendInfo> be = ctx_.host->backends().Find(backend);
    if (be && be->alive) (void)ctx_.lanes->Post(*be, std::move(tasks), nullptr);
  }
  std::weak_ptr<BackupJob> self = weak_from_this();
  PostBatches(*ctx_.lanes, std::move(outs), [self](const SentBatch& sent, const SubmitOutcome& outcome) {
    if (std::shared_ptr<BackupJob> job = self.lock()) job->OnSent(sent, outcome);
  });
}

void BackupJob::OnSent(const SentBatch& sent, const SubmitOutcome& outcome) {
  MutexLock l(mu_);
  if (sent.generation != generation_) return;
  TaskTracker* tracker = TrackerLocked(sent.type);
  if (tracker == nullptr) return;
  tracker->ApplyOutcome(sent.indexes, outcome, ctx_.clock->MonotonicMs());
}

void BackupJob::ReleaseExtraLocked(int64_t backend, int64_t signature, const std::string& path) {
  AgentTask t;
  t.type = TaskType::kReleaseSnapshot;
  // The snapshot's own signature: unique among RELEASE_SNAPSHOT tasks, and no id (no I/O) is
  // needed under the state mutex.
  t.signature = signature;
  t.backend_id = backend;
  t.release = ReleaseRequest{path};
  extra_releases_.push_back(std::move(t));
}

}  // namespace feb::plugin
