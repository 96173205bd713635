// BackupJob: one BACKUP SNAPSHOT, as an explicit state machine
//   PENDING -> SNAPSHOTING -> UPLOAD_SNAPSHOT -> UPLOADING -> SAVE_META -> UPLOAD_INFO -> FINISHED,
//   any unfinished state -> CANCELLED.
// Every transition is journaled (the whole job as JSON) before the in-memory state changes, so
// a frontend restart resumes from the last journaled state: snapshot and upload tasks are
// re-sent (backends de-duplicate running tasks and skip files already published).
//
// Thread-safety: all public methods may be called concurrently; the job serializes them on one
// mutex and never holds it while sending RPCs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"
#include "common/time/clock.h"
#include "fe_backup/host.h"
#include "plugin/src/agent/agent_task.h"
#include "plugin/src/agent/backoff.h"
#include "plugin/src/agent/task_sender.h"
#include "plugin/src/analysis/analyzed_backup.h"
#include "plugin/src/job/backup_job_state.h"
#include "plugin/src/job/job_status.h"
#include "plugin/src/repository/snapshot_repository.h"

namespace feb::plugin {

struct BackupJobOptions {
  // A task a backend no longer lists as running is re-sent this long after it was sent
  // (StarRocks' agent_task_resend_wait_time_ms).
  int64_t resend_wait_ms = 5000;
  // A task with no report at all is re-sent after this long (backends de-duplicate).
  int64_t unreported_resend_ms = 60000;
  // Failed sends and failed tasks are retried after a jittered exponential delay.
  int64_t retry_base_ms = 1000;
  int64_t retry_max_ms = 60000;
  // Upload tasks per backend; 0 = one per tablet (StarRocks' max_upload_task_per_be).
  int32_t max_upload_task_per_be = 0;
  // How long PENDING waits for the database read lock before trying again on the next step.
  int64_t lock_timeout_ms = 10000;
};

struct BackupJobDeps {
  fe_backup::Host* host = nullptr;
  TaskSender* sender = nullptr;
  RepositoryRegistry* repos = nullptr;
  const Clock* clock = nullptr;
  std::function<double()> random01;  // jitter source, uniform in [0, 1)
  std::function<void()> wake;        // asks the manager to run the job again soon; may be empty
};

class BackupJob {
 public:
  // The journal op of a backup job record (the whole job as JSON).
  static constexpr uint16_t kJournalOp = fe_backup::kModuleOpFirst + 10;

  // A new job in PENDING, created now.
  BackupJob(const AnalyzedBackup& request, BackupJobDeps deps, BackupJobOptions options);
  // A job from its journal record (replay after a restart).
  static Result<std::unique_ptr<BackupJob>> FromJson(std::string_view json, BackupJobDeps deps,
                                                     BackupJobOptions options);

  // Journals the job as it is now (its creation record).
  Status Persist();

  // Does whatever the current state allows now: prepares and sends tasks, re-sends lost or
  // failed ones, moves to the next state when its work is complete, times out.
  void Run();

  // Reports forwarded by the host. kCancelled = not a task of this job.
  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task);
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress);
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& report);

  // A user's CANCEL BACKUP. Error when the job is already done (StarRocks' text).
  Status Cancel();

  int64_t job_id() const;
  int64_t db_id() const { return db_id_; }
  const std::string& db_name() const { return db_name_; }
  const std::string& label() const { return label_; }
  int64_t repo_id() const { return repo_id_; }
  std::vector<BackupTableRef> table_refs() const { return table_refs_; }
  BackupJobState state() const;
  JobStatus status() const;
  bool done() const;
  int64_t finished_time_ms() const;

  // SHOW BACKUP: StarRocks' 14 columns, then BytesDone, BytesTotal, Throughput.
  static const std::vector<std::string>& ShowColumns();
  std::vector<std::optional<std::string>> ShowRow() const;

  std::string ToJson() const;

 private:
  struct SnapshotTask {
    int64_t tablet_id = 0;
    int64_t table_id = 0;
    int64_t partition_id = 0;
    int64_t index_id = 0;
    int32_t schema_hash = 0;
    int64_t version = 0;
    int64_t backend_id = 0;
  };
  struct SnapshotInfo {
    int64_t tablet_id = 0;
    int64_t table_id = 0;
    int64_t partition_id = 0;
    int64_t index_id = 0;
    int32_t schema_hash = 0;
    int64_t backend_id = 0;
    std::string path;                // the backend's snapshot_path
    std::vector<std::string> files;  // bare names; "<name>.<md5>" once uploaded
    int64_t bytes = -1;              // -1 = not reported
  };
  struct UploadTask {
    int64_t signature = 0;
    int64_t backend_id = 0;
    std::vector<int64_t> tablet_ids;
  };
  // When a task is (re)sent; not journaled: after a restart every unfinished task is sent again.
  struct SendState {
    int attempts = 0;
    int64_t next_send_ms = 0;  // monotonic; due when <= now
    int64_t last_sent_ms = -1;
  };
  struct Batch {
    fe_backup::BackendInfo backend;
    std::vector<AgentTask> tasks;
  };

  BackupJob(BackupJobDeps deps, BackupJobOptions options);

  // All *Locked methods require mu_.
  void StepLocked(std::shared_ptr<SnapshotRepository> repo);
  void PrepareSnapshotTasksLocked();
  void FailOverDeadBackendsLocked();
  void PrepareUploadTasksLocked(const SnapshotRepository& repo);
  void SaveMetaLocked(SnapshotRepository& repo);
  void UploadInfoLocked(SnapshotRepository& repo);
  Status TransitionToLocked(BackupJobState next);
  // Moves to CANCELLED with `status` and cleans up (releases snapshots, drops queued tasks,
  // removes unpublished files). If the journal refuses, nothing changes and it is retried.
  Status CancelLocked(JobStatus status, SnapshotRepository* repo);
  void CollectDueTasksLocked(std::vector<Batch>* out);
  void QueueReleaseLocked(int64_t backend_id, int64_t tablet_id, const std::string& path);
  void RetryLaterLocked(int64_t signature);
  AgentTask MakeSnapshotTaskLocked(const SnapshotTask& t) const;
  AgentTask MakeUploadTaskLocked(const UploadTask& t, const SnapshotRepository& repo) const;
  std::optional<int64_t> ChooseReplicaLocked(const fe_backup::TabletInfo& tablet, int64_t version, int32_t schema_hash,
                                             const std::set<int64_t>& excluded_backends) const;
  bool BackendAliveLocked(int64_t backend_id) const;
  std::string ToJsonLocked(BackupJobState state) const;
  Status FromJsonLocked(std::string_view json);
  void Send(std::vector<Batch> batches);
  void Wake() const;

  BackupJobDeps deps_;
  BackupJobOptions options_;
  Backoff backoff_;

  mutable std::mutex mu_;
  // ---- journaled ----
  int64_t job_id_ = -1;
  std::string label_;
  int64_t db_id_ = 0;
  std::string db_name_;
  int64_t repo_id_ = 0;
  std::string repo_name_;
  std::vector<BackupTableRef> table_refs_;
  int64_t timeout_ms_ = AnalyzedBackup::kDefaultTimeoutMs;
  int64_t create_time_ms_ = 0;
  int64_t snapshot_finished_time_ms_ = 0;
  int64_t upload_finished_time_ms_ = 0;
  int64_t finished_time_ms_ = 0;
  BackupJobState state_ = BackupJobState::kPending;
  JobStatus status_;
  std::map<int64_t, std::string> task_err_msg_;        // signature -> last error
  std::map<int64_t, SnapshotTask> snapshot_tasks_;     // tablet id -> task
  std::map<int64_t, SnapshotInfo> snapshot_infos_;     // tablet id -> finished snapshot
  std::map<int64_t, UploadTask> upload_tasks_;         // signature -> task
  std::set<int64_t> finished_uploads_;                 // signatures
  std::vector<fe_backup::TableInfo> meta_tables_;      // what __meta describes
  int64_t bytes_total_ = -1;                           // -1 = unknown
  int64_t bytes_done_ = 0;
  // ---- transient ----
  std::map<int64_t, SendState> send_states_;           // unfinished signatures of the current state
  std::map<int64_t, std::pair<int32_t, int32_t>> progress_;  // upload signature -> finished/total
  std::vector<AgentTask> pending_releases_;            // fire-and-forget RELEASE_SNAPSHOT tasks
  std::string last_info_error_;                        // UPLOAD_INFO errors are retried
};

}  // namespace feb::plugin
