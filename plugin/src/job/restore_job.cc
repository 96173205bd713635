#include "plugin/src/job/restore_job.h"

#include <glog/logging.h>

#include <algorithm>
#include <set>

#include "plugin/src/job/job_manager.h"
#include "plugin/src/job/text_list.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

using fe_backup::HostCode;
using fe_backup::TaskType;

namespace {

// Host errors worth another try on the next step rather than a cancelled job.
bool Retriable(HostCode c) { return c == HostCode::kUnavailable || c == HostCode::kTimeout; }

std::string ColumnText(const fe_backup::ColumnDefinition& c) {
  std::string s = c.name + " " + c.type + (c.nullable ? " NULL" : " NOT NULL");
  if (!c.aggregation.empty()) s += " " + c.aggregation;
  if (c.default_value) s += " DEFAULT \"" + *c.default_value + "\"";
  return s;
}

bool SameColumn(const fe_backup::ColumnDefinition& a, const fe_backup::ColumnDefinition& b) {
  return a.name == b.name && a.type == b.type && a.nullable == b.nullable && a.is_key == b.is_key &&
         a.aggregation == b.aggregation && a.default_value == b.default_value;
}

const fe_backup::RangePartitionDefinition* FindRange(const fe_backup::TableDefinition& def, const std::string& name) {
  for (const auto& p : def.partitions) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

RestoreJob::RestoreJob(JobContext context, RestoreJobOptions options)
    : ctx_(std::move(context)),
      options_(options),
      backoff_(options.retry_base_ms, options.retry_max_ms, ctx_.random01 ? ctx_.random01 : [] { return 0.5; }) {}

RestoreJob::RestoreJob(const AnalyzedRestore& request, int64_t job_id, JobContext context, RestoreJobOptions options)
    : RestoreJob(std::move(context), options) {
  job_id_ = job_id;
  label_ = request.label;
  backup_timestamp_ = request.backup_timestamp;
  db_id_ = request.db_id;
  db_name_ = request.db_name;
  snapshot_db_id_ = request.snapshot_db_id;
  repo_id_ = request.repo_id;
  repo_name_ = request.repo_name;
  tables_ = request.tables;
  views_ = request.views;
  functions_ = request.functions;
  allow_load_ = request.allow_load;
  replication_num_ = request.replication_num;
  timeout_ms_ = request.timeout_ms;
  create_time_ms_ = ctx_.clock->NowMs();
}

Status RestoreJob::Persist() { return ctx_.journal->Append(kImageOp, Image()); }

bool RestoreJob::done() const {
  MutexLock l(mu_);
  return IsDoneState(state_);
}

bool RestoreJob::has_work() const {
  MutexLock l(mu_);
  return !IsDoneState(state_) || !settled_;
}

int64_t RestoreJob::finished_time_ms() const {
  MutexLock l(mu_);
  return finished_time_ms_;
}

RestoreJobState RestoreJob::state() const {
  MutexLock l(mu_);
  return state_;
}

JobStatus RestoreJob::status() const {
  MutexLock l(mu_);
  return status_;
}

std::vector<int64_t> RestoreJob::stage_ids() const {
  MutexLock l(mu_);
  std::vector<int64_t> out;
  if (settled_) return out;
  for (const auto& s : stages_) out.push_back(s.stage_id);
  return out;
}

void RestoreJob::Wake() const {
  if (ctx_.wake) ctx_.wake();
}

bool RestoreJob::BackendAlive(int64_t backend_id) const {
  std::optional<fe_backup::BackendInfo> be = ctx_.host->backends().Find(backend_id);
  return be.has_value() && be->alive;
}

// ------------------------------------------------------------------------------------------
// Driving the state machine
// ------------------------------------------------------------------------------------------

void RestoreJob::Run() {
  MutexLock step(step_mu_);
  for (int guard = 0; guard < 8; ++guard) {
    RestoreJobState before;
    std::optional<JobStatus> fatal;
    {
      MutexLock l(mu_);
      before = state_;
      fatal = fatal_;
    }
    if (IsDoneState(before)) break;
    if (ctx_.clock->NowMs() - create_time_ms_ > timeout_ms_) {
      (void)CancelStep(JobStatus(JobStatus::Code::kTimeout, "restore job with label: " + label_ + "  timeout."));
      break;
    }
    if (ctx_.repos->FindById(repo_id_) == nullptr) {
      (void)CancelStep(JobStatus(JobStatus::Code::kCommonError, "failed to get repository: " + std::to_string(repo_id_)));
      break;
    }
    if (fatal) {
      (void)CancelStep(*fatal);
      break;
    }
    switch (before) {
      case RestoreJobState::kPending:
        StepPending();
        break;
      case RestoreJobState::kSnapshoting: {
        bool flushed = FlushCompletions();
        bool all;
        {
          MutexLock l(mu_);
          all = snapshots_.all_done();
        }
        if (flushed && all) StepDownload();
        break;
      }
      case RestoreJobState::kDownload:
        StepDownload();
        break;
      case RestoreJobState::kDownloading: {
        bool all;
        Json record;
        {
          MutexLock l(mu_);
          all = download_tasks_.all_done();
          if (all) record = TransitionLocked(RestoreJobState::kCommitting);
        }
        if (!all) break;
        int64_t n;
        {
          MutexLock l(mu_);
          n = static_cast<int64_t>(replicas_.size());
        }
        record["moveFirst"] = n > 0 ? ctx_.journal->NextIds(n) : 0;
        record["downloadFinishedTime"] = ctx_.clock->NowMs();
        {
          MutexLock l(mu_);
          record["bytesDone"] = bytes_done_;
        }
        (void)Commit(std::move(record));
        break;
      }
      case RestoreJobState::kCommit:
      case RestoreJobState::kCommitting: {
        bool all;
        {
          MutexLock l(mu_);
          all = moves_.all_done();
        }
        if (all) StepCommitTables();
        break;
      }
      case RestoreJobState::kFinished:
      case RestoreJobState::kCancelled:
        break;
    }
    MutexLock l(mu_);
    if (state_ == before) break;
  }
  bool settle;
  {
    MutexLock l(mu_);
    settle = IsDoneState(state_) && !settled_;
  }
  if (settle) StepSettle();
  SendDue();
}

bool RestoreJob::Commit(Json record) {
  return CommitDelta(*ctx_.journal, "restore job " + label_ + " (db " + db_name_ + ")", record, [&] {
    MutexLock l(mu_);
    return ApplyLocked(record);
  });
}

bool RestoreJob::FlushCompletions() {
  Json record;
  std::vector<uint32_t> snaps;
  {
    MutexLock l(mu_);
    if (new_snapshots_.empty()) return true;
    snaps.swap(new_snapshots_);
    Json a = Json::array();
    for (uint32_t i : snaps) a.push_back(Json::array({i, replicas_[i].path}));
    record = Json{{"jobId", job_id_}, {"snapshots", std::move(a)}};
  }
  Status s = ctx_.journal->Append(JobManager::kDeltaOp, DumpJson(record));
  if (s.ok()) return true;
  LOG(WARNING) << "restore job " << label_ << ": " << s << "; completions are journaled later";
  MutexLock l(mu_);
  new_snapshots_.insert(new_snapshots_.end(), snaps.begin(), snaps.end());
  return false;
}

Status RestoreJob::CheckExisting(const RestoreTableRef& ref, const fe_backup::TableInfo& local) const {
  const std::string& t = ref.target;
  if (local.kind != fe_backup::TableKind::kOlap) {
    return Status::NotSupported("Table: " + t + " can not support backup restore, type: {}" +
                                fe_backup::TableKindName(local.kind));
  }
  if (local.has_temp_partitions) return Status::NotSupported("Do not support restoring table with temp partitions");
  const fe_backup::TableDefinition& a = local.definition;
  const fe_backup::TableDefinition& b = ref.definition;
  auto differ = [&](const std::string& hint) {
    return Status::InvalidArgument("Table " + t + " already exist but with different schema, errMsg: " + hint);
  };
  // StarRocks hashes the snapshot table's own name: restoring with an alias into an existing
  // table of that alias name is refused.
  if (local.name != ref.source.name) return differ("Table name is inconsistent");
  if ((a.partition_columns.empty()) != (b.partition_columns.empty())) return differ("partition type is inconsistent");
  if (a.partition_columns != b.partition_columns) return differ("partition columns is inconsistent");
  if (a.distribution_columns != b.distribution_columns) return differ("partition distribution col hash is inconsistent");
  if (a.buckets != b.buckets) return differ("bucket num is inconsistent");
  if (a.columns.size() != b.columns.size()) return differ("");
  if (a.keys_type != b.keys_type || a.key_columns != b.key_columns) {
    return Status::InvalidArgument("Table " + t + " already exist but with different key type");
  }
  for (size_t i = 0; i < a.columns.size(); ++i) {
    if (!SameColumn(a.columns[i], b.columns[i])) {
      return Status::InvalidArgument("Table " + t +
                                     " already exist but with different schema, column: " + ColumnText(a.columns[i]) +
                                     " in existed table is different from the column in backup snapshot, column: " +
                                     ColumnText(b.columns[i]));
    }
  }
  for (const auto& p : ref.source.partitions) {
    auto it = std::find_if(local.partitions.begin(), local.partitions.end(),
                           [&](const fe_backup::PartitionInfo& x) { return x.name == p.name; });
    if (it == local.partitions.end()) {
      if (a.partition_columns.empty()) {
        return Status::InvalidArgument("No partition exist in single partitioned table " + t);
      }
      continue;  // added; the host refuses a range that overlaps an existing one
    }
    if (!a.partition_columns.empty()) {
      const auto* ra = FindRange(a, p.name);
      const auto* rb = FindRange(b, p.name);
      if (ra == nullptr || rb == nullptr || ra->upper_bound != rb->upper_bound) {
        return Status::InvalidArgument("Partition " + p.name + " in table " + t +
                                       " has different range with partition in repository");
      }
    }
    int32_t local_replicas = 0;
    if (!it->indexes.empty() && !it->indexes[0].tablets.empty()) {
      local_replicas = static_cast<int32_t>(it->indexes[0].tablets[0].replicas.size());
    }
    if (local_replicas != replication_num_) {
      return Status::InvalidArgument("Partition " + p.name + " in table " + t + " has different replication num '" +
                                     std::to_string(local_replicas) + "' with partition in repository, which is " +
                                     std::to_string(replication_num_));
    }
  }
  return Status::OK();
}

void RestoreJob::StepPending() {
  fe_backup::Host& host = *ctx_.host;
  fe_backup::CatalogWriter& writer = host.catalog_writer();
  if (!host.catalog().FindDatabaseById(db_id_)) {
    (void)CancelStep(JobStatus(JobStatus::Code::kNotFound, "database " + std::to_string(db_id_) + " does not exist"));
    return;
  }
  // Stages an earlier attempt made before a crash are of no use: PENDING starts over.
  for (const auto& s : writer.ListRestoreStages()) {
    if (s.job_id == job_id_ && !s.committed) {
      fe_backup::HostStatus aborted = writer.AbortRestore(s.stage_id);
      if (!aborted.ok()) {
        LOG(WARNING) << "restore job " << label_ << ": " << aborted.message << "; will retry";
        return;
      }
    }
  }
  {
    auto lock = host.locks().ReadLock(db_id_, std::chrono::milliseconds(options_.lock_timeout_ms));
    if (!lock.ok()) {
      LOG(WARNING) << "restore job " << label_ << ": " << lock.status.message << "; will retry";
      return;
    }
    for (const auto& ref : tables_) {
      std::optional<fe_backup::TableInfo> local = host.catalog().FindTable(db_id_, ref.target);
      if (!local) continue;
      Status s = CheckExisting(ref, *local);
      if (!s.ok()) {
        lock.value->reset();
        (void)CancelStep(JobStatus(s.code() == StatusCode::kNotSupported ? JobStatus::Code::kUnsupported
                                                                           : JobStatus::Code::kCommonError,
                                   s.message()));
        return;
      }
    }
    // A restored view replaces a same-name view, never a table.
    for (const auto& view : views_) {
      if (host.catalog().FindTable(db_id_, view.definition.name)) {
        lock.value->reset();
        (void)CancelStep(JobStatus(JobStatus::Code::kBadReplace,
                                   "Table: " + view.definition.name + " has existed and it is not a View"));
        return;
      }
    }
  }
  std::vector<fe_backup::RestoreStage> stages;
  auto abort_all = [&] {
    for (const auto& s : stages) {
      fe_backup::HostStatus a = writer.AbortRestore(s.stage_id);
      if (!a.ok()) LOG(WARNING) << "restore job " << label_ << ": abort of stage " << s.stage_id << ": " << a.message;
    }
  };
  for (const auto& ref : tables_) {
    fe_backup::RestoreStageRequest req;
    req.job_id = job_id_;
    req.table_name = ref.target;
    req.definition = ref.definition;
    req.replication_num = replication_num_;
    for (const auto& p : ref.source.partitions) req.partitions.push_back({p.name, p.version});
    fe_backup::HostResult<fe_backup::RestoreStage> staged = writer.StageRestore(db_id_, req);
    if (!staged.ok()) {
      abort_all();
      if (Retriable(staged.status.code)) {
        MutexLock l(mu_);
        last_error_ = staged.status.message;
        return;
      }
      (void)CancelStep(JobStatus(JobStatus::Code::kCommonError, staged.status.message));
      return;
    }
    // The staged tablets must pair one to one with the snapshot's, partition by partition.
    const fe_backup::TableInfo& t = staged.value->table;
    for (const auto& sp : ref.source.partitions) {
      auto it = std::find_if(t.partitions.begin(), t.partitions.end(),
                             [&](const fe_backup::PartitionInfo& x) { return x.name == sp.name; });
      size_t want = sp.indexes.empty() ? 0 : sp.indexes[0].tablets.size();
      size_t got = (it == t.partitions.end() || it->indexes.empty()) ? 0 : it->indexes[0].tablets.size();
      if (it == t.partitions.end() || got != want) {
        stages.push_back(*staged.value);
        abort_all();
        (void)CancelStep(JobStatus(JobStatus::Code::kCommonError,
                                   "partition " + sp.name + " of table " + ref.target + " was staged with " +
                                       std::to_string(got) + " tablets, but the snapshot has " + std::to_string(want)));
        return;
      }
    }
    stages.push_back(std::move(*staged.value));
  }
  size_t replicas = 0;
  Json js = Json::array();
  for (const auto& s : stages) {
    Json parts = Json::array();
    for (const auto& p : s.table.partitions) {
      Json tablets = Json::array();
      for (const auto& idx : p.indexes) {
        for (const auto& tab : idx.tablets) {
          Json bes = Json::array();
          for (const auto& r : tab.replicas) bes.push_back(r.backend_id);
          replicas += tab.replicas.size();
          tablets.push_back(Json::array({tab.id, std::move(bes)}));
        }
        // Only the base index: the reference catalog keeps no rollups.
        parts.push_back(Json::array({p.id, p.name, p.visible_version, idx.id, idx.schema_hash, std::move(tablets)}));
        break;
      }
    }
    js.push_back(Json{{"stageId", s.stage_id},
                      {"tableId", s.table.id},
                      {"newTable", s.new_table},
                      {"partitions", std::move(parts)}});
  }
  Json record;
  {
    MutexLock l(mu_);
    record = TransitionLocked(RestoreJobState::kSnapshoting);
  }
  record["stages"] = std::move(js);
  record["snapshotFirst"] = replicas > 0 ? ctx_.journal->NextIds(static_cast<int64_t>(replicas)) : 0;
  record["metaPreparedTime"] = ctx_.clock->NowMs();
  if (!Commit(std::move(record))) abort_all();  // retried from scratch on the next step
}

void RestoreJob::StepDownload() {
  std::map<int64_t, std::vector<uint32_t>> by_backend;
  {
    MutexLock l(mu_);
    for (uint32_t i = 0; i < replicas_.size(); ++i) by_backend[replicas_[i].backend].push_back(i);
  }
  Json tasks = Json::array();
  for (auto& [backend, idx] : by_backend) {
    size_t n = idx.size();
    size_t batches = n;
    if (options_.max_download_task_per_be > 0) batches = std::min<size_t>(n, options_.max_download_task_per_be);
    size_t per_batch = std::max<size_t>(n / batches, 1);
    size_t next = 0;
    for (size_t b = 0; b < batches && next < n; ++b) {
      size_t end = (b + 1 == batches) ? n : std::min(n, next + per_batch);
      Json task = Json::array({backend});
      for (size_t k = next; k < end; ++k) task.push_back(idx[k]);
      tasks.push_back(std::move(task));
      next = end;
    }
  }
  Json record;
  {
    MutexLock l(mu_);
    record = TransitionLocked(RestoreJobState::kDownloading);
  }
  record["downloadFirst"] = tasks.empty() ? 0 : ctx_.journal->NextIds(static_cast<int64_t>(tasks.size()));
  record["downloads"] = std::move(tasks);
  record["snapshotFinishedTime"] = ctx_.clock->NowMs();
  (void)Commit(std::move(record));
}

void RestoreJob::StepCommitTables() {
  fe_backup::CatalogWriter& writer = ctx_.host->catalog_writer();
  size_t n;
  {
    MutexLock l(mu_);
    n = stages_.size();
  }
  for (size_t i = 0; i < n; ++i) {
    int64_t stage_id;
    {
      MutexLock l(mu_);
      if (committed_[i]) continue;
      stage_id = stages_[i].stage_id;
    }
    fe_backup::HostStatus s = writer.CommitRestore(stage_id);
    if (!s.ok()) {
      if (Retriable(s.code)) {
        MutexLock l(mu_);
        last_error_ = s.message;
        return;
      }
      (void)CancelStep(JobStatus(JobStatus::Code::kCommonError, "failed to commit table " + tables_[i].target + ": " +
                                                                    s.message));
      return;
    }
    LOG(INFO) << "restore job " << label_ << ": table " << tables_[i].target << " committed";
    if (!Commit(Json{{"jobId", job_id_}, {"committed", i}})) return;  // the host commit is repeated then
  }
  if (!CreateViewsAndFunctions()) return;
  Json record;
  {
    MutexLock l(mu_);
    record = TransitionLocked(RestoreJobState::kFinished);
  }
  (void)Commit(std::move(record));
}

bool RestoreJob::CreateViewsAndFunctions() {
  fe_backup::CatalogWriter& writer = ctx_.host->catalog_writer();
  fe_backup::HostStatus failure;
  JobStatus fatal;
  for (const auto& view : views_) {
    fe_backup::HostStatus s = writer.CreateView(db_id_, view.definition, /*replace=*/true);
    if (s.ok()) continue;
    failure = s;
    // kAlreadyExists: a table took the name since PENDING checked it.
    fatal = s.code == fe_backup::HostCode::kAlreadyExists
                ? JobStatus(JobStatus::Code::kBadReplace,
                            "Table: " + view.definition.name + " has existed and it is not a View")
                : JobStatus(JobStatus::Code::kCommonError,
                            "failed to create view " + view.definition.name + ": " + s.message);
    break;
  }
  for (size_t i = 0; failure.ok() && i < functions_.size(); ++i) {
    fe_backup::HostStatus s = writer.CreateFunction(db_id_, functions_[i], /*replace=*/true);
    if (s.ok()) continue;
    failure = s;
    fatal = JobStatus(JobStatus::Code::kCommonError,
                      "Add Function: " + fe_backup::FunctionSignature(functions_[i]) + " failed when restore");
  }
  if (!failure.ok()) {
    if (Retriable(failure.code)) {
      MutexLock l(mu_);
      last_error_ = failure.message;
    } else {
      (void)CancelStep(std::move(fatal));
    }
    return false;
  }
  if (!views_.empty() || !functions_.empty()) {
    LOG(INFO) << "restore job " << label_ << ": " << views_.size() << " view(s) and " << functions_.size()
              << " function(s) created";
  }
  return true;
}

void RestoreJob::StepSettle() {
  fe_backup::CatalogWriter& writer = ctx_.host->catalog_writer();
  std::vector<std::pair<int64_t, bool>> stages;  // id, committed
  std::vector<AgentTask> releases;
  {
    MutexLock l(mu_);
    for (size_t i = 0; i < stages_.size(); ++i) stages.emplace_back(stages_[i].stage_id, committed_[i]);
    for (const auto& r : replicas_) {
      if (r.path.empty()) continue;
      AgentTask t;
      t.type = TaskType::kReleaseSnapshot;
      t.signature = r.tablet;  // StarRocks releases a restore snapshot under the tablet id
      t.backend_id = r.backend;
      t.release = ReleaseRequest{r.path};
      releases.push_back(std::move(t));
    }
  }
  for (auto [id, committed] : stages) {
    fe_backup::HostStatus s = committed ? writer.ForgetRestoreStage(id) : writer.AbortRestore(id);
    if (!s.ok() && Retriable(s.code)) {
      LOG(WARNING) << "restore job " << label_ << ": stage " << id << ": " << s.message << "; will retry";
      return;
    }
    if (!s.ok()) LOG(WARNING) << "restore job " << label_ << ": stage " << id << ": " << s.message;
  }
  // Fire and forget, as StarRocks does: a snapshot directory that is not released expires on
  // its backend.
  std::map<int64_t, std::vector<AgentTask>> by_backend;
  for (auto& t : releases) by_backend[t.backend_id].push_back(std::move(t));
  for (auto& [backend, tasks] : by_backend) {
    std::optional<fe_backup::BackendInfo> be = ctx_.host->backends().Find(backend);
    if (be && be->alive && ctx_.lanes != nullptr) (void)ctx_.lanes->Post(*be, std::move(tasks), nullptr);
  }
  (void)Commit(Json{{"jobId", job_id_}, {"settled", true}});
}

Status RestoreJob::Cancel() {
  MutexLock step(step_mu_);
  RestoreJobState from;
  {
    MutexLock l(mu_);
    from = state_;
    if (IsDoneState(state_)) {
      return Status::IllegalState("Job with label " + label_ + " can not be cancelled. state: " +
                                  std::string(RestoreJobStateName(state_)));
    }
  }
  Status s = CancelStep(JobStatus(JobStatus::Code::kCommonError,
                                  "user cancelled, current state: " + std::string(RestoreJobStateName(from))));
  if (s.ok()) StepSettle();
  return s;
}

Status RestoreJob::CancelStep(JobStatus status) {
  (void)FlushCompletions();  // snapshot directories taken are journaled, so they are released
  Json record;
  RestoreJobState from;
  {
    MutexLock l(mu_);
    if (IsDoneState(state_)) return Status::OK();
    from = state_;
    record = TransitionLocked(RestoreJobState::kCancelled);
    record["status"] = Json{{"ec", JobStatus::CodeName(status.code())}, {"em", status.message()}};
  }
  if (!Commit(std::move(record))) return Status::Unavailable("failed to journal the cancellation of job " + label_);
  LOG(INFO) << "restore job " << label_ << " cancelled in " << RestoreJobStateName(from) << ": " << status.ToString();
  return Status::OK();
}

}  // namespace feb::plugin
