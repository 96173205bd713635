// JobManager: the registry of jobs of every kind — the latest job of each database, running or
// done — and the daemon that drives them. One unfinished backup or restore job per database;
// one unfinished job per (repository, label) across databases.
//
// Reports are routed by (type, signature) through the ReportRouter to the one job that owns
// the signature, never by asking every job in turn. A successful MAKE_SNAPSHOT reported under
// a signature nobody owns (a cancelled job's late report) is released on its backend.
// Journal records: each kind registers a reader for its image op; deltas (kDeltaOp) name their
// job by id. The daemon drives jobs one after another; sends go through per-backend lanes, so
// no job step waits for a backend.
// Lock order: see job.h. mu_ is a leaf: the manager never calls a job while holding it.
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/status/result.h"
#include "common/sync/mutex.h"
#include "plugin/src/analysis/analyzed_backup.h"
#include "plugin/src/job/backup_job.h"
#include "plugin/src/job/job.h"
#include "plugin/src/job/job_context.h"
#include "plugin/src/job/restore_job.h"
#include "plugin/src/analysis/analyzed_restore.h"

namespace feb::plugin {

struct JobManagerOptions {
  // How often every unfinished job is driven; reports that complete a state wake it sooner.
  int64_t tick_ms = 1000;
  // Done jobs are forgotten this long after they finished (history_job_keep_max_second).
  int64_t history_keep_ms = 7LL * 24 * 3600 * 1000;
  // How long a submission waits for another one to finish.
  int64_t submit_lock_timeout_ms = 10000;
  BackupJobOptions job;
  RestoreJobOptions restore;
  // Called by the daemon after each round (e.g. repository pings, the module checkpoint).
  std::function<void()> on_tick;
};

class JobManager {
 public:
  // A journal record delta of any job: {"jobId": ..., ...}; the job applies it.
  static constexpr uint16_t kDeltaOp = fe_backup::kModuleOpFirst + 11;
  // Reads an image record of one kind of job.
  using ImageReader = std::function<Result<std::shared_ptr<Job>>(std::string_view payload, const JobContext&)>;

  // `context.wake` and `context.router` are set by the manager itself.
  JobManager(JobContext context, JobManagerOptions options);
  ~JobManager();

  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // Creates, journals and registers a backup job; errors use StarRocks' texts.
  Status SubmitBackup(const AnalyzedBackup& request) EXCLUDES(mu_);
  // CANCEL BACKUP for a database.
  Status CancelBackup(int64_t db_id) EXCLUDES(mu_);
  // The latest backup job of a database, if any.
  std::shared_ptr<BackupJob> BackupJobOf(int64_t db_id) const EXCLUDES(mu_);
  // The latest backup job of every database, ordered by database id.
  std::vector<std::shared_ptr<BackupJob>> BackupJobs() const EXCLUDES(mu_);
  // Creates, journals and registers a restore job (the target database exists by now).
  Status SubmitRestore(const AnalyzedRestore& request) EXCLUDES(mu_);
  // CANCEL RESTORE for a database.
  Status CancelRestore(int64_t db_id) EXCLUDES(mu_);
  std::vector<std::shared_ptr<RestoreJob>> RestoreJobs() const EXCLUDES(mu_);
  // At startup, after replay: aborts the host's uncommitted restore stages that no unfinished
  // job of the journal owns (a crash between staging and journaling leaves such stages).
  void AbortOrphanStages() EXCLUDES(mu_);
  // True while an unfinished job writes to (or reads from) the repository.
  bool HasUnfinishedJobOn(int64_t repo_id) const EXCLUDES(mu_);

  // Journal replay (before Start): image records of a registered kind, and deltas.
  Status Replay(uint16_t op, std::string_view payload) EXCLUDES(mu_);
  bool HandlesOp(uint16_t op) const;
  // Every job's image, for the module's checkpoint (called under the journal gate).
  std::vector<std::string> Images() const EXCLUDES(mu_);
  // Forgets every job (replay of a checkpoint starts from nothing).
  void Clear() EXCLUDES(mu_);

  // Starts / stops the daemon thread; Shutdown waits for it and is idempotent. The owner of
  // the send lanes shuts them down after this (their callbacks hold only weak references).
  void Start() EXCLUDES(mu_);
  void Shutdown() EXCLUDES(mu_);
  // Drives every unfinished job once and forgets expired ones (what the daemon does per tick).
  void RunOnce() EXCLUDES(mu_);

  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task) EXCLUDES(mu_);
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress) EXCLUDES(mu_);
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& report) EXCLUDES(mu_);

  // Late snapshots of unknown owners released so far (for tests and logs).
  int64_t orphans_released() const EXCLUDES(mu_);

 private:
  std::vector<std::shared_ptr<Job>> AllJobs() const EXCLUDES(mu_);
  std::shared_ptr<Job> FindById(int64_t job_id) const EXCLUDES(mu_);
  void Register(std::shared_ptr<Job> job) EXCLUDES(mu_);
  void ReleaseOrphan(const fe_backup::FinishedTask& task);
  void Wake() EXCLUDES(mu_);
  void Loop() EXCLUDES(mu_);

  JobContext context_;
  JobManagerOptions options_;
  ReportRouter router_;
  std::map<uint16_t, ImageReader> readers_;  // set in the constructor, then read-only

  std::timed_mutex submit_mu_;  // serializes submissions (StarRocks' seqlock)
  mutable Mutex mu_;
  std::map<int64_t, std::shared_ptr<Job>> by_db_ GUARDED_BY(mu_);  // db id -> latest job
  std::map<int64_t, std::shared_ptr<Job>> by_id_ GUARDED_BY(mu_);  // job id -> job in by_db_
  CondVar cv_;
  bool woken_ GUARDED_BY(mu_) = false;
  bool stopping_ GUARDED_BY(mu_) = false;
  int64_t orphans_released_ GUARDED_BY(mu_) = 0;
  std::thread daemon_;
};

}  // namespace feb::plugin
