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

namespace {

// A backend's snapshot report must name plain file names (they become repository file names)
// and an absolute path without NUL bytes.
bool ValidSnapshotReport(const std::string& path, const std::vector<std::string>& files) {
  if (path.empty() || path.size() > 4096 || path.find('\0') != std::string::npos || path[0] != '/') return false;
  for (const auto& f : files) {
    if (!RepositoryLayout::IsSafeFileName(f) || f.find('\n') != std::string::npos) return false;
  }
  return true;
}

}  // namespace

BackupJob::BackupJob(JobContext context, BackupJobOptions options)
    : ctx_(std::move(context)),
      options_(options),
      backoff_(options.retry_base_ms, options.retry_max_ms, ctx_.random01 ? ctx_.random01 : [] { return 0.5; }) {}

BackupJob::BackupJob(const AnalyzedBackup& request, int64_t job_id, JobContext context, BackupJobOptions options)
    : BackupJob(std::move(context), options) {
  job_id_ = job_id;
  label_ = request.label;
  db_id_ = request.db_id;
  db_name_ = request.db_name;
  repo_id_ = request.repo_id;
  repo_name_ = request.repo_name;
  table_refs_ = request.tables;
  timeout_ms_ = request.timeout_ms;
  create_time_ms_ = ctx_.clock->NowMs();
}

Status BackupJob::Persist() {
  std::string image = Image();
  return ctx_.journal->Append(kImageOp, image);
}

bool BackupJob::done() const {
  MutexLock l(mu_);
  return IsDoneState(state_);
}

int64_t BackupJob::finished_time_ms() const {
  MutexLock l(mu_);
  return finished_time_ms_;
}

BackupJobState BackupJob::state() const {
  MutexLock l(mu_);
  return state_;
}

JobStatus BackupJob::status() const {
  MutexLock l(mu_);
  return status_;
}

bool BackupJob::owes_releases() const {
  MutexLock l(mu_);
  return release_tasks_.size() > release_tasks_.done_count() || !extra_releases_.empty();
}

void BackupJob::Wake() const {
  if (ctx_.wake) ctx_.wake();
}

bool BackupJob::BackendAlive(int64_t backend_id) const {
  std::optional<fe_backup::BackendInfo> be = ctx_.host->backends().Find(backend_id);
  return be.has_value() && be->alive;
}

// ------------------------------------------------------------------------------------------
// Driving the state machine
// ------------------------------------------------------------------------------------------

void BackupJob::Run() {
  MutexLock step(step_mu_);
  std::shared_ptr<SnapshotRepository> repo = ctx_.repos->FindById(repo_id_);
  // Each state that completes falls through to the next in the same step.
  for (int guard = 0; guard < 8; ++guard) {
    BackupJobState before;
    std::optional<JobStatus> fatal;
    {
      MutexLock l(mu_);
      before = state_;
      fatal = fatal_;
    }
    if (IsDoneState(before)) break;
    // The timeout counts from creation, also across restarts.
    if (ctx_.clock->NowMs() - create_time_ms_ > timeout_ms_) {
      (void)CancelStep(JobStatus(JobStatus::Code::kTimeout, ""));
      break;
    }
    if (repo == nullptr) {
      (void)CancelStep(JobStatus(JobStatus::Code::kCommonError, "failed to get repository: " + std::to_string(repo_id_)));
      break;
    }
    if (fatal) {
      (void)CancelStep(*fatal);
      break;
    }
    switch (before) {
      case BackupJobState::kPending:
        StepPending();
        break;
      case BackupJobState::kSnapshoting: {
        StepFailOver();
        bool flushed = FlushCompletions();
        bool all;
        {
          MutexLock l(mu_);
          all = snapshots_.all_done();
        }
        if (flushed && all) (void)Commit(
            [&] {
              MutexLock l(mu_);
              return TransitionRecordLocked(BackupJobState::kUploadSnapshot);
            }());
        break;
      }
      case BackupJobState::kUploadSnapshot:
        StepUploadSnapshot();
        break;
      case BackupJobState::kUploading: {
        bool flushed = FlushCompletions();
        bool all;
        {
          MutexLock l(mu_);
          all = upload_tasks_.all_done();
        }
        if (flushed && all) (void)Commit(
            [&] {
              MutexLock l(mu_);
              return TransitionRecordLocked(BackupJobState::kSaveMeta);
            }());
        break;
      }
      case BackupJobState::kSaveMeta:
        StepSaveMeta(*repo);
        break;
      case BackupJobState::kUploadInfo:
        StepUploadInfo(*repo);
        break;
      case BackupJobState::kFinished:
      case BackupJobState::kCancelled:
        break;
    }
    MutexLock l(mu_);
    if (state_ == before) break;
  }
  (void)FlushCompletions();  // release acknowledgements, also of a done job
  SendDue();
}

bool BackupJob::Commit(Json record) {
  Status applied;
  Status s = ctx_.journal->Append(JobManager::kDeltaOp, DumpJson(record), [&] {
    MutexLock l(mu_);
    applied = ApplyLocked(record);
  });
  if (!s.ok()) {
    LOG(WARNING) << "backup job " << label_ << ": " << s << "; will retry";
    return false;
  }
  if (!applied.ok()) LOG(ERROR) << "backup job " << label_ << ": journaled record not applied: " << applied;
  return applied.ok();
}

bool BackupJob::FlushCompletions() {
  Json record;
  std::vector<uint32_t> snaps, rels;
  std::vector<std::pair<uint32_t, int64_t>> ups;
  {
    MutexLock l(mu_);
    if (new_snapshots_.empty() && new_uploads_.empty() && new_releases_.empty()) return true;
    snaps.swap(new_snapshots_);
    ups.swap(new_uploads_);
    rels.swap(new_releases_);
    record = Json{{"jobId", job_id_}};
    if (!snaps.empty()) {
      Json a = Json::array();
      for (uint32_t i : snaps) {
        const Tablet& t = tablets_[i];
        a.push_back(Json::array({i, t.backend, t.path, t.files, t.bytes}));
      }
      record["snapshots"] = std::move(a);
    }
    if (!ups.empty()) {
      Json a = Json::array();
      for (auto [j, bytes] : ups) {
        Json files = Json::array();
        const Upload& u = uploads_[j];
        for (uint32_t k = u.first; k < u.first + u.count; ++k) files.push_back(tablets_[upload_tablets_[k]].files);
        a.push_back(Json::array({j, bytes, std::move(files)}));
      }
      record["uploads"] = std::move(a);
    }
    if (!rels.empty()) record["releases"] = rels;
  }
  Status s = ctx_.journal->Append(JobManager::kDeltaOp, DumpJson(record));
  if (s.ok()) return true;
  LOG(WARNING) << "backup job " << label_ << ": " << s << "; completions are journaled later";
  MutexLock l(mu_);
  new_snapshots_.insert(new_snapshots_.end(), snaps.begin(), snaps.end());
  new_uploads_.insert(new_uploads_.end(), ups.begin(), ups.end());
  new_releases_.insert(new_releases_.end(), rels.begin(), rels.end());
  return false;
}

void BackupJob::StepPending() {
  fe_backup::Host& host = *ctx_.host;
  if (!host.catalog().FindDatabaseById(db_id_)) {
    (void)CancelStep(JobStatus(JobStatus::Code::kNotFound, "database " + std::to_string(db_id_) + " does not exist"));
    return;
  }
  auto lock = host.locks().ReadLock(db_id_, std::chrono::milliseconds(options_.lock_timeout_ms));
  if (!lock.ok()) {
    LOG(WARNING) << "backup job " << label_ << ": " << lock.status.message << "; will retry";
    return;
  }
  std::vector<Group> groups;
  std::vector<Tablet> tablets;
  std::vector<fe_backup::TableInfo> meta;
  for (const auto& ref : table_refs_) {
    std::optional<fe_backup::TableInfo> table = host.catalog().FindTable(db_id_, ref.table);
    if (!table) {
      lock.value->reset();
      (void)CancelStep(JobStatus(JobStatus::Code::kNotFound, "table " + ref.table + " does not exist"));
      return;
    }
    if (table->kind != fe_backup::TableKind::kOlap) {
      lock.value->reset();
      (void)CancelStep(JobStatus(JobStatus::Code::kUnsupported, "Table: " + ref.table +
                                                                    " can not support backup restore, type: " +
                                                                    fe_backup::TableKindName(table->kind)));
      return;
    }
    std::vector<fe_backup::PartitionInfo> selected;
    if (ref.partitions.empty()) {
      selected = table->partitions;
    } else {
      for (const auto& pname : ref.partitions) {
        auto it = std::find_if(table->partitions.begin(), table->partitions.end(),
                               [&](const fe_backup::PartitionInfo& p) { return p.name == pname; });
        if (it == table->partitions.end()) {
          lock.value->reset();
          (void)CancelStep(
              JobStatus(JobStatus::Code::kNotFound, "partition " + pname + " does not exist  in table" + ref.table));
          return;
        }
        selected.push_back(*it);
      }
    }
    for (auto& partition : selected) {
      for (auto& index : partition.indexes) {
        groups.push_back(Group{table->id, partition.id, index.id, index.schema_hash, partition.visible_version});
        for (auto& tablet : index.tablets) {
          std::optional<int64_t> be = ChooseReplica(host.backends(), tablet, partition.visible_version,
                                                    index.schema_hash, {});
          if (!be) {
            lock.value->reset();
            (void)CancelStep(JobStatus(JobStatus::Code::kCommonError,
                                       "failed to choose replica to make snapshot for tablet " +
                                           std::to_string(tablet.id) +
                                           ". visible version: " + std::to_string(partition.visible_version)));
            return;
          }
          Tablet t;
          t.id = tablet.id;
          t.backend = *be;
          t.group = static_cast<uint32_t>(groups.size() - 1);
          tablets.push_back(std::move(t));
          tablet.replicas.clear();  // the meta keeps tablet ids only
        }
      }
    }
    fe_backup::TableInfo copy = *table;
    copy.partitions = std::move(selected);
    // The definition lists only the partitions backed up.
    std::vector<fe_backup::RangePartitionDefinition> defs;
    for (const auto& p : copy.partitions) {
      for (const auto& d : copy.definition.partitions) {
        if (d.name == p.name) defs.push_back(d);
      }
    }
    copy.definition.partitions = std::move(defs);
    meta.push_back(std::move(copy));
  }
  lock.value->reset();

  int64_t first = tablets.empty() ? 0 : ctx_.journal->NextIds(static_cast<int64_t>(tablets.size()));
  Json record;
  {
    MutexLock l(mu_);
    record = TransitionRecordLocked(BackupJobState::kSnapshoting);
  }
  record["snapshotFirst"] = first;
  Json g = Json::array();
  for (const auto& x : groups) g.push_back(Json::array({x.table_id, x.partition_id, x.index_id, x.schema_hash, x.version}));
  record["groups"] = std::move(g);
  // Flat [tablet, group, backend, ...]: three numbers a tablet.
  Json flat = Json::array();
  for (const auto& t : tablets) {
    flat.push_back(t.id);
    flat.push_back(t.group);
    flat.push_back(t.backend);
  }
  record["tablets"] = std::move(flat);
  Json m = Json::array();
  for (const auto& t : meta) m.push_back(Json::parse(TableInfoToJsonText(t)));
  record["backupMeta"] = std::move(m);
  (void)Commit(std::move(record));
}

void BackupJob::StepFailOver() {
  // Tablets whose backend is down, or that failed too often on it.
  std::vector<std::pair<uint32_t, int64_t>> moving;  // tablet index, backend to avoid
  std::map<int64_t, bool> alive;
  {
    MutexLock l(mu_);
    for (size_t i = 0; i < snapshots_.size(); ++i) {
      if (snapshots_.state(i) == TaskTracker::State::kDone) continue;
      int64_t be = snapshots_.backend(i);
      auto it = alive.find(be);
      if (it == alive.end()) it = alive.emplace(be, BackendAlive(be)).first;
      if (!it->second || snapshots_.attempts(i) >= options_.snapshot_attempts_per_replica) {
        moving.emplace_back(static_cast<uint32_t>(i), be);
      }
    }
  }
  if (moving.empty()) return;
  std::map<int64_t, std::optional<fe_backup::TableInfo>> tables;
  std::vector<std::pair<uint32_t, int64_t>> moved;
  for (auto [i, avoid] : moving) {
    Group g;
    int64_t tablet_id;
    {
      MutexLock l(mu_);
      g = groups_[tablets_[i].group];
      tablet_id = tablets_[i].id;
    }
    auto tit = tables.find(g.table_id);
    if (tit == tables.end()) tit = tables.emplace(g.table_id, ctx_.host->catalog().FindTableById(db_id_, g.table_id)).first;
    if (!tit->second) continue;
    const fe_backup::TabletInfo* tablet = FindTablet(*tit->second, g.partition_id, g.index_id, tablet_id);
    if (tablet == nullptr) continue;
    std::optional<int64_t> be = ChooseReplica(ctx_.host->backends(), *tablet, g.version, g.schema_hash, {avoid});
    if (be) moved.emplace_back(i, *be);
  }
  MutexLock l(mu_);
  int64_t now = ctx_.clock->MonotonicMs();
  for (auto [i, be] : moved) {
    if (snapshots_.state(i) == TaskTracker::State::kDone) continue;
    LOG(INFO) << "backup job " << label_ << ": tablet " << tablets_[i].id << " snapshots on backend " << be
              << " instead of " << tablets_[i].backend;
    tablets_[i].backend = be;
    snapshots_.Reassign(i, be, now);
  }
}

void BackupJob::StepUploadSnapshot() {
  std::map<int64_t, std::vector<uint32_t>> by_backend;
  {
    MutexLock l(mu_);
    for (uint32_t i = 0; i < tablets_.size(); ++i) by_backend[tablets_[i].backend].push_back(i);
  }
  // [[backend, tablet index, ...], ...] — one array an upload task.
  Json uploads = Json::array();
  for (auto& [backend, idx] : by_backend) {
    size_t n = idx.size();
    size_t batches = n;
    if (options_.max_upload_task_per_be > 0) batches = std::min<size_t>(n, options_.max_upload_task_per_be);
    size_t per_batch = std::max<size_t>(n / batches, 1);
    size_t next = 0;
    for (size_t b = 0; b < batches && next < n; ++b) {
      size_t end = (b + 1 == batches) ? n : std::min(n, next + per_batch);
      Json task = Json::array({backend});
      for (size_t k = next; k < end; ++k) task.push_back(idx[k]);
      uploads.push_back(std::move(task));
      next = end;
    }
  }
  int64_t first = uploads.empty() ? 0 : ctx_.journal->NextIds(static_cast<int64_t>(uploads.size()));
  Json record;
  {
    MutexLock l(mu_);
    record = TransitionRecordLocked(BackupJobState::kUploading);
  }
  record["uploadFirst"] = first;
  record["uploadTasks"] = std::move(uploads);
  (void)Commit(std::move(record));
}

void BackupJob::StepSaveMeta(SnapshotRepository& repo) {
  BackupMeta meta;
  meta.database = db_name_;
  {
    MutexLock l(mu_);
    meta.tables = meta_tables_;
  }
  Result<std::string> published = repo.Publish(repo.layout().MetaPath(label_), meta.ToJson());
  if (!published.ok()) {
    (void)CancelStep(JobStatus(JobStatus::Code::kCommonError,
                               "failed to save meta info and job info file: " + published.status().message()));
    return;
  }
  // The snapshots are in the repository now: the transition also starts releasing them.
  int64_t releases;
  {
    MutexLock l(mu_);
    releases = static_cast<int64_t>(tablets_.size());
  }
  Json record;
  {
    MutexLock l(mu_);
    record = TransitionRecordLocked(BackupJobState::kUploadInfo);
  }
  record["releaseFirst"] = releases > 0 ? ctx_.journal->NextIds(releases) : 0;
  (void)Commit(std::move(record));
}

void BackupJob::StepUploadInfo(SnapshotRepository& repo) {
  BackupJobInfo info;
  info.name = label_;
  info.database = db_name_;
  info.db_id = db_id_;
  info.backup_time = create_time_ms_;
  {
    MutexLock l(mu_);
    std::map<int64_t, const Tablet*> by_id;
    for (const auto& t : tablets_) by_id[t.id] = &t;
    for (const auto& table : meta_tables_) {
      BackupJobInfo::Table t{table.name, table.id, {}};
      for (const auto& p : table.partitions) {
        BackupJobInfo::Partition part{p.name, p.id, p.visible_version, {}};
        for (const auto& idx : p.indexes) {
          BackupJobInfo::Index index{idx.name, idx.id, idx.schema_hash, {}};
          for (const auto& tablet : idx.tablets) {
            auto it = by_id.find(tablet.id);
            index.tablets.push_back({tablet.id, it == by_id.end() ? std::vector<std::string>{} : FilesOf(*it->second)});
          }
          part.indexes.push_back(std::move(index));
        }
        t.partitions.push_back(std::move(part));
      }
      info.tables.push_back(std::move(t));
    }
  }
  Result<std::string> published =
      repo.Publish(repo.layout().InfoPath(label_, FormatSnapshotTimestamp(create_time_ms_)), info.ToJson());
  if (!published.ok()) {
    // Retried on every step until the job times out, as StarRocks does.
    MutexLock l(mu_);
    last_info_error_ = CapText("failed to upload job info file: " + published.status().message(), 1024);
    LOG(WARNING) << "backup job " << label_ << ": " << last_info_error_;
    return;
  }
  Json record;
  {
    MutexLock l(mu_);
    last_info_error_.clear();
    record = TransitionRecordLocked(BackupJobState::kFinished);
  }
  (void)Commit(std::move(record));
}

Status BackupJob::Cancel() {
  MutexLock step(step_mu_);
  {
    MutexLock l(mu_);
    if (IsDoneState(state_)) {
      return Status::IllegalState("Job with label " + label_ + " can not be cancelled. state: " +
                                  std::string(BackupJobStateName(state_)));
    }
  }
  Status s = CancelStep(JobStatus(JobStatus::Code::kCommonError, "user cancelled"));
  SendDue();
  return s;
}

Status BackupJob::CancelStep(JobStatus status) {
  (void)FlushCompletions();  // snapshots taken are journaled, so that their release is owed
  Json record;
  BackupJobState from;
  int64_t releases = 0;
  {
    MutexLock l(mu_);
    if (IsDoneState(state_)) return Status::OK();
    from = state_;
    record = TransitionRecordLocked(BackupJobState::kCancelled);
    record["status"] = Json{{"ec", JobStatus::CodeName(status.code())}, {"em", status.message()}};
    // From UPLOAD_INFO on, the releases started when SAVE_META finished.
    if (from < BackupJobState::kUploadInfo) {
      for (const auto& t : tablets_) releases += t.path.empty() ? 0 : 1;
    }
  }
  if (releases > 0) record["releaseFirst"] = ctx_.journal->NextIds(releases);
  if (!Commit(std::move(record))) return Status::Unavailable("failed to journal the cancellation of job " + label_);
  LOG(INFO) << "backup job " << label_ << " cancelled in " << BackupJobStateName(from) << ": " << status.ToString();
  std::shared_ptr<SnapshotRepository> repo = ctx_.repos->FindById(repo_id_);
  if (repo != nullptr && from >= BackupJobState::kUploadSnapshot) {
    Result<int> removed = repo->RemovePartFiles(label_);
    if (!removed.ok()) {
      LOG(WARNING) << "backup job " << label_ << ": could not remove unpublished files: " << removed.status();
    }
  }
  return Status::OK();
}

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
  struct Out {
    fe_backup::BackendInfo backend;
    std::vector<AgentTask> tasks;
    Sent sent;
  };
  std::vector<Out> outs;
  std::vector<AgentTask> extras;
  {
    MutexLock l(mu_);
    extras.swap(extra_releases_);
    int64_t now = ctx_.clock->MonotonicMs();
    auto usable = [this](int64_t be) { return BackendAlive(be); };
    for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kUpload, TaskType::kReleaseSnapshot}) {
      TaskTracker* tracker = TrackerLocked(type);
      if (tracker == nullptr || tracker->all_done()) continue;
      if (type == TaskType::kUpload && repo == nullptr) continue;
      for (auto& [backend, indexes] : tracker->TakeDue(now, usable)) {
        std::optional<fe_backup::BackendInfo> be = ctx_.host->backends().Find(backend);
        if (!be) {
          for (size_t i : indexes) tracker->OnRejected(i, now, "backend " + std::to_string(backend) + " does not exist");
          continue;
        }
        Out o{*be, {}, Sent{type, generation_, indexes}};
        for (size_t i : indexes) o.tasks.push_back(MakeTaskLocked(type, i, repo.get()));
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
  for (auto& o : outs) {
    Sent sent = o.sent;
    bool queued = ctx_.lanes->Post(o.backend, std::move(o.tasks), [self, sent](const SubmitOutcome& outcome) {
      if (std::shared_ptr<BackupJob> job = self.lock()) job->OnSent(sent, outcome);
    });
    if (!queued) {
      SubmitOutcome busy;
      busy.transport = Status::ResourceExhausted("the send lane of backend " + std::to_string(o.backend.id) + " is full");
      OnSent(sent, busy);
    }
  }
}

void BackupJob::OnSent(const Sent& sent, const SubmitOutcome& outcome) {
  MutexLock l(mu_);
  if (sent.generation != generation_) return;
  TaskTracker* tracker = TrackerLocked(sent.type);
  if (tracker == nullptr) return;
  int64_t now = ctx_.clock->MonotonicMs();
  if (!outcome.transport.ok()) {
    std::string why = CapText("failed to send task: " + outcome.transport.message(), TaskTracker::kMaxErrorBytes);
    for (size_t i : sent.indexes) tracker->OnRejected(i, now, why);
    return;
  }
  std::set<size_t> refused;
  for (const auto& [pos, why] : outcome.rejected) {
    if (pos >= sent.indexes.size()) continue;
    refused.insert(pos);
    tracker->OnRejected(sent.indexes[pos], now, "backend refused the task: " + why);
  }
  for (size_t pos = 0; pos < sent.indexes.size(); ++pos) {
    if (!refused.count(pos)) tracker->OnAccepted(sent.indexes[pos], now);
  }
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

// ------------------------------------------------------------------------------------------
// Reports
// ------------------------------------------------------------------------------------------

TaskTracker* BackupJob::TrackerLocked(TaskType type) {
  switch (type) {
    case TaskType::kMakeSnapshot: return &snapshots_;
    case TaskType::kUpload: return &upload_tasks_;
    case TaskType::kReleaseSnapshot: return &release_tasks_;
    default: return nullptr;
  }
}

TaskAnswer BackupJob::OnFinishTask(const fe_backup::FinishedTask& task) {
  bool wake = false;
  TaskAnswer answer = TaskAnswer::kCancelled;
  {
    MutexLock l(mu_);
    size_t before = new_snapshots_.size() + new_uploads_.size();
    bool fatal_before = fatal_.has_value();
    if (task.type == TaskType::kMakeSnapshot) {
      answer = OnSnapshotReportLocked(task);
      wake = snapshots_.all_done();
    } else if (task.type == TaskType::kUpload) {
      answer = OnUploadReportLocked(task);
      wake = upload_tasks_.all_done();
    } else if (task.type == TaskType::kReleaseSnapshot && release_tasks_.Owns(task.signature)) {
      size_t i = release_tasks_.IndexOf(task.signature);
      int64_t now = ctx_.clock->MonotonicMs();
      if (release_tasks_.backend(i) != task.backend_id) return TaskAnswer::kCancelled;
      if (task.status_code == fe_backup::kTaskStatusOk || release_tasks_.attempts(i) + 1 >= options_.release_attempts) {
        if (release_tasks_.state(i) != TaskTracker::State::kDone) {
          release_tasks_.Done(i);
          new_releases_.push_back(static_cast<uint32_t>(i));
        }
      } else {
        release_tasks_.OnFailed(i, now, CapText(task.error_msgs.empty() ? "release failed" : task.error_msgs[0], 256));
      }
      answer = TaskAnswer::kOk;
    }
    wake = wake && new_snapshots_.size() + new_uploads_.size() > before;
    wake = wake || (fatal_.has_value() && !fatal_before);
  }
  if (wake) Wake();
  return answer;
}

TaskAnswer BackupJob::OnSnapshotReportLocked(const fe_backup::FinishedTask& task) {
  if (!snapshots_.Owns(task.signature)) return TaskAnswer::kCancelled;
  size_t i = snapshots_.IndexOf(task.signature);
  Tablet& t = tablets_[i];
  bool good = task.status_code == fe_backup::kTaskStatusOk && task.snapshot_path;
  if (state_ != BackupJobState::kSnapshoting || snapshots_.state(i) == TaskTracker::State::kDone ||
      task.backend_id != snapshots_.backend(i)) {
    // A duplicate (a re-sent task that ran twice) or a replica the task moved away from: that
    // snapshot is not needed.
    if (good && (task.backend_id != t.backend || *task.snapshot_path != t.path)) {
      ReleaseExtraLocked(task.backend_id, task.signature, *task.snapshot_path);
    }
    return TaskAnswer::kOk;
  }
  int64_t now = ctx_.clock->MonotonicMs();
  std::string errors = CapText(Join(task.error_msgs, ","), TaskTracker::kMaxErrorBytes);
  if (task.status_code != fe_backup::kTaskStatusOk) {
    if (task.status_code == fe_backup::kTaskStatusVersionAlreadyMerged) {
      fatal_ = JobStatus(JobStatus::Code::kOlapVersionAlreadyMerged, "make snapshot failed, version already merged");
    }
    snapshots_.OnFailed(i, now, errors);
    return TaskAnswer::kOk;
  }
  if (!task.snapshot_path || !task.snapshot_files || task.snapshot_files->empty()) {
    snapshots_.OnFailed(i, now, "snapshot report of tablet " + std::to_string(t.id) + " has no snapshot path or file list");
    return TaskAnswer::kOk;
  }
  if (!ValidSnapshotReport(*task.snapshot_path, *task.snapshot_files)) {
    snapshots_.OnFailed(i, now, "snapshot report of tablet " + std::to_string(t.id) +
                                    " names a file or path that cannot be stored in a repository");
    ReleaseExtraLocked(task.backend_id, task.signature, *task.snapshot_path);
    return TaskAnswer::kOk;
  }
  std::vector<std::string> files = *task.snapshot_files;
  std::sort(files.begin(), files.end());
  t.path = *task.snapshot_path;
  t.files = JoinLines(files);
  t.bytes = task.copy_size.value_or(-1);
  snapshots_.Done(i);
  new_snapshots_.push_back(static_cast<uint32_t>(i));
  return TaskAnswer::kOk;
}

TaskAnswer BackupJob::OnUploadReportLocked(const fe_backup::FinishedTask& task) {
  if (!upload_tasks_.Owns(task.signature)) return TaskAnswer::kCancelled;
  size_t j = upload_tasks_.IndexOf(task.signature);
  if (state_ != BackupJobState::kUploading) return TaskAnswer::kCancelled;
  if (upload_tasks_.state(j) == TaskTracker::State::kDone) return TaskAnswer::kOk;
  int64_t now = ctx_.clock->MonotonicMs();
  if (task.status_code != fe_backup::kTaskStatusOk) {
    upload_tasks_.OnFailed(j, now, CapText(Join(task.error_msgs, ","), TaskTracker::kMaxErrorBytes));
    return TaskAnswer::kOk;
  }
  const Upload& u = uploads_[j];
  std::string problem;
  std::vector<std::pair<uint32_t, std::string>> verified;
  if (!task.tablet_files || task.tablet_files->empty()) problem = "upload task reported no tablet files";
  for (uint32_t k = u.first; problem.empty() && k < u.first + u.count; ++k) {
    const Tablet& t = tablets_[upload_tablets_[k]];
    auto reported = task.tablet_files->find(t.id);
    if (reported == task.tablet_files->end()) {
      problem = "upload of tablet " + std::to_string(t.id) + " reported no files";
      break;
    }
    std::vector<std::string> bare, named = reported->second;
    for (const auto& name : named) {
      auto split = RepositoryLayout::SplitChecksum(name);
      if (!split) {
        problem = "upload of tablet " + std::to_string(t.id) + " reported '" + name + "' without an md5 suffix";
        break;
      }
      bare.push_back(split->first);
    }
    if (!problem.empty()) break;
    std::sort(bare.begin(), bare.end());
    if (JoinLines(bare) != t.files) {
      problem = "upload of tablet " + std::to_string(t.id) + " does not match its snapshot: expected [" +
                Join(FilesOf(t), ", ") + "], got [" + Join(bare, ", ") + "]";
      break;
    }
    std::sort(named.begin(), named.end());
    verified.emplace_back(upload_tablets_[k], JoinLines(named));
  }
  if (!problem.empty()) {
    // The backend uploaded something else than the snapshot: retrying cannot fix it.
    fatal_ = JobStatus(JobStatus::Code::kCommonError, CapText(problem, 1024));
    upload_tasks_.OnFailed(j, now, problem);
    return TaskAnswer::kOk;
  }
  for (auto& [idx, files] : verified) tablets_[idx].files = std::move(files);
  upload_tasks_.Done(j);
  progress_.erase(task.signature);
  new_uploads_.emplace_back(static_cast<uint32_t>(j), task.copy_size.value_or(0));
  bytes_done_ += task.copy_size.value_or(0);
  return TaskAnswer::kOk;
}

TaskAnswer BackupJob::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  MutexLock l(mu_);
  if (state_ != BackupJobState::kUploading || progress.type != TaskType::kUpload || progress.job_id != job_id_ ||
      !upload_tasks_.Owns(progress.task_id)) {
    return TaskAnswer::kCancelled;
  }
  progress_[progress.task_id] = {progress.finished, progress.total};
  return TaskAnswer::kOk;
}

void BackupJob::OnBackendTaskReport(const fe_backup::BackendTaskReport& report) {
  bool due = false;
  {
    MutexLock l(mu_);
    int64_t now = ctx_.clock->MonotonicMs();
    for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kUpload, TaskType::kReleaseSnapshot}) {
      TaskTracker* tracker = TrackerLocked(type);
      if (tracker->all_done()) continue;
      std::set<int64_t> running;
      auto it = report.running.find(type);
      if (it != report.running.end()) running.insert(it->second.begin(), it->second.end());
      due = tracker->OnBackendReport(report.backend_id, running, now) || due;
    }
  }
  if (due) Wake();
}

}  // namespace feb::plugin
