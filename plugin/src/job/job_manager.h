// JobManager: the registry of backup jobs — the latest job of each database, running or
// done — and the daemon that drives them. One unfinished backup or restore job per database.
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "common/status/status.h"
#include "plugin/src/job/backup_job.h"

namespace feb::plugin {

struct JobManagerOptions {
  // How often every unfinished job is driven; reports that complete a state wake it sooner.
  int64_t tick_ms = 1000;
  // Done jobs are forgotten this long after they finished (history_job_keep_max_second).
  int64_t history_keep_ms = 7LL * 24 * 3600 * 1000;
  // How long a submission waits for another one to finish.
  int64_t submit_lock_timeout_ms = 10000;
  BackupJobOptions job;
  // Called by the daemon after each round (e.g. repository pings); may be empty.
  std::function<void()> on_tick;
};

class JobManager {
 public:
  // `deps.wake` is set by the manager itself.
  JobManager(BackupJobDeps deps, JobManagerOptions options);
  ~JobManager();

  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // Creates, journals and registers a backup job; errors use StarRocks' texts.
  Status SubmitBackup(const AnalyzedBackup& request);
  // CANCEL BACKUP for a database.
  Status CancelBackup(int64_t db_id);
  // The latest backup job of a database, if any.
  std::shared_ptr<BackupJob> BackupJobOf(int64_t db_id) const;
  // The latest backup job of every database, ordered by database id.
  std::vector<std::shared_ptr<BackupJob>> BackupJobs() const;
  // True while an unfinished job writes to the repository.
  bool HasUnfinishedJobOn(int64_t repo_id) const;

  // Journal replay (before Start): a later record of a job replaces the earlier one.
  Status Replay(uint16_t op, std::string_view payload);

  // Starts / stops the daemon thread. Shutdown waits for it; idempotent.
  void Start();
  void Shutdown();
  // Drives every unfinished job once and forgets expired ones (what the daemon does per tick).
  void RunOnce();

  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task);
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress);
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& report);

 private:
  std::vector<std::shared_ptr<BackupJob>> Snapshot() const;
  void Wake();
  void Loop();

  BackupJobDeps deps_;
  JobManagerOptions options_;

  std::timed_mutex submit_mu_;  // serializes submissions (StarRocks' seqlock)
  mutable std::mutex mu_;
  std::map<int64_t, std::shared_ptr<BackupJob>> jobs_;  // db id -> latest job
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread daemon_;
};

}  // namespace feb::plugin
