// Job: what the job manager drives, whatever the kind of job (BACKUP today, RESTORE next).
//
// Threads and locks. Each job has two mutexes:
//   - its step lock, held by Run() and Cancel() (one step at a time). Steps may do I/O under
//     it: the journal, the repository's storage, the database lock. Report handlers never take
//     it.
//   - its state mutex, held briefly by everything (report handlers included) and never across
//     I/O or a callback into another component.
// The order, for every path in the module:
//   job step lock -> ModuleJournal gate -> job state mutex -> leaves
// where the leaves (JobManager's job map, ReportRouter, SendLanes, RepositoryManager's map) call
// nothing while held. A job calls the manager's `wake` only after releasing its state mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status/status.h"
#include "fe_backup/host.h"

namespace feb::plugin {

enum class JobKind : uint8_t { kBackup, kRestore };

class Job {
 public:
  virtual ~Job() = default;

  virtual JobKind kind() const = 0;
  virtual int64_t job_id() const = 0;
  virtual int64_t db_id() const = 0;
  virtual const std::string& label() const = 0;
  virtual int64_t repo_id() const = 0;
  virtual bool done() const = 0;
  // True while the daemon must still run the job: unfinished, or done but still owing work
  // (e.g. releases of snapshots).
  virtual bool has_work() const = 0;
  virtual int64_t finished_time_ms() const = 0;

  // Does whatever the current state allows now (sends due tasks, journals what changed, moves
  // on, times out). Takes the step lock.
  virtual void Run() = 0;
  // A user's CANCEL. StarRocks' error text when the job is already done.
  virtual Status Cancel() = 0;

  // Reports the manager routed to this job by (type, signature). kCancelled = not wanted.
  virtual fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task) = 0;
  virtual fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress) = 0;
  virtual void OnBackendTaskReport(const fe_backup::BackendTaskReport& report) = 0;

  // The job's whole journaled state as one record payload (its image for the module's
  // checkpoint); a done job's image is a small summary.
  virtual std::string Image() const = 0;
  // Applies a later record of this job (a delta) during replay.
  virtual Status ApplyRecord(uint16_t op, std::string_view payload) = 0;

  // SHOW BACKUP / SHOW RESTORE row.
  virtual std::vector<std::optional<std::string>> ShowRow() const = 0;
};

}  // namespace feb::plugin
