// BackupJob: one BACKUP SNAPSHOT, as an explicit state machine
//   PENDING -> SNAPSHOTING -> UPLOAD_SNAPSHOT -> UPLOADING -> SAVE_META -> UPLOAD_INFO -> FINISHED,
//   any unfinished state -> CANCELLED.
//
// Journal. The job's first record is its image (kImageOp). After that it writes compact deltas
// (JobManager::kDeltaOp, {"jobId": ..}): a transition with what the new state needs (the
// snapshot tasks and their signature range, the upload tasks, the release range), and batches
// of completions (snapshots taken, uploads verified, releases acknowledged) written by the
// step, never by a report handler. A transition is journaled before it is applied, and only
// once every completion of the state is journaled. The same code applies a delta live and on
// replay (ApplyLocked), so a restart resumes exactly where the journal says. A done job's image
// is a small summary (plus the releases still owed).
//
// Tasks. Every task has its own signature from the host's id generator (one contiguous range per
// kind and state), tracked by a TaskTracker: sends go through the backend's send lane, failed
// sends and failed tasks back off, only lost tasks are re-sent early. A snapshot that keeps
// failing on one replica, or whose backend is down, moves to another healthy replica. A report
// that can never succeed (version already merged, an upload whose files do not match its
// snapshot) cancels the job with a Status that says why.
//
// Locks: see job.h (step lock -> journal gate -> state mutex).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status/result.h"
#include "common/sync/mutex.h"
#include "fe_backup/host.h"
#include "plugin/src/agent/agent_task.h"
#include "plugin/src/agent/backoff.h"
#include "plugin/src/agent/task_tracker.h"
#include "plugin/src/analysis/analyzed_backup.h"
#include "plugin/src/job/backup_job_state.h"
#include "plugin/src/job/job.h"
#include "plugin/src/job/job_context.h"
#include "plugin/src/job/job_steps.h"
#include "plugin/src/job/job_status.h"
#include "plugin/src/repository/snapshot_repository.h"

namespace feb::plugin {

struct BackupJobOptions {
  TaskTrackerOptions tasks;
  // Failed sends and failed tasks are retried after a jittered exponential delay.
  int64_t retry_base_ms = 1000;
  int64_t retry_max_ms = 60000;
  // Upload tasks per backend; 0 = one per tablet (StarRocks' max_upload_task_per_be).
  int32_t max_upload_task_per_be = 0;
  // How long PENDING waits for the database read lock before trying again on the next step.
  int64_t lock_timeout_ms = 10000;
  // Failed snapshot attempts on one replica before the tablet moves to another healthy one.
  int32_t snapshot_attempts_per_replica = 3;
  // Release attempts before a snapshot is left to the backend's own expiry sweep.
  int32_t release_attempts = 5;
};

class BackupJob final : public Job, public std::enable_shared_from_this<BackupJob> {
 public:
  using Json = nlohmann::ordered_json;
  // The journal op of a backup job's image.
  static constexpr uint16_t kImageOp = fe_backup::kModuleOpFirst + 10;

  // A new job in PENDING with id `job_id`, created now. Always owned by a shared_ptr (send
  // callbacks hold weak references).
  BackupJob(const AnalyzedBackup& request, int64_t job_id, JobContext context, BackupJobOptions options);
  // A job from its image (replay after a restart, or a module checkpoint).
  static Result<std::shared_ptr<BackupJob>> FromImage(std::string_view json, JobContext context,
                                                      BackupJobOptions options);

  // Journals the job's creation record.
  Status Persist() EXCLUDES(mu_);

  // ---- Job ----
  JobKind kind() const override { return JobKind::kBackup; }
  int64_t job_id() const override { return job_id_; }
  int64_t db_id() const override { return db_id_; }
  const std::string& label() const override { return label_; }
  int64_t repo_id() const override { return repo_id_; }
  bool done() const override EXCLUDES(mu_);
  bool has_work() const override EXCLUDES(mu_);
  int64_t finished_time_ms() const override EXCLUDES(mu_);
  void Run() override EXCLUDES(step_mu_, mu_);
  Status Cancel() override EXCLUDES(step_mu_, mu_);
  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task) override EXCLUDES(mu_);
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress) override EXCLUDES(mu_);
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& report) override EXCLUDES(mu_);
  std::string Image() const override EXCLUDES(mu_);
  Status ApplyRecord(uint16_t op, std::string_view payload) override EXCLUDES(mu_);
  std::vector<std::optional<std::string>> ShowRow() const override EXCLUDES(mu_);

  const std::string& db_name() const { return db_name_; }
  const std::vector<BackupTableRef>& table_refs() const { return table_refs_; }
  BackupJobState state() const EXCLUDES(mu_);
  JobStatus status() const EXCLUDES(mu_);

  // SHOW BACKUP: StarRocks' 14 columns, then BytesDone, BytesTotal, Throughput.
  static const std::vector<std::string>& ShowColumns();

 private:
  // One (table, partition, index) of the snapshot: what its tablets share.
  struct Group {
    int64_t table_id = 0;
    int64_t partition_id = 0;
    int64_t index_id = 0;
    int32_t schema_hash = 0;
    int64_t version = 0;
  };
  // One tablet; its MAKE_SNAPSHOT signature is snapshot_first_ + its index.
  struct Tablet {
    int64_t id = 0;
    int64_t backend = 0;   // the replica's backend (the snapshot's, once taken)
    int64_t bytes = -1;    // the snapshot's size, -1 = not reported
    uint32_t group = 0;
    std::string path;      // the backend's snapshot_path; "" until taken
    std::string files;     // '\n'-joined: bare names, "<name>.<md5>" once uploaded
  };
  // UPLOAD task j (signature upload_first_ + j): tablets upload_tablets_[first, first + count).
  struct Upload {
    int64_t backend = 0;
    uint32_t first = 0;
    uint32_t count = 0;
  };

  BackupJob(JobContext context, BackupJobOptions options);

  // ---- steps (step_mu_ held; each takes mu_ briefly) ----
  void StepPending() REQUIRES(step_mu_) EXCLUDES(mu_);
  void StepFailOver() REQUIRES(step_mu_) EXCLUDES(mu_);
  void StepUploadSnapshot() REQUIRES(step_mu_) EXCLUDES(mu_);
  void StepSaveMeta(SnapshotRepository& repo) REQUIRES(step_mu_) EXCLUDES(mu_);
  void StepUploadInfo(SnapshotRepository& repo) REQUIRES(step_mu_) EXCLUDES(mu_);
  // Journals the completions not journaled yet; true when none is left.
  bool FlushCompletions() REQUIRES(step_mu_) EXCLUDES(mu_);
  // Journals `record` (a delta) and applies it. False when the journal refused (retried later).
  bool Commit(Json record) REQUIRES(step_mu_) EXCLUDES(mu_);
  Status CancelStep(JobStatus status) REQUIRES(step_mu_) EXCLUDES(mu_);
  void SendDue() REQUIRES(step_mu_) EXCLUDES(mu_);
  void OnSent(const SentBatch& sent, const SubmitOutcome& outcome) EXCLUDES(mu_);

  // ---- state (mu_ held) ----
  Status ApplyLocked(const Json& record) REQUIRES(mu_);
  Status ApplyImageLocked(const Json& image) REQUIRES(mu_);
  Json HeaderLocked() const REQUIRES(mu_);
  Json TransitionRecordLocked(BackupJobState next) const REQUIRES(mu_);
  TaskTracker* TrackerLocked(fe_backup::TaskType type) REQUIRES(mu_);
  void BuildReleasesLocked() REQUIRES(mu_);
  void DropTasksLocked() REQUIRES(mu_);
  AgentTask MakeTaskLocked(fe_backup::TaskType type, size_t index, const SnapshotRepository* repo) const REQUIRES(mu_);
  fe_backup::TaskAnswer OnSnapshotReportLocked(const fe_backup::FinishedTask& task) REQUIRES(mu_);
  fe_backup::TaskAnswer OnUploadReportLocked(const fe_backup::FinishedTask& task) REQUIRES(mu_);
  void ReleaseExtraLocked(int64_t backend, int64_t signature, const std::string& path) REQUIRES(mu_);
  Status ValidateEnterLocked(BackupJobState next, const Json& record) const REQUIRES(mu_);
  void EnterLocked(BackupJobState next, const Json& record) REQUIRES(mu_);
  Status ApplyCompletionsLocked(const Json& record) REQUIRES(mu_);
  std::vector<std::string> FilesOf(const Tablet& t) const;
  bool BackendAlive(int64_t backend_id) const;
  void Wake() const;

  JobContext ctx_;
  BackupJobOptions options_;
  Backoff backoff_;

  // Fixed at creation (or replay, before the job is shared): read without a lock.
  int64_t job_id_ = -1;
  std::string label_;
  int64_t db_id_ = 0;
  std::string db_name_;
  int64_t repo_id_ = 0;
  std::string repo_name_;
  std::vector<BackupTableRef> table_refs_;
  std::vector<fe_backup::ViewDefinition> views_;          // written into __meta and __info
  std::vector<fe_backup::FunctionDefinition> functions_;  // written into __meta
  int64_t timeout_ms_ = AnalyzedBackup::kDefaultTimeoutMs;
  int64_t create_time_ms_ = 0;

  Mutex step_mu_ ACQUIRED_BEFORE(mu_);
  mutable Mutex mu_;
  // ---- journaled ----
  BackupJobState state_ GUARDED_BY(mu_) = BackupJobState::kPending;
  JobStatus status_ GUARDED_BY(mu_);
  int64_t snapshot_finished_time_ms_ GUARDED_BY(mu_) = 0;
  int64_t upload_finished_time_ms_ GUARDED_BY(mu_) = 0;
  int64_t finished_time_ms_ GUARDED_BY(mu_) = 0;
  std::vector<Group> groups_ GUARDED_BY(mu_);
  std::vector<Tablet> tablets_ GUARDED_BY(mu_);
  std::vector<fe_backup::TableInfo> meta_tables_ GUARDED_BY(mu_);  // what __meta describes
  int64_t snapshot_first_ GUARDED_BY(mu_) = 0;
  int64_t upload_first_ GUARDED_BY(mu_) = 0;
  std::vector<Upload> uploads_ GUARDED_BY(mu_);
  std::vector<uint32_t> upload_tablets_ GUARDED_BY(mu_);
  int64_t release_first_ GUARDED_BY(mu_) = 0;
  std::vector<std::pair<int64_t, std::string>> releases_ GUARDED_BY(mu_);  // backend, path
  int64_t bytes_total_ GUARDED_BY(mu_) = -1;
  int64_t bytes_done_ GUARDED_BY(mu_) = 0;
  // Summary of a done job (its tasks are gone).
  int64_t summary_tablets_ GUARDED_BY(mu_) = 0;
  // ---- transient ----
  TaskTracker snapshots_ GUARDED_BY(mu_);
  TaskTracker upload_tasks_ GUARDED_BY(mu_);
  TaskTracker release_tasks_ GUARDED_BY(mu_);
  uint64_t generation_ GUARDED_BY(mu_) = 0;  // bumped whenever trackers are replaced
  // Completions accepted by report handlers and not journaled yet (indexes).
  std::vector<uint32_t> new_snapshots_ GUARDED_BY(mu_);
  std::vector<std::pair<uint32_t, int64_t>> new_uploads_ GUARDED_BY(mu_);  // task, bytes copied
  std::vector<uint32_t> new_releases_ GUARDED_BY(mu_);
  std::optional<JobStatus> fatal_ GUARDED_BY(mu_);           // a report that can never succeed
  std::map<int64_t, std::pair<int32_t, int32_t>> progress_ GUARDED_BY(mu_);  // upload sig -> done/total
  std::vector<AgentTask> extra_releases_ GUARDED_BY(mu_);    // duplicate snapshots, fire and forget
  std::string last_info_error_ GUARDED_BY(mu_);              // UPLOAD_INFO errors are retried
};

}  // namespace feb::plugin
