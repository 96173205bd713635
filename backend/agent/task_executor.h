// TaskExecutor: runs one validated agent task against the tablet store, the snapshot
// manager and repository storage, and says what to report. Thread-safe (tasks of different
// signatures may run at once). Error messages follow StarRocks' ("make_snapshot failed.
// status: ...").
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include "backend/agent/agent_task.h"
#include "backend/agent/fe_client.h"
#include "backend/storage/snapshot_manager.h"
#include "backend/storage/tablet_store.h"
#include "common/storage/storage_registry.h"

namespace feb::be {

struct ExecutorOptions {
  size_t copy_chunk_bytes = 4u << 20;
  int report_every_files = 10;  // snapshotLoaderReport cadence during a transfer
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
  // Reports progress; Cancelled when the frontend said so or the backend is stopping.
  Status Progress(int64_t job_id, int64_t signature, TaskType type, int32_t finished, int32_t total);

  TabletStore* store_;
  SnapshotManager* snapshots_;
  std::shared_ptr<storage::StorageRegistry> registry_;
  FeClient* fe_;
  const std::atomic<bool>* stopping_;
  ExecutorOptions options_;
};

}  // namespace feb::be
