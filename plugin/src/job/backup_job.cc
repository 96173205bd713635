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
  views_ = request.views;
  functions_ = request.functions;
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

bool BackupJob::has_work() const {
  MutexLock l(mu_);
  return !IsDoneState(state_) || release_tasks_.size() > release_tasks_.done_count() || !extra_releases_.empty();
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
  return CommitDelta(*ctx_.journal, "backup job " + label_ + " (db " + db_name_ + ")", record, [&] {
    MutexLock l(mu_);
    return ApplyLocked(record);
  });
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
  meta.views = views_;
  meta.functions = functions_;
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
  // StarRocks lists a view among the backup objects, with its id and no partitions.
  for (const auto& view : views_) info.tables.push_back(BackupJobInfo::Table{view.name, view.id, {}});
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

}  // namespace feb::plugin
