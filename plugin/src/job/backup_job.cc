#include "plugin/src/job/backup_job.h"

#include <glog/logging.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/time/time_format.h"
#include "plugin/src/repository/backup_job_info.h"
#include "plugin/src/repository/backup_meta.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

using fe_backup::TaskAnswer;
using fe_backup::TaskType;
using Json = nlohmann::ordered_json;

namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// A backend's snapshot report must name plain file names (they become repository file names)
// and an absolute path without NUL bytes.
bool ValidSnapshotReport(const std::string& path, const std::vector<std::string>& files) {
  if (path.empty() || path.size() > 4096 || path.find('\0') != std::string::npos || path[0] != '/') return false;
  for (const auto& f : files) {
    if (!RepositoryLayout::IsSafeFileName(f)) return false;
  }
  return true;
}

std::string FormatBytes(int64_t bytes) {
  static const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024.0 && unit < 4) {
    v /= 1024.0;
    ++unit;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.2f %s", v, kUnits[unit]);
  return buf;
}

}  // namespace

BackupJob::BackupJob(BackupJobDeps deps, BackupJobOptions options)
    : deps_(std::move(deps)),
      options_(options),
      backoff_(options.retry_base_ms, options.retry_max_ms, deps_.random01 ? deps_.random01 : [] { return 0.5; }) {
}

BackupJob::BackupJob(const AnalyzedBackup& request, BackupJobDeps deps, BackupJobOptions options)
    : BackupJob(std::move(deps), options) {
  label_ = request.label;
  db_id_ = request.db_id;
  db_name_ = request.db_name;
  repo_id_ = request.repo_id;
  repo_name_ = request.repo_name;
  table_refs_ = request.tables;
  timeout_ms_ = request.timeout_ms;
  create_time_ms_ = deps_.clock->NowMs();
}

Result<std::unique_ptr<BackupJob>> BackupJob::FromJson(std::string_view json, BackupJobDeps deps,
                                                       BackupJobOptions options) {
  std::unique_ptr<BackupJob> job(new BackupJob(std::move(deps), options));
  std::lock_guard<std::mutex> l(job->mu_);
  RETURN_IF_ERROR(job->FromJsonLocked(json));
  return job;
}

Status BackupJob::Persist() {
  std::lock_guard<std::mutex> l(mu_);
  fe_backup::HostStatus s = deps_.host->journal().Append(kJournalOp, ToJsonLocked(state_));
  if (!s.ok()) return Status::Unavailable("failed to journal backup job " + label_ + ": " + s.message);
  return Status::OK();
}

int64_t BackupJob::job_id() const {
  std::lock_guard<std::mutex> l(mu_);
  return job_id_;
}

BackupJobState BackupJob::state() const {
  std::lock_guard<std::mutex> l(mu_);
  return state_;
}

JobStatus BackupJob::status() const {
  std::lock_guard<std::mutex> l(mu_);
  return status_;
}

bool BackupJob::done() const {
  std::lock_guard<std::mutex> l(mu_);
  return IsDoneState(state_);
}

int64_t BackupJob::finished_time_ms() const {
  std::lock_guard<std::mutex> l(mu_);
  return finished_time_ms_;
}

void BackupJob::Wake() const {
  if (deps_.wake) deps_.wake();
}

// ------------------------------------------------------------------------------------------
// Driving the state machine
// ------------------------------------------------------------------------------------------

void BackupJob::Run() {
  std::vector<Batch> batches;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!IsDoneState(state_)) {
      std::shared_ptr<SnapshotRepository> repo = deps_.repos->FindById(repo_id_);
      StepLocked(repo);
    }
    CollectDueTasksLocked(&batches);
  }
  Send(std::move(batches));
}

void BackupJob::StepLocked(std::shared_ptr<SnapshotRepository> repo) {
  // The timeout counts from creation, also across restarts: a job never outlives
  // create_time + timeout.
  if (deps_.clock->NowMs() - create_time_ms_ > timeout_ms_) {
    (void)CancelLocked(JobStatus(JobStatus::Code::kTimeout, ""), repo.get());
    return;
  }
  if (repo == nullptr) {
    (void)CancelLocked(JobStatus(JobStatus::Code::kCommonError, "failed to get repository: " + std::to_string(repo_id_)),
                       nullptr);
    return;
  }
  // Each state that completes falls through to the next in the same step.
  for (int guard = 0; guard < 8 && !IsDoneState(state_); ++guard) {
    BackupJobState before = state_;
    switch (state_) {
      case BackupJobState::kPending:
        PrepareSnapshotTasksLocked();
        break;
      case BackupJobState::kSnapshoting:
        FailOverDeadBackendsLocked();
        if (snapshot_infos_.size() == snapshot_tasks_.size()) {
          snapshot_finished_time_ms_ = deps_.clock->NowMs();
          bytes_total_ = 0;
          for (const auto& [tablet, info] : snapshot_infos_) {
            if (info.bytes < 0) {
              bytes_total_ = -1;  // a backend that does not report sizes
              break;
            }
            bytes_total_ += info.bytes;
          }
          (void)TransitionToLocked(BackupJobState::kUploadSnapshot);
        }
        break;
      case BackupJobState::kUploadSnapshot:
        PrepareUploadTasksLocked(*repo);
        break;
      case BackupJobState::kUploading:
        if (finished_uploads_.size() == upload_tasks_.size()) {
          upload_finished_time_ms_ = deps_.clock->NowMs();
          (void)TransitionToLocked(BackupJobState::kSaveMeta);
        }
        break;
      case BackupJobState::kSaveMeta:
        SaveMetaLocked(*repo);
        break;
      case BackupJobState::kUploadInfo:
        UploadInfoLocked(*repo);
        break;
      case BackupJobState::kFinished:
      case BackupJobState::kCancelled:
        break;
    }
    if (state_ == before) break;
  }
}

Status BackupJob::TransitionToLocked(BackupJobState next) {
  if (!IsValidBackupTransition(state_, next)) {
    return Status::IllegalState("backup job " + label_ + ": no transition from " +
                                std::string(BackupJobStateName(state_)) + " to " +
                                std::string(BackupJobStateName(next)));
  }
  if (next == BackupJobState::kFinished || next == BackupJobState::kCancelled) {
    finished_time_ms_ = deps_.clock->NowMs();
  }
  fe_backup::HostStatus s = deps_.host->journal().Append(kJournalOp, ToJsonLocked(next));
  if (!s.ok()) {
    LOG(WARNING) << "backup job " << label_ << ": journal refused the move to " << BackupJobStateName(next) << ": "
                 << s.message << "; will retry";
    if (next == BackupJobState::kFinished || next == BackupJobState::kCancelled) finished_time_ms_ = 0;
    return Status::Unavailable("journal: " + s.message);
  }
  LOG(INFO) << "backup job " << label_ << " (db " << db_name_ << "): " << BackupJobStateName(state_) << " -> "
            << BackupJobStateName(next);
  state_ = next;
  send_states_.clear();
  progress_.clear();
  return Status::OK();
}

bool BackupJob::BackendAliveLocked(int64_t backend_id) const {
  std::optional<fe_backup::BackendInfo> be = deps_.host->backends().Find(backend_id);
  return be.has_value() && be->alive;
}

std::optional<int64_t> BackupJob::ChooseReplicaLocked(const fe_backup::TabletInfo& tablet, int64_t version,
                                                      int32_t schema_hash,
                                                      const std::set<int64_t>& excluded_backends) const {
  std::vector<const fe_backup::ReplicaInfo*> replicas;
  for (const auto& r : tablet.replicas) replicas.push_back(&r);
  std::sort(replicas.begin(), replicas.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (const auto* r : replicas) {
    if (excluded_backends.count(r->backend_id)) continue;
    if (r->bad || r->version < version || r->last_failed_version > 0) continue;
    if (r->schema_hash != -1 && r->schema_hash != schema_hash) continue;
    if (!BackendAliveLocked(r->backend_id)) continue;
    return r->backend_id;
  }
  return std::nullopt;
}

void BackupJob::PrepareSnapshotTasksLocked() {
  fe_backup::Host& host = *deps_.host;
  if (!host.catalog().FindDatabaseById(db_id_)) {
    (void)CancelLocked(JobStatus(JobStatus::Code::kNotFound, "database " + std::to_string(db_id_) + " does not exist"),
                       nullptr);
    return;
  }
  auto lock = host.locks().ReadLock(db_id_, std::chrono::milliseconds(options_.lock_timeout_ms));
  if (!lock.ok()) {
    LOG(WARNING) << "backup job " << label_ << ": " << lock.status.message << "; will retry";
    return;
  }
  std::map<int64_t, SnapshotTask> tasks;
  std::vector<fe_backup::TableInfo> meta;
  for (const auto& ref : table_refs_) {
    std::optional<fe_backup::TableInfo> table = host.catalog().FindTable(db_id_, ref.table);
    if (!table) {
      (void)CancelLocked(JobStatus(JobStatus::Code::kNotFound, "table " + ref.table + " does not exist"), nullptr);
      return;
    }
    if (table->kind != fe_backup::TableKind::kOlap) {
      (void)CancelLocked(JobStatus(JobStatus::Code::kUnsupported, "Table: " + ref.table +
                                                                      " can not support backup restore, type: " +
                                                                      fe_backup::TableKindName(table->kind)),
                         nullptr);
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
          (void)CancelLocked(JobStatus(JobStatus::Code::kNotFound,
                                       "partition " + pname + " does not exist  in table" + ref.table),
                             nullptr);
          return;
        }
        selected.push_back(*it);
      }
    }
    for (auto& partition : selected) {
      for (auto& index : partition.indexes) {
        for (auto& tablet : index.tablets) {
          std::optional<int64_t> be = ChooseReplicaLocked(tablet, partition.visible_version, index.schema_hash, {});
          if (!be) {
            (void)CancelLocked(JobStatus(JobStatus::Code::kCommonError,
                                         "failed to choose replica to make snapshot for tablet " +
                                             std::to_string(tablet.id) + ". visible version: " +
                                             std::to_string(partition.visible_version)),
                               nullptr);
            return;
          }
          tasks[tablet.id] = SnapshotTask{tablet.id,          table->id,         partition.id, index.id,
                                          index.schema_hash, partition.visible_version, *be};
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

  int64_t previous_job_id = job_id_;
  job_id_ = host.journal().NextId();
  snapshot_tasks_ = std::move(tasks);
  meta_tables_ = std::move(meta);
  snapshot_infos_.clear();
  task_err_msg_.clear();
  if (!TransitionToLocked(BackupJobState::kSnapshoting).ok()) {
    job_id_ = previous_job_id;
    snapshot_tasks_.clear();
    meta_tables_.clear();
    return;
  }
  int64_t now = deps_.clock->MonotonicMs();
  for (const auto& [tablet, task] : snapshot_tasks_) send_states_[tablet].next_send_ms = now;
}

void BackupJob::FailOverDeadBackendsLocked() {
  std::map<int64_t, bool> alive;  // backend -> alive, looked up once per step
  auto is_alive = [&](int64_t be) {
    auto it = alive.find(be);
    if (it == alive.end()) it = alive.emplace(be, BackendAliveLocked(be)).first;
    return it->second;
  };
  std::map<int64_t, std::optional<fe_backup::TableInfo>> tables;
  for (auto& [tablet_id, task] : snapshot_tasks_) {
    if (snapshot_infos_.count(tablet_id) || is_alive(task.backend_id)) continue;
    auto tit = tables.find(task.table_id);
    if (tit == tables.end()) {
      tit = tables.emplace(task.table_id, deps_.host->catalog().FindTableById(db_id_, task.table_id)).first;
    }
    if (!tit->second) continue;
    for (const auto& p : tit->second->partitions) {
      if (p.id != task.partition_id) continue;
      for (const auto& idx : p.indexes) {
        if (idx.id != task.index_id) continue;
        for (const auto& tablet : idx.tablets) {
          if (tablet.id != tablet_id) continue;
          std::optional<int64_t> be = ChooseReplicaLocked(tablet, task.version, task.schema_hash, {task.backend_id});
          if (be) {
            LOG(INFO) << "backup job " << label_ << ": backend " << task.backend_id << " is down; tablet " << tablet_id
                      << " snapshots on backend " << *be << " instead";
            task.backend_id = *be;
            send_states_[tablet_id] = SendState{0, deps_.clock->MonotonicMs(), -1};
          }
        }
      }
    }
  }
}

void BackupJob::PrepareUploadTasksLocked(const SnapshotRepository& repo) {
  std::map<int64_t, std::vector<int64_t>> by_backend;
  for (const auto& [tablet, info] : snapshot_infos_) by_backend[info.backend_id].push_back(tablet);
  std::map<int64_t, UploadTask> uploads;
  for (auto& [backend, tablets] : by_backend) {
    size_t n = tablets.size();
    size_t batches = n;
    if (options_.max_upload_task_per_be > 0) batches = std::min<size_t>(n, options_.max_upload_task_per_be);
    size_t per_batch = std::max<size_t>(n / batches, 1);
    size_t next = 0;
    for (size_t b = 0; b < batches && next < n; ++b) {
      size_t end = (b + 1 == batches) ? n : std::min(n, next + per_batch);
      UploadTask task;
      task.signature = deps_.host->journal().NextId();
      task.backend_id = backend;
      task.tablet_ids.assign(tablets.begin() + static_cast<long>(next), tablets.begin() + static_cast<long>(end));
      uploads[task.signature] = std::move(task);
      next = end;
    }
  }
  upload_tasks_ = std::move(uploads);
  finished_uploads_.clear();
  task_err_msg_.clear();
  if (!TransitionToLocked(BackupJobState::kUploading).ok()) {
    upload_tasks_.clear();
    return;
  }
  int64_t now = deps_.clock->MonotonicMs();
  for (const auto& [sig, task] : upload_tasks_) send_states_[sig].next_send_ms = now;
}

void BackupJob::SaveMetaLocked(SnapshotRepository& repo) {
  BackupMeta meta;
  meta.database = db_name_;
  meta.tables = meta_tables_;
  Result<std::string> published = repo.Publish(repo.layout().MetaPath(label_), meta.ToJson());
  if (!published.ok()) {
    (void)CancelLocked(JobStatus(JobStatus::Code::kCommonError,
                                 "failed to save meta info and job info file: " + published.status().message()),
                       &repo);
    return;
  }
  if (!TransitionToLocked(BackupJobState::kUploadInfo).ok()) return;
  // The snapshots are in the repository now: free the backends' hard links.
  for (const auto& [tablet, info] : snapshot_infos_) QueueReleaseLocked(info.backend_id, tablet, info.path);
}

void BackupJob::UploadInfoLocked(SnapshotRepository& repo) {
  BackupJobInfo info;
  info.name = label_;
  info.database = db_name_;
  info.db_id = db_id_;
  info.backup_time = create_time_ms_;
  for (const auto& table : meta_tables_) {
    BackupJobInfo::Table t{table.name, table.id, {}};
    for (const auto& p : table.partitions) {
      BackupJobInfo::Partition part{p.name, p.id, p.visible_version, {}};
      for (const auto& idx : p.indexes) {
        BackupJobInfo::Index index{idx.name, idx.id, idx.schema_hash, {}};
        for (const auto& tablet : idx.tablets) {
          auto it = snapshot_infos_.find(tablet.id);
          index.tablets.push_back({tablet.id, it == snapshot_infos_.end() ? std::vector<std::string>{} : it->second.files});
        }
        part.indexes.push_back(std::move(index));
      }
      t.partitions.push_back(std::move(part));
    }
    info.tables.push_back(std::move(t));
  }
  Result<std::string> published =
      repo.Publish(repo.layout().InfoPath(label_, FormatSnapshotTimestamp(create_time_ms_)), info.ToJson());
  if (!published.ok()) {
    // Retried on every step until the job times out, as StarRocks does.
    last_info_error_ = "failed to upload job info file: " + published.status().message();
    LOG(WARNING) << "backup job " << label_ << ": " << last_info_error_;
    return;
  }
  last_info_error_.clear();
  if (!TransitionToLocked(BackupJobState::kFinished).ok()) return;
  // A finished job keeps only what SHOW BACKUP prints.
  snapshot_tasks_.clear();
  snapshot_infos_.clear();
  upload_tasks_.clear();
  finished_uploads_.clear();
  meta_tables_.clear();
  (void)deps_.host->journal().Append(kJournalOp, ToJsonLocked(state_));
}

Status BackupJob::Cancel() {
  std::vector<Batch> batches;
  Status result;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (IsDoneState(state_)) {
      return Status::IllegalState("Job with label " + label_ + " can not be cancelled. state: " +
                                  std::string(BackupJobStateName(state_)));
    }
    std::shared_ptr<SnapshotRepository> repo = deps_.repos->FindById(repo_id_);
    result = CancelLocked(JobStatus(JobStatus::Code::kCommonError, "user cancelled"), repo.get());
    CollectDueTasksLocked(&batches);
  }
  Send(std::move(batches));
  return result;
}

Status BackupJob::CancelLocked(JobStatus status, SnapshotRepository* repo) {
  if (IsDoneState(state_)) return Status::OK();
  JobStatus previous = status_;
  status_ = status;
  BackupJobState from = state_;
  Status s = TransitionToLocked(BackupJobState::kCancelled);
  if (!s.ok()) {
    status_ = previous;
    return s;
  }
  LOG(INFO) << "backup job " << label_ << " cancelled in " << BackupJobStateName(from) << ": " << status.ToString();
  // From UPLOAD_INFO on, the snapshots were released when SAVE_META finished.
  if (from < BackupJobState::kUploadInfo) {
    for (const auto& [tablet, info] : snapshot_infos_) QueueReleaseLocked(info.backend_id, tablet, info.path);
  }
  if (repo != nullptr && from >= BackupJobState::kUploadSnapshot) {
    Result<int> removed = repo->RemovePartFiles(label_);
    if (!removed.ok()) {
      LOG(WARNING) << "backup job " << label_ << ": could not remove unpublished files: " << removed.status();
    }
  }
  snapshot_tasks_.clear();
  snapshot_infos_.clear();
  upload_tasks_.clear();
  finished_uploads_.clear();
  meta_tables_.clear();
  return Status::OK();
}

// ------------------------------------------------------------------------------------------
// Sending
// ------------------------------------------------------------------------------------------

void BackupJob::QueueReleaseLocked(int64_t backend_id, int64_t tablet_id, const std::string& path) {
  AgentTask t;
  t.type = TaskType::kReleaseSnapshot;
  t.signature = tablet_id;
  t.backend_id = backend_id;
  t.release = ReleaseRequest{path};
  pending_releases_.push_back(std::move(t));
}

AgentTask BackupJob::MakeSnapshotTaskLocked(const SnapshotTask& t) const {
  AgentTask task;
  task.type = TaskType::kMakeSnapshot;
  task.signature = t.tablet_id;
  task.backend_id = t.backend_id;
  task.snapshot = SnapshotRequest{t.tablet_id, t.schema_hash, t.version, timeout_ms_ / 1000, true};
  return task;
}

AgentTask BackupJob::MakeUploadTaskLocked(const UploadTask& t, const SnapshotRepository& repo) const {
  AgentTask task;
  task.type = TaskType::kUpload;
  task.signature = t.signature;
  task.backend_id = t.backend_id;
  UploadRequest req;
  req.job_id = job_id_;
  req.properties = repo.properties();
  for (int64_t tablet : t.tablet_ids) {
    const SnapshotInfo& info = snapshot_infos_.at(tablet);
    req.src_dest.emplace_back(info.path + "/" + std::to_string(tablet) + "/" + std::to_string(info.schema_hash),
                              repo.layout().TabletDir(label_, db_id_, info.table_id, info.partition_id, info.index_id,
                                                      tablet));
  }
  task.upload = std::move(req);
  return task;
}

void BackupJob::CollectDueTasksLocked(std::vector<Batch>* out) {
  std::map<int64_t, std::vector<AgentTask>> by_backend;
  for (auto& t : pending_releases_) by_backend[t.backend_id].push_back(std::move(t));
  pending_releases_.clear();
  int64_t now = deps_.clock->MonotonicMs();
  if (state_ == BackupJobState::kSnapshoting) {
    for (auto& [tablet, st] : send_states_) {
      if (st.next_send_ms > now || snapshot_infos_.count(tablet)) continue;
      auto it = snapshot_tasks_.find(tablet);
      if (it == snapshot_tasks_.end()) continue;
      by_backend[it->second.backend_id].push_back(MakeSnapshotTaskLocked(it->second));
      st.last_sent_ms = now;
      st.next_send_ms = now + options_.unreported_resend_ms;
    }
  } else if (state_ == BackupJobState::kUploading) {
    std::shared_ptr<SnapshotRepository> repo = deps_.repos->FindById(repo_id_);
    if (repo != nullptr) {
      for (auto& [sig, st] : send_states_) {
        if (st.next_send_ms > now || finished_uploads_.count(sig)) continue;
        auto it = upload_tasks_.find(sig);
        if (it == upload_tasks_.end()) continue;
        by_backend[it->second.backend_id].push_back(MakeUploadTaskLocked(it->second, *repo));
        st.last_sent_ms = now;
        st.next_send_ms = now + options_.unreported_resend_ms;
      }
    }
  }
  for (auto& [backend_id, tasks] : by_backend) {
    Batch b;
    std::optional<fe_backup::BackendInfo> be = deps_.host->backends().Find(backend_id);
    if (!be || !be->alive) {
      // Not sent to a backend that is gone or not answering heartbeats (a hung one would hold
      // the sender until its RPC timeout); retried with backoff until it is back.
      std::string why = "backend " + std::to_string(backend_id) + (be ? " is not alive" : " does not exist");
      for (const auto& t : tasks) {
        if (t.type != TaskType::kReleaseSnapshot) {
          task_err_msg_[t.signature] = why;
          RetryLaterLocked(t.signature);
        }
      }
      continue;
    }
    b.backend = *be;
    b.tasks = std::move(tasks);
    out->push_back(std::move(b));
  }
}

void BackupJob::RetryLaterLocked(int64_t signature) {
  auto it = send_states_.find(signature);
  if (it == send_states_.end()) return;
  it->second.attempts++;
  it->second.next_send_ms = deps_.clock->MonotonicMs() + backoff_.DelayMs(it->second.attempts);
}

void BackupJob::Send(std::vector<Batch> batches) {
  for (auto& batch : batches) {
    Status s = deps_.sender->Submit(batch.backend, batch.tasks);
    if (s.ok()) continue;
    LOG(WARNING) << "backup job " << label_ << ": sending " << batch.tasks.size() << " task(s) to backend "
                 << batch.backend.id << " failed: " << s;
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& t : batch.tasks) {
      if (t.type == TaskType::kReleaseSnapshot) continue;  // fire and forget: backends sweep old snapshots
      task_err_msg_[t.signature] = "failed to send task to backend " + std::to_string(batch.backend.id) + ": " +
                                   s.message();
      RetryLaterLocked(t.signature);
    }
  }
}

// ------------------------------------------------------------------------------------------
// Reports
// ------------------------------------------------------------------------------------------

TaskAnswer BackupJob::OnFinishTask(const fe_backup::FinishedTask& task) {
  bool wake = false;
  TaskAnswer answer = TaskAnswer::kOk;
  {
    std::lock_guard<std::mutex> l(mu_);
    std::string errors = Join(task.error_msgs, ",");
    if (task.type == TaskType::kMakeSnapshot) {
      auto it = snapshot_tasks_.find(task.signature);
      if (state_ != BackupJobState::kSnapshoting || it == snapshot_tasks_.end()) return TaskAnswer::kCancelled;
      if (snapshot_infos_.count(task.signature)) return TaskAnswer::kOk;  // a duplicate report
      if (task.backend_id != it->second.backend_id) {
        // The task moved to another replica; this snapshot is not needed.
        if (task.status_code == fe_backup::kTaskStatusOk && task.snapshot_path) {
          QueueReleaseLocked(task.backend_id, task.signature, *task.snapshot_path);
        }
        return TaskAnswer::kOk;
      }
      if (task.status_code != fe_backup::kTaskStatusOk) {
        task_err_msg_[task.signature] = errors;
        if (task.status_code == fe_backup::kTaskStatusVersionAlreadyMerged) {
          std::shared_ptr<SnapshotRepository> repo = deps_.repos->FindById(repo_id_);
          (void)CancelLocked(
              JobStatus(JobStatus::Code::kOlapVersionAlreadyMerged, "make snapshot failed, version already merged"),
              repo.get());
          wake = true;
        } else {
          RetryLaterLocked(task.signature);
        }
      } else if (!task.snapshot_path || !task.snapshot_files || task.snapshot_files->empty()) {
        task_err_msg_[task.signature] = "snapshot report of tablet " + std::to_string(task.signature) +
                                        " has no snapshot path or file list";
        RetryLaterLocked(task.signature);
      } else if (!ValidSnapshotReport(*task.snapshot_path, *task.snapshot_files)) {
        task_err_msg_[task.signature] = "snapshot report of tablet " + std::to_string(task.signature) +
                                        " names a file or path that cannot be stored in a repository";
        RetryLaterLocked(task.signature);
      } else {
        const SnapshotTask& t = it->second;
        SnapshotInfo info{t.tablet_id,   t.table_id,          t.partition_id, t.index_id, t.schema_hash,
                          t.backend_id, *task.snapshot_path, *task.snapshot_files, task.copy_size.value_or(-1)};
        snapshot_infos_[task.signature] = std::move(info);
        task_err_msg_.erase(task.signature);
        send_states_.erase(task.signature);
        wake = snapshot_infos_.size() == snapshot_tasks_.size();
      }
    } else if (task.type == TaskType::kUpload) {
      auto it = upload_tasks_.find(task.signature);
      if (state_ != BackupJobState::kUploading || it == upload_tasks_.end()) return TaskAnswer::kCancelled;
      if (finished_uploads_.count(task.signature)) return TaskAnswer::kOk;
      if (task.status_code != fe_backup::kTaskStatusOk) {
        task_err_msg_[task.signature] = errors;
        RetryLaterLocked(task.signature);
      } else {
        std::string problem;
        if (!task.tablet_files || task.tablet_files->empty()) problem = "upload task reported no tablet files";
        std::map<int64_t, std::vector<std::string>> verified;
        for (int64_t tablet : it->second.tablet_ids) {
          if (!problem.empty()) break;
          auto reported = task.tablet_files->find(tablet);
          const SnapshotInfo& info = snapshot_infos_.at(tablet);
          if (reported == task.tablet_files->end()) {
            problem = "upload of tablet " + std::to_string(tablet) + " reported no files";
            break;
          }
          std::vector<std::string> bare;
          for (const auto& name : reported->second) {
            auto split = RepositoryLayout::SplitChecksum(name);
            if (!split) {
              problem = "upload of tablet " + std::to_string(tablet) + " reported '" + name + "' without an md5 suffix";
              break;
            }
            bare.push_back(split->first);
          }
          if (!problem.empty()) break;
          std::vector<std::string> expected = info.files;
          std::sort(bare.begin(), bare.end());
          std::sort(expected.begin(), expected.end());
          if (bare != expected) {
            problem = "upload of tablet " + std::to_string(tablet) + " does not match its snapshot: expected [" +
                      Join(expected, ", ") + "], got [" + Join(bare, ", ") + "]";
            break;
          }
          verified[tablet] = reported->second;
        }
        if (!problem.empty()) {
          task_err_msg_[task.signature] = problem;
          RetryLaterLocked(task.signature);
        } else {
          for (auto& [tablet, files] : verified) {
            std::sort(files.begin(), files.end());
            snapshot_infos_.at(tablet).files = std::move(files);
          }
          finished_uploads_.insert(task.signature);
          task_err_msg_.erase(task.signature);
          send_states_.erase(task.signature);
          progress_.erase(task.signature);
          if (task.copy_size) bytes_done_ += *task.copy_size;
          wake = finished_uploads_.size() == upload_tasks_.size();
        }
      }
    } else if (task.type == TaskType::kReleaseSnapshot) {
      answer = TaskAnswer::kOk;
    } else {
      answer = TaskAnswer::kCancelled;
    }
  }
  if (wake) Wake();
  return answer;
}

TaskAnswer BackupJob::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  std::lock_guard<std::mutex> l(mu_);
  if (state_ != BackupJobState::kUploading || progress.type != TaskType::kUpload || progress.job_id != job_id_ ||
      !upload_tasks_.count(progress.task_id)) {
    return TaskAnswer::kCancelled;
  }
  progress_[progress.task_id] = {progress.finished, progress.total};
  return TaskAnswer::kOk;
}

void BackupJob::OnBackendTaskReport(const fe_backup::BackendTaskReport& report) {
  std::lock_guard<std::mutex> l(mu_);
  TaskType type;
  if (state_ == BackupJobState::kSnapshoting) {
    type = TaskType::kMakeSnapshot;
  } else if (state_ == BackupJobState::kUploading) {
    type = TaskType::kUpload;
  } else {
    return;
  }
  std::set<int64_t> running;
  auto it = report.running.find(type);
  if (it != report.running.end()) running.insert(it->second.begin(), it->second.end());
  int64_t now = deps_.clock->MonotonicMs();
  bool due = false;
  for (auto& [sig, st] : send_states_) {
    int64_t backend = -1;
    if (type == TaskType::kMakeSnapshot) {
      auto t = snapshot_tasks_.find(sig);
      if (t != snapshot_tasks_.end()) backend = t->second.backend_id;
    } else {
      auto t = upload_tasks_.find(sig);
      if (t != upload_tasks_.end()) backend = t->second.backend_id;
    }
    if (backend != report.backend_id || st.last_sent_ms < 0 || running.count(sig)) continue;
    if (now - st.last_sent_ms >= options_.resend_wait_ms && st.next_send_ms > now) {
      st.next_send_ms = now;  // the backend lost it: send again
      due = true;
    }
  }
  if (due && deps_.wake) deps_.wake();
}

// ------------------------------------------------------------------------------------------
// SHOW BACKUP
// ------------------------------------------------------------------------------------------

const std::vector<std::string>& BackupJob::ShowColumns() {
  static const std::vector<std::string> kColumns = {
      "JobId",      "SnapshotName",    "DbName",   "State",      "BackupObjs",
      "CreateTime", "SnapshotFinishedTime", "UploadFinishedTime", "FinishedTime", "UnfinishedTasks",
      "Progress",   "TaskErrMsg",      "Status",   "Timeout",    "BytesDone",
      "BytesTotal", "Throughput"};
  return kColumns;
}

std::vector<std::optional<std::string>> BackupJob::ShowRow() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::optional<std::string>> row;
  row.push_back(std::to_string(job_id_));
  row.push_back(label_);
  row.push_back(db_name_);
  row.push_back(std::string(BackupJobStateName(state_)));
  std::vector<std::string> objs;
  for (const auto& ref : table_refs_) {
    std::string o = "[" + db_name_ + "." + ref.table;
    if (!ref.partitions.empty()) o += " PARTITIONS (" + Join(ref.partitions, ", ") + ")";
    objs.push_back(o + "]");
  }
  row.push_back(Join(objs, ", "));
  row.push_back(FormatShowTime(create_time_ms_));
  row.push_back(FormatShowTime(snapshot_finished_time_ms_));
  row.push_back(FormatShowTime(upload_finished_time_ms_));
  row.push_back(FormatShowTime(finished_time_ms_));
  std::vector<std::string> unfinished;
  if (state_ == BackupJobState::kSnapshoting) {
    for (const auto& [tablet, task] : snapshot_tasks_) {
      if (!snapshot_infos_.count(tablet)) unfinished.push_back(std::to_string(tablet) + "=" + std::to_string(task.backend_id));
    }
  } else if (state_ == BackupJobState::kUploading) {
    for (const auto& [sig, task] : upload_tasks_) {
      if (!finished_uploads_.count(sig)) unfinished.push_back(std::to_string(sig) + "=" + std::to_string(task.backend_id));
    }
  }
  row.push_back(Join(unfinished, ", "));
  std::vector<std::string> progress;
  for (const auto& [sig, p] : progress_) {
    progress.push_back("[" + std::to_string(sig) + ": " + std::to_string(p.first) + "/" + std::to_string(p.second) + "]");
  }
  row.push_back(Join(progress, ", "));
  std::vector<std::string> errors;
  for (const auto& [sig, msg] : task_err_msg_) errors.push_back("[" + std::to_string(sig) + ": " + msg + "]");
  if (!last_info_error_.empty()) errors.push_back("[job info: " + last_info_error_ + "]");
  row.push_back(Join(errors, ", "));
  row.push_back(status_.ToString());
  row.push_back(std::to_string(timeout_ms_ / 1000));
  row.push_back(std::to_string(bytes_done_));
  row.push_back(bytes_total_ >= 0 ? std::optional<std::string>(std::to_string(bytes_total_)) : std::nullopt);
  std::optional<std::string> throughput;
  if (snapshot_finished_time_ms_ > 0 && bytes_done_ > 0) {
    int64_t end = upload_finished_time_ms_ > 0 ? upload_finished_time_ms_ : deps_.clock->NowMs();
    int64_t ms = std::max<int64_t>(1, end - snapshot_finished_time_ms_);
    throughput = FormatBytes(bytes_done_ * 1000 / ms) + "/s";
  }
  row.push_back(throughput);
  return row;
}

// ------------------------------------------------------------------------------------------
// Journal records
// ------------------------------------------------------------------------------------------

std::string BackupJob::ToJson() const {
  std::lock_guard<std::mutex> l(mu_);
  return ToJsonLocked(state_);
}

std::string BackupJob::ToJsonLocked(BackupJobState state) const {
  Json refs = Json::array();
  for (const auto& r : table_refs_) refs.push_back(Json{{"table", r.table}, {"partitions", r.partitions}});
  Json errs = Json::object();
  for (const auto& [sig, msg] : task_err_msg_) errs[std::to_string(sig)] = msg;
  // Per-tablet records are positional arrays (documented in docs/backup.md):
  // snapshotTasks [tablet, table, partition, index, schema_hash, version, backend],
  // snapshotInfos [tablet, table, partition, index, schema_hash, backend, path, files, bytes],
  // uploadTasks [signature, backend, tablets, finished].
  Json tasks = Json::array();
  for (const auto& [id, t] : snapshot_tasks_) {
    tasks.push_back(Json::array({t.tablet_id, t.table_id, t.partition_id, t.index_id, t.schema_hash, t.version,
                                 t.backend_id}));
  }
  Json infos = Json::array();
  for (const auto& [id, s] : snapshot_infos_) {
    infos.push_back(Json::array({s.tablet_id, s.table_id, s.partition_id, s.index_id, s.schema_hash, s.backend_id,
                                 s.path, s.files, s.bytes}));
  }
  Json uploads = Json::array();
  for (const auto& [sig, u] : upload_tasks_) {
    uploads.push_back(Json::array({u.signature, u.backend_id, u.tablet_ids, finished_uploads_.count(sig) > 0}));
  }
  Json meta = Json::array();
  for (const auto& t : meta_tables_) meta.push_back(Json::parse(TableInfoToJsonText(t)));
  Json j{{"type", "BACKUP"},
         {"jobId", job_id_},
         {"label", label_},
         {"dbId", db_id_},
         {"dbName", db_name_},
         {"repoId", repo_id_},
         {"repoName", repo_name_},
         {"tableRefs", refs},
         {"timeoutMs", timeout_ms_},
         {"createTime", create_time_ms_},
         {"snapshotFinishedTime", snapshot_finished_time_ms_},
         {"snapshotUploadFinishedTime", upload_finished_time_ms_},
         {"finishedTime", finished_time_ms_},
         {"state", BackupJobStateName(state)},
         {"status", Json{{"ec", JobStatus::CodeName(status_.code())}, {"em", status_.message()}}},
         {"taskErrMsg", errs},
         {"snapshotTasks", tasks},
         {"snapshotInfos", infos},
         {"uploadTasks", uploads},
         {"backupMeta", meta},
         {"bytesTotal", bytes_total_},
         {"bytesDone", bytes_done_}};
  return DumpJson(j);
}

Status BackupJob::FromJsonLocked(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("backup job record: not a JSON object");
  try {
    if (j.at("type").get<std::string>() != "BACKUP") return Status::Corruption("backup job record: wrong type");
    job_id_ = j.at("jobId").get<int64_t>();
    label_ = j.at("label").get<std::string>();
    db_id_ = j.at("dbId").get<int64_t>();
    db_name_ = j.at("dbName").get<std::string>();
    repo_id_ = j.at("repoId").get<int64_t>();
    repo_name_ = j.at("repoName").get<std::string>();
    for (const auto& r : j.at("tableRefs")) {
      table_refs_.push_back({r.at("table").get<std::string>(), r.at("partitions").get<std::vector<std::string>>()});
    }
    timeout_ms_ = j.at("timeoutMs").get<int64_t>();
    create_time_ms_ = j.at("createTime").get<int64_t>();
    snapshot_finished_time_ms_ = j.at("snapshotFinishedTime").get<int64_t>();
    upload_finished_time_ms_ = j.at("snapshotUploadFinishedTime").get<int64_t>();
    finished_time_ms_ = j.at("finishedTime").get<int64_t>();
    std::optional<BackupJobState> state = BackupJobStateFromName(j.at("state").get<std::string>());
    if (!state) return Status::Corruption("backup job record: unknown state " + j.at("state").get<std::string>());
    state_ = *state;
    std::optional<JobStatus::Code> code = JobStatus::CodeFromName(j.at("status").at("ec").get<std::string>());
    if (!code) return Status::Corruption("backup job record: unknown status code");
    status_ = JobStatus(*code, j.at("status").at("em").get<std::string>());
    for (auto it = j.at("taskErrMsg").begin(); it != j.at("taskErrMsg").end(); ++it) {
      task_err_msg_[std::stoll(it.key())] = it.value().get<std::string>();
    }
    for (const auto& t : j.at("snapshotTasks")) {
      SnapshotTask task{t.at(0).get<int64_t>(), t.at(1).get<int64_t>(), t.at(2).get<int64_t>(), t.at(3).get<int64_t>(),
                        t.at(4).get<int32_t>(), t.at(5).get<int64_t>(), t.at(6).get<int64_t>()};
      snapshot_tasks_[task.tablet_id] = task;
    }
    for (const auto& s : j.at("snapshotInfos")) {
      SnapshotInfo info{s.at(0).get<int64_t>(),     s.at(1).get<int64_t>(),
                        s.at(2).get<int64_t>(),     s.at(3).get<int64_t>(),
                        s.at(4).get<int32_t>(),     s.at(5).get<int64_t>(),
                        s.at(6).get<std::string>(), s.at(7).get<std::vector<std::string>>(),
                        s.at(8).get<int64_t>()};
      snapshot_infos_[info.tablet_id] = std::move(info);
    }
    for (const auto& u : j.at("uploadTasks")) {
      UploadTask task{u.at(0).get<int64_t>(), u.at(1).get<int64_t>(), u.at(2).get<std::vector<int64_t>>()};
      if (u.at(3).get<bool>()) finished_uploads_.insert(task.signature);
      upload_tasks_[task.signature] = std::move(task);
    }
    for (const auto& t : j.at("backupMeta")) {
      ASSIGN_OR_RETURN(fe_backup::TableInfo table, TableInfoFromJsonText(DumpJson(t)));
      meta_tables_.push_back(std::move(table));
    }
    bytes_total_ = j.at("bytesTotal").get<int64_t>();
    bytes_done_ = j.at("bytesDone").get<int64_t>();
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("backup job record: ") + e.what());
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("backup job record: ") + e.what());
  }
  // Everything unfinished in the current state is sent again right away.
  int64_t now = deps_.clock->MonotonicMs();
  if (state_ == BackupJobState::kSnapshoting) {
    for (const auto& [tablet, t] : snapshot_tasks_) {
      if (!snapshot_infos_.count(tablet)) send_states_[tablet].next_send_ms = now;
    }
  } else if (state_ == BackupJobState::kUploading) {
    for (const auto& [sig, t] : upload_tasks_) {
      if (!finished_uploads_.count(sig)) send_states_[sig].next_send_ms = now;
    }
  }
  return Status::OK();
}

}  // namespace feb::plugin
