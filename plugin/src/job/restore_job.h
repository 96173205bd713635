// RestoreJob: one RESTORE SNAPSHOT, as an explicit state machine
//   PENDING -> SNAPSHOTING -> DOWNLOAD -> DOWNLOADING -> COMMIT -> COMMITTING -> FINISHED,
//   any unfinished state -> CANCELLED.
//
// Where it differs from StarRocks, on purpose:
//   - Staging. PENDING asks the host to stage new tablets for every restored partition
//     (CatalogWriter::StageRestore), also when the table exists: nothing of an existing table is
//     written until COMMITTING's last step swaps each table's staged partitions in with one
//     journaled host commit. A failed or cancelled job aborts its stages, so existing data is
//     never harmed and a kill -9 leaves each table either old or restored, never a mix.
//   - Verification. The backend checks every downloaded file against the md5 in its name; a
//     mismatch cancels the job at once with the backend's message (file and both md5s) instead
//     of being retried until the timeout.
//
// Tasks, per replica of every staged tablet: MAKE_SNAPSHOT with is_restore_task (an empty
// directory on the backend), DOWNLOAD (one task per replica by default, or at most
// max_download_task_per_be per backend), MOVE. Each kind has one contiguous signature range;
// sends, backoff and lost-task resends are the TaskTracker's, as for backups.
//
// Journal: an image at submission (kImageOp), then deltas (JobManager::kDeltaOp) for each
// transition (with what the new state needs: the stages, the signature ranges, the download
// batches), for snapshots taken (their paths, so they are released), and for each table
// committed. Views and functions are created after the last table commit, right before the
// FINISHED record: a restart before that record creates them again, replacing what the first
// attempt made. DOWNLOADING and COMMITTING resend every task after a restart: the backend skips
// files it already holds with the right md5 and a MOVE into a staged tablet can be repeated.
//
// Locks: see job.h (step lock -> journal gate -> state mutex). Host catalog writes happen in
// steps, under the step lock only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
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
#include "plugin/src/analysis/analyzed_restore.h"
#include "plugin/src/job/job.h"
#include "plugin/src/job/job_context.h"
#include "plugin/src/job/job_steps.h"
#include "plugin/src/job/job_status.h"
#include "plugin/src/job/restore_job_state.h"

namespace feb::plugin {

struct RestoreJobOptions {
  TaskTrackerOptions tasks;
  int64_t retry_base_ms = 1000;
  int64_t retry_max_ms = 60000;
  // DOWNLOAD tasks per backend; 0 = one per replica (StarRocks' max_download_task_per_be).
  int32_t max_download_task_per_be = 0;
  int64_t lock_timeout_ms = 10000;
};

class RestoreJob final : public Job, public std::enable_shared_from_this<RestoreJob> {
 public:
  using Json = nlohmann::ordered_json;
  static constexpr uint16_t kImageOp = fe_backup::kModuleOpFirst + 12;

  RestoreJob(const AnalyzedRestore& request, int64_t job_id, JobContext context, RestoreJobOptions options);
  static Result<std::shared_ptr<RestoreJob>> FromImage(std::string_view json, JobContext context,
                                                       RestoreJobOptions options);

  // Journals the job's creation record.
  Status Persist() EXCLUDES(mu_);

  // ---- Job ----
  JobKind kind() const override { return JobKind::kRestore; }
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
  RestoreJobState state() const EXCLUDES(mu_);
  JobStatus status() const EXCLUDES(mu_);
  // Stage ids this job holds (uncommitted or not yet forgotten), for the orphan sweep.
  std::vector<int64_t> stage_ids() const EXCLUDES(mu_);

  // SHOW RESTORE: StarRocks' 18 columns, then BytesDone, BytesTotal, Throughput.
  static const std::vector<std::string>& ShowColumns();

 private:
  // One replica of a staged tablet: the unit of MAKE_SNAPSHOT, DOWNLOAD and MOVE.
  struct Replica {
    uint32_t table = 0;         // index into tables_
    int64_t tablet = 0;         // the staged tablet
    int32_t schema_hash = 0;
    int64_t backend = 0;
    int64_t version = 0;
    // The snapshot's tablet this one is restored from.
    int64_t src_table = 0, src_partition = 0, src_index = 0, src_tablet = 0;
    std::string path;           // the backend's snapshot path; "" until taken
  };
  // DOWNLOAD task j (signature download_first_ + j): replicas download_replicas_[first, first + count).
  struct Download {
    int64_t backend = 0;
    uint32_t first = 0;
    uint32_t count = 0;
  };

  RestoreJob(JobContext context, RestoreJobOptions options);

  // ---- steps (step_mu_ held) ----
  void StepPending() REQUIRES(step_mu_) EXCLUDES(mu_);
  // Compatibility of an existing target table with the snapshot's, in StarRocks' words.
  Status CheckExisting(const RestoreTableRef& ref, const fe_backup::TableInfo& local) const;
  void StepDownload() REQUIRES(step_mu_) EXCLUDES(mu_);
  void StepCommitTables() REQUIRES(step_mu_) EXCLUDES(mu_);
  // COMMITTING's last step, after every table is committed: creates the views and functions
  // (each replacing a same-name view / same-signature function, so a repeat after a crash
  // creates nothing twice). False while it must be retried or when it cancelled the job.
  bool CreateViewsAndFunctions() REQUIRES(step_mu_) EXCLUDES(mu_);
  // A done job: aborts (or forgets) its stages and releases its snapshots, once.
  void StepSettle() REQUIRES(step_mu_) EXCLUDES(mu_);
  bool FlushCompletions() REQUIRES(step_mu_) EXCLUDES(mu_);
  bool Commit(Json record) REQUIRES(step_mu_) EXCLUDES(mu_);
  Status CancelStep(JobStatus status) REQUIRES(step_mu_) EXCLUDES(mu_);
  void SendDue() REQUIRES(step_mu_) EXCLUDES(mu_);
  void OnSent(const SentBatch& sent, const SubmitOutcome& outcome) EXCLUDES(mu_);

  // ---- state (mu_ held) ----
  Status ApplyLocked(const Json& record) REQUIRES(mu_);
  Status ApplyStagesLocked(const Json& stages) REQUIRES(mu_);
  Json HeaderLocked() const REQUIRES(mu_);
  Json TransitionLocked(RestoreJobState next) const REQUIRES(mu_);
  TaskTracker* TrackerLocked(fe_backup::TaskType type) REQUIRES(mu_);
  void BuildTrackerLocked(fe_backup::TaskType type) REQUIRES(mu_);
  AgentTask MakeTaskLocked(fe_backup::TaskType type, size_t index, const SnapshotRepository* repo) const
      REQUIRES(mu_);
  fe_backup::TaskAnswer OnSnapshotReportLocked(const fe_backup::FinishedTask& task) REQUIRES(mu_);
  fe_backup::TaskAnswer OnDownloadReportLocked(const fe_backup::FinishedTask& task) REQUIRES(mu_);
  fe_backup::TaskAnswer OnMoveReportLocked(const fe_backup::FinishedTask& task) REQUIRES(mu_);
  bool BackendAlive(int64_t backend_id) const;
  void Wake() const;

  JobContext ctx_;
  RestoreJobOptions options_;
  Backoff backoff_;

  // Fixed at creation (or replay, before the job is shared).
  int64_t job_id_ = -1;
  std::string label_;
  std::string backup_timestamp_;
  int64_t db_id_ = 0;
  std::string db_name_;
  int64_t snapshot_db_id_ = 0;
  int64_t repo_id_ = 0;
  std::string repo_name_;
  std::vector<RestoreTableRef> tables_;
  std::vector<RestoreViewRef> views_;                     // created once every table is committed
  std::vector<fe_backup::FunctionDefinition> functions_;  // likewise
  bool allow_load_ = false;
  int32_t replication_num_ = 3;
  int64_t timeout_ms_ = AnalyzedRestore::kDefaultTimeoutMs;
  int64_t create_time_ms_ = 0;

  Mutex step_mu_ ACQUIRED_BEFORE(mu_);
  mutable Mutex mu_;
  // ---- journaled ----
  RestoreJobState state_ GUARDED_BY(mu_) = RestoreJobState::kPending;
  JobStatus status_ GUARDED_BY(mu_);
  int64_t meta_prepared_time_ms_ GUARDED_BY(mu_) = 0;
  int64_t snapshot_finished_time_ms_ GUARDED_BY(mu_) = 0;
  int64_t download_finished_time_ms_ GUARDED_BY(mu_) = 0;
  int64_t finished_time_ms_ GUARDED_BY(mu_) = 0;
  std::vector<fe_backup::RestoreStage> stages_ GUARDED_BY(mu_);  // parallel to tables_ once staged
  std::vector<bool> committed_ GUARDED_BY(mu_);
  bool settled_ GUARDED_BY(mu_) = false;
  std::vector<Replica> replicas_ GUARDED_BY(mu_);  // derived from stages_ and tables_
  int64_t snapshot_first_ GUARDED_BY(mu_) = 0;
  int64_t download_first_ GUARDED_BY(mu_) = 0;
  std::vector<Download> downloads_ GUARDED_BY(mu_);
  std::vector<uint32_t> download_replicas_ GUARDED_BY(mu_);
  int64_t move_first_ GUARDED_BY(mu_) = 0;
  int64_t bytes_done_ GUARDED_BY(mu_) = 0;
  // ---- transient ----
  TaskTracker snapshots_ GUARDED_BY(mu_);
  TaskTracker download_tasks_ GUARDED_BY(mu_);
  TaskTracker moves_ GUARDED_BY(mu_);
  uint64_t generation_ GUARDED_BY(mu_) = 0;
  std::vector<uint32_t> new_snapshots_ GUARDED_BY(mu_);
  std::optional<JobStatus> fatal_ GUARDED_BY(mu_);
  std::map<int64_t, std::pair<int32_t, int32_t>> progress_ GUARDED_BY(mu_);
  std::string last_error_ GUARDED_BY(mu_);  // a step's retried failure (SHOW's TaskErrMsg)
};

}  // namespace feb::plugin
