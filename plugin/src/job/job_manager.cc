#include "plugin/src/job/job_manager.h"

#include <glog/logging.h>

#include <algorithm>

namespace feb::plugin {

JobManager::JobManager(BackupJobDeps deps, JobManagerOptions options) : deps_(std::move(deps)), options_(options) {
  deps_.wake = [this] { Wake(); };
}

JobManager::~JobManager() { Shutdown(); }

Status JobManager::SubmitBackup(const AnalyzedBackup& request) {
  std::shared_ptr<SnapshotRepository> repo = deps_.repos->FindById(request.repo_id);
  if (repo == nullptr) return Status::NotFound("Repository " + request.repo_name + " does not exist");
  std::unique_lock<std::timed_mutex> submit(submit_mu_, std::defer_lock);
  if (!submit.try_lock_for(std::chrono::milliseconds(options_.submit_lock_timeout_ms))) {
    return Status::Unavailable("Another backup or restore job is being submitted. Please wait and try again");
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = jobs_.find(request.db_id);
    if (it != jobs_.end() && !it->second->done()) {
      return Status::IllegalState("Can only run one backup or restore job of a database at same time");
    }
  }
  if (repo->read_only()) return Status::InvalidArgument("Repository " + request.repo_name + " is read only");
  Result<std::vector<std::string>> labels = repo->ListSnapshots();
  if (!labels.ok()) return labels.status();
  if (std::find(labels->begin(), labels->end(), request.label) != labels->end()) {
    return Status::AlreadyExists("Snapshot with name '" + request.label + "' already exist in repository");
  }
  auto job = std::make_shared<BackupJob>(request, deps_, options_.job);
  RETURN_IF_ERROR(job->Persist());
  {
    std::lock_guard<std::mutex> l(mu_);
    jobs_[request.db_id] = job;
  }
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

std::shared_ptr<BackupJob> JobManager::BackupJobOf(int64_t db_id) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = jobs_.find(db_id);
  return it == jobs_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<BackupJob>> JobManager::BackupJobs() const { return Snapshot(); }

bool JobManager::HasUnfinishedJobOn(int64_t repo_id) const {
  for (const auto& job : Snapshot()) {
    if (job->repo_id() == repo_id && !job->done()) return true;
  }
  return false;
}

Status JobManager::Replay(uint16_t op, std::string_view payload) {
  if (op != BackupJob::kJournalOp) return Status::OK();
  ASSIGN_OR_RETURN(std::unique_ptr<BackupJob> job, BackupJob::FromJson(payload, deps_, options_.job));
  std::lock_guard<std::mutex> l(mu_);
  int64_t db = job->db_id();
  jobs_[db] = std::shared_ptr<BackupJob>(std::move(job));
  return Status::OK();
}

std::vector<std::shared_ptr<BackupJob>> JobManager::Snapshot() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::shared_ptr<BackupJob>> out;
  for (const auto& [db, job] : jobs_) out.push_back(job);
  return out;
}

void JobManager::RunOnce() {
  for (const auto& job : Snapshot()) {
    if (!job->done()) job->Run();
  }
  int64_t now = deps_.clock->NowMs();
  std::lock_guard<std::mutex> l(mu_);
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    const auto& job = it->second;
    if (job->done() && job->finished_time_ms() > 0 && now - job->finished_time_ms() > options_.history_keep_ms) {
      it = jobs_.erase(it);
    } else {
      ++it;
    }
  }
}

void JobManager::Wake() {
  std::lock_guard<std::mutex> l(mu_);
  woken_ = true;
  cv_.notify_all();
}

void JobManager::Start() {
  std::lock_guard<std::mutex> l(mu_);
  if (daemon_.joinable()) return;
  stopping_ = false;
  daemon_ = std::thread([this] { Loop(); });
}

void JobManager::Shutdown() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (daemon_.joinable()) daemon_.join();
}

void JobManager::Loop() {
  while (true) {
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait_for(l, std::chrono::milliseconds(options_.tick_ms), [this] { return stopping_ || woken_; });
      if (stopping_) return;
      woken_ = false;
    }
    RunOnce();
    if (options_.on_tick) options_.on_tick();
  }
}

fe_backup::TaskAnswer JobManager::OnFinishTask(const fe_backup::FinishedTask& task) {
  if (task.type == fe_backup::TaskType::kReleaseSnapshot) return fe_backup::TaskAnswer::kOk;
  for (const auto& job : Snapshot()) {
    if (job->OnFinishTask(task) == fe_backup::TaskAnswer::kOk) return fe_backup::TaskAnswer::kOk;
  }
  return fe_backup::TaskAnswer::kCancelled;
}

fe_backup::TaskAnswer JobManager::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  for (const auto& job : Snapshot()) {
    if (job->OnLoaderProgress(progress) == fe_backup::TaskAnswer::kOk) return fe_backup::TaskAnswer::kOk;
  }
  return fe_backup::TaskAnswer::kCancelled;
}

void JobManager::OnBackendTaskReport(const fe_backup::BackendTaskReport& report) {
  for (const auto& job : Snapshot()) job->OnBackendTaskReport(report);
}

}  // namespace feb::plugin
