#include "plugin/src/job/job_manager.h"

#include <glog/logging.h>

#include <algorithm>
#include <set>

#include "common/json/json_reader.h"

namespace feb::plugin {

JobManager::JobManager(JobContext context, JobManagerOptions options) : context_(std::move(context)), options_(options) {
  context_.wake = [this] { Wake(); };
  context_.router = &router_;
  BackupJobOptions job_options = options_.job;
  readers_[BackupJob::kImageOp] = [job_options](std::string_view payload,
                                                const JobContext& ctx) -> Result<std::shared_ptr<Job>> {
    ASSIGN_OR_RETURN(std::shared_ptr<BackupJob> job, BackupJob::FromImage(payload, ctx, job_options));
    return std::shared_ptr<Job>(std::move(job));
  };
  RestoreJobOptions restore_options = options_.restore;
  readers_[RestoreJob::kImageOp] = [restore_options](std::string_view payload,
                                                     const JobContext& ctx) -> Result<std::shared_ptr<Job>> {
    ASSIGN_OR_RETURN(std::shared_ptr<RestoreJob> job, RestoreJob::FromImage(payload, ctx, restore_options));
    return std::shared_ptr<Job>(std::move(job));
  };
}

JobManager::~JobManager() { Shutdown(); }

void JobManager::Register(std::shared_ptr<Job> job) {
  MutexLock l(mu_);
  auto old = by_db_.find(job->db_id());
  if (old != by_db_.end()) by_id_.erase(old->second->job_id());
  by_id_[job->job_id()] = job;
  by_db_[job->db_id()] = std::move(job);
}

Status JobManager::SubmitBackup(const AnalyzedBackup& request) {
  std::shared_ptr<SnapshotRepository> repo = context_.repos->FindById(request.repo_id);
  if (repo == nullptr) return Status::NotFound("Repository " + request.repo_name + " does not exist");
  std::unique_lock<std::timed_mutex> submit(submit_mu_, std::defer_lock);
  if (!submit.try_lock_for(std::chrono::milliseconds(options_.submit_lock_timeout_ms))) {
    return Status::Unavailable("Another backup or restore job is being submitted. Please wait and try again");
  }
  for (const auto& job : AllJobs()) {
    if (job->done()) continue;
    if (job->db_id() == request.db_id) {
      return Status::IllegalState("Can only run one backup or restore job of a database at same time");
    }
    if (job->repo_id() == request.repo_id && job->label() == request.label) {
      // Two databases writing one snapshot directory would mix their files.
      return Status::AlreadyExists("Snapshot with name '" + request.label +
                                   "' is being written to the repository by another job");
    }
  }
  if (repo->read_only()) return Status::InvalidArgument("Repository " + request.repo_name + " is read only");
  Result<std::vector<std::string>> labels = repo->ListSnapshots();
  if (!labels.ok()) return labels.status();
  if (std::find(labels->begin(), labels->end(), request.label) != labels->end()) {
    return Status::AlreadyExists("Snapshot with name '" + request.label + "' already exist in repository");
  }
  auto job = std::make_shared<BackupJob>(request, context_.journal->NextId(), context_, options_.job);
  RETURN_IF_ERROR(job->Persist());
  Register(job);
  LOG(INFO) << "backup job " << request.label << " of database " << request.db_name << " submitted";
  Wake();
  return Status::OK();
}

Status JobManager::CancelBackup(int64_t db_id) {
  std::shared_ptr<BackupJob> job = BackupJobOf(db_id);
  if (job == nullptr || job->done()) return Status::NotFound("No backup job is currently running");
  Status s = job->Cancel();
  if (!s.ok()) return Status(s.code(), "Failed to cancel job: " + s.message());
  return Status::OK();
}

Status JobManager::SubmitRestore(const AnalyzedRestore& request) {
  std::shared_ptr<SnapshotRepository> repo = context_.repos->FindById(request.repo_id);
  if (repo == nullptr) return Status::NotFound("Repository " + request.repo_name + " does not exist");
  std::unique_lock<std::timed_mutex> submit(submit_mu_, std::defer_lock);
  if (!submit.try_lock_for(std::chrono::milliseconds(options_.submit_lock_timeout_ms))) {
    return Status::Unavailable("Another backup or restore job is being submitted. Please wait and try again");
  }
  for (const auto& job : AllJobs()) {
    if (!job->done() && job->db_id() == request.db_id) {
      return Status::IllegalState("Can only run one backup or restore job of a database at same time");
    }
  }
  auto job = std::make_shared<RestoreJob>(request, context_.journal->NextId(), context_, options_.restore);
  RETURN_IF_ERROR(job->Persist());
  Register(job);
  LOG(INFO) << "restore job " << request.label << " into database " << request.db_name << " submitted";
  Wake();
  return Status::OK();
}

Status JobManager::CancelRestore(int64_t db_id) {
  std::shared_ptr<Job> job;
  {
    MutexLock l(mu_);
    auto it = by_db_.find(db_id);
    if (it != by_db_.end()) job = it->second;
  }
  if (job == nullptr || job->kind() != JobKind::kRestore) return Status::NotFound("No restore is currently running");
  Status s = job->Cancel();
  if (!s.ok()) return Status(s.code(), "Failed to cancel job: " + s.message());
  return Status::OK();
}

std::vector<std::shared_ptr<RestoreJob>> JobManager::RestoreJobs() const {
  std::vector<std::shared_ptr<RestoreJob>> out;
  for (const auto& job : AllJobs()) {
    if (auto r = std::dynamic_pointer_cast<RestoreJob>(job)) out.push_back(std::move(r));
  }
  return out;
}

void JobManager::AbortOrphanStages() {
  std::set<int64_t> owned;
  for (const auto& job : RestoreJobs()) {
    if (!job->done()) owned.insert(job->job_id());
  }
  fe_backup::CatalogWriter& writer = context_.host->catalog_writer();
  for (const auto& stage : writer.ListRestoreStages()) {
    if (stage.committed || owned.count(stage.job_id)) continue;
    // A done job that has not settled yet aborts its own stages on its next step.
    bool settling = false;
    for (const auto& job : RestoreJobs()) {
      std::vector<int64_t> ids = job->stage_ids();
      settling = settling || std::find(ids.begin(), ids.end(), stage.stage_id) != ids.end();
    }
    if (settling) continue;
    fe_backup::HostStatus s = writer.AbortRestore(stage.stage_id);
    LOG(INFO) << "aborted restore stage " << stage.stage_id << " of table " << stage.table.name
              << ": no job owns it" << (s.ok() ? "" : " (" + s.message + ")");
  }
}

std::shared_ptr<BackupJob> JobManager::BackupJobOf(int64_t db_id) const {
  MutexLock l(mu_);
  auto it = by_db_.find(db_id);
  return it == by_db_.end() ? nullptr : std::dynamic_pointer_cast<BackupJob>(it->second);
}

std::vector<std::shared_ptr<BackupJob>> JobManager::BackupJobs() const {
  std::vector<std::shared_ptr<BackupJob>> out;
  for (const auto& job : AllJobs()) {
    if (auto b = std::dynamic_pointer_cast<BackupJob>(job)) out.push_back(std::move(b));
  }
  return out;
}

bool JobManager::HasUnfinishedJobOn(int64_t repo_id) const {
  for (const auto& job : AllJobs()) {
    if (job->repo_id() == repo_id && !job->done()) return true;
  }
  return false;
}

bool JobManager::HandlesOp(uint16_t op) const { return op == kDeltaOp || readers_.count(op) > 0; }

Status JobManager::Replay(uint16_t op, std::string_view payload) {
  if (op == kDeltaOp) {
    ASSIGN_OR_RETURN(nlohmann::json j, json::ParseObject<nlohmann::json>(payload));
    ASSIGN_OR_RETURN(int64_t id, json::GetInt(j, "jobId"));
    std::shared_ptr<Job> job = FindById(id);
    if (job == nullptr) return Status::NotFound("journal record of unknown job " + std::to_string(id));
    return job->ApplyRecord(op, payload);
  }
  auto reader = readers_.find(op);
  if (reader == readers_.end()) return Status::OK();
  ASSIGN_OR_RETURN(std::shared_ptr<Job> job, reader->second(payload, context_));
  Register(std::move(job));
  return Status::OK();
}

std::vector<std::string> JobManager::Images() const {
  std::vector<std::string> out;
  for (const auto& job : AllJobs()) out.push_back(job->Image());
  return out;
}

void JobManager::Clear() {
  std::map<int64_t, std::shared_ptr<Job>> gone;
  {
    MutexLock l(mu_);
    gone.swap(by_id_);
    by_db_.clear();
  }
  for (const auto& [id, job] : gone) router_.Unregister(id);
}

std::vector<std::shared_ptr<Job>> JobManager::AllJobs() const {
  MutexLock l(mu_);
  std::vector<std::shared_ptr<Job>> out;
  for (const auto& [db, job] : by_db_) out.push_back(job);
  return out;
}

std::shared_ptr<Job> JobManager::FindById(int64_t job_id) const {
  MutexLock l(mu_);
  auto it = by_id_.find(job_id);
  return it == by_id_.end() ? nullptr : it->second;
}

void JobManager::RunOnce() {
  int64_t now = context_.clock->NowMs();
  std::vector<int64_t> expired;
  for (const auto& job : AllJobs()) {
    bool has_work = job->has_work();
    if (has_work) job->Run();
    if (!has_work && job->finished_time_ms() > 0 && now - job->finished_time_ms() > options_.history_keep_ms) {
      expired.push_back(job->job_id());
    }
  }
  if (expired.empty()) return;
  {
    MutexLock l(mu_);
    for (int64_t id : expired) {
      auto it = by_id_.find(id);
      if (it == by_id_.end()) continue;
      auto db = by_db_.find(it->second->db_id());
      if (db != by_db_.end() && db->second == it->second) by_db_.erase(db);
      by_id_.erase(it);
    }
  }
  for (int64_t id : expired) router_.Unregister(id);
}

void JobManager::Wake() {
  MutexLock l(mu_);
  woken_ = true;
  cv_.NotifyAll();
}

void JobManager::Start() {
  MutexLock l(mu_);
  if (daemon_.joinable()) return;
  stopping_ = false;
  daemon_ = std::thread([this] { Loop(); });
}

void JobManager::Shutdown() {
  {
    MutexLock l(mu_);
    stopping_ = true;
    cv_.NotifyAll();
  }
  if (daemon_.joinable()) daemon_.join();
}

void JobManager::Loop() {
  while (true) {
    {
      MutexLock l(mu_);
      if (!stopping_ && !woken_) cv_.WaitFor(mu_, std::chrono::milliseconds(options_.tick_ms));
      if (stopping_) return;
      woken_ = false;
    }
    RunOnce();
    if (options_.on_tick) options_.on_tick();
  }
}

void JobManager::ReleaseOrphan(const fe_backup::FinishedTask& task) {
  std::optional<fe_backup::BackendInfo> be = context_.host->backends().Find(task.backend_id);
  if (!be || !be->alive || context_.lanes == nullptr) return;
  AgentTask t;
  t.type = fe_backup::TaskType::kReleaseSnapshot;
  t.signature = task.signature;
  t.backend_id = task.backend_id;
  t.release = ReleaseRequest{*task.snapshot_path};
  LOG(INFO) << "releasing snapshot " << *task.snapshot_path << " on backend " << task.backend_id
            << ": its task " << task.signature << " belongs to no running job";
  if (context_.lanes->Post(*be, {std::move(t)}, nullptr)) {
    MutexLock l(mu_);
    ++orphans_released_;
  }
}

int64_t JobManager::orphans_released() const {
  MutexLock l(mu_);
  return orphans_released_;
}

fe_backup::TaskAnswer JobManager::OnFinishTask(const fe_backup::FinishedTask& task) {
  std::optional<int64_t> owner = router_.OwnerOf(task.type, task.signature);
  std::shared_ptr<Job> job = owner ? FindById(*owner) : nullptr;
  if (job != nullptr && job->OnFinishTask(task) == fe_backup::TaskAnswer::kOk) return fe_backup::TaskAnswer::kOk;
  if (task.type == fe_backup::TaskType::kReleaseSnapshot) return fe_backup::TaskAnswer::kOk;
  if (task.type == fe_backup::TaskType::kMakeSnapshot && task.status_code == fe_backup::kTaskStatusOk &&
      task.snapshot_path && !task.snapshot_path->empty()) {
    ReleaseOrphan(task);
  }
  return fe_backup::TaskAnswer::kCancelled;
}

fe_backup::TaskAnswer JobManager::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  std::optional<int64_t> owner = router_.OwnerOf(progress.type, progress.task_id);
  std::shared_ptr<Job> job = owner ? FindById(*owner) : nullptr;
  return job == nullptr ? fe_backup::TaskAnswer::kCancelled : job->OnLoaderProgress(progress);
}

void JobManager::OnBackendTaskReport(const fe_backup::BackendTaskReport& report) {
  for (const auto& job : AllJobs()) job->OnBackendTaskReport(report);
}

}  // namespace feb::plugin
