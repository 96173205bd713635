// TaskExecutor: runs one validated agent task against the tablet store, the snapshot
// manager and repository storage, and says what to report. Thread-safe (tasks of different
// signatures may run at once). Error messages follow StarRocks' ("make_snapshot failed.
// status: ...").
//
// UPLOAD publishes every file of every tablet of the task as "<name>.<md5>" (PublishDirs:
// identical copies skipped, one durability barrier per `max_batch_files` files across the
// task's tablets); progress goes by time (TransferProgress), not per file.
//
// RESTORE (StarRocks' SnapshotLoader, spec §6):
// - MAKE_SNAPSHOT with is_restore_task only creates the empty "<snapshot>/<tablet>/<hash>"
//   directory; snapshot_files is empty.
// - DOWNLOAD: every local directory must exist ("snapshot path is not directory: <p>");
//   per pair, the repository listing is split at the last '.' into name and md5 (".part"
//   staging files skipped; nothing left: "get nothing from remote path: <src>"); the local
//   tablet must exist ("failed to get local tablet: <id>"); "*.hdr" is stored as
//   "<local tablet>.hdr", rowset files keep their names, other names fail ("invalid tablet
//   file name: <name>"). A local file whose md5 already matches is kept (re-sent task);
//   everything else is fetched through "<file>.part", read back and verified ("invalid md5
//   of downloaded file: <path>, expected: <md5>, get: <md5>"), then renamed. Local files
//   the repository does not name are removed. downloaded_tablet_ids is always reported.
// - MOVE: "failed to get tablet", "path does not match. snapshot: <s>, tablet path: <t>",
//   "tablet path does not exist: <p>", "snapshot path does not exist: <p>", then
//   TabletStore::LoadFromDir (crash-safe); failures end in "; Fail to move dir=<src> tablet
//   id=<id>".
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include "backend/agent/agent_task.h"
#include "backend/agent/fe_client.h"
#include "backend/agent/transfer_progress.h"
#include "backend/storage/snapshot_manager.h"
#include "backend/storage/tablet_store.h"
#include "common/storage/file_publisher.h"
#include "common/storage/storage_registry.h"

namespace feb::be {

struct ExecutorOptions {
  size_t copy_chunk_bytes = 4u << 20;
  // snapshotLoaderReport cadence during a transfer: at the start, the end, and at most once
  // per this many milliseconds in between (TransferProgress)
  int64_t report_interval_ms = 1000;
  // files staged before one durability barrier (each holds an open descriptor until then)
  size_t max_batch_files = 256;
  // files of one task copied at the same time
  size_t parallel_files = 2;
};

class TaskExecutor {
 public:
  // `stopping` aborts running transfers (Cancelled) when it turns true.
  TaskExecutor(TabletStore* store, SnapshotManager* snapshots, std::shared_ptr<storage::StorageRegistry> registry,
               FeClient* fe, const std::atomic<bool>* stopping, ExecutorOptions options = {});

  TaskReport Execute(const AgentTask& task);

 private:
  Status Create(const CreateTabletTask& t, TaskReport* report);
  Status Drop(const DropTabletTask& t);
  Status MakeSnapshot(const SnapshotTask& t, TaskReport* report);
  Status Release(const ReleaseSnapshotTask& t);
  Status Upload(int64_t signature, const TransferTask& t, TaskReport* report);
  Status Download(int64_t signature, const TransferTask& t, TaskReport* report);
  Status Move(const MoveTask& t);
  // The copy settings of an UPLOAD or DOWNLOAD: chunk, batch and parallelism from the options;
  // every chunk stops the copy when the backend stops, or reports progress when it is due.
  storage::CopyOptions TransferCopyOptions(TransferProgress& progress) const;
  // Reports progress; Cancelled when the frontend said so or the backend is stopping. An
  // unreachable frontend is OK (logged); `delivered` says whether the frontend answered.
  Status Progress(int64_t job_id, int64_t signature, TaskType type, int32_t finished, int32_t total,
                  bool* delivered = nullptr);

  TabletStore* store_;
  SnapshotManager* snapshots_;
  std::shared_ptr<storage::StorageRegistry> registry_;
  FeClient* fe_;
  const std::atomic<bool>* stopping_;
  ExecutorOptions options_;
};

}  // namespace feb::be
