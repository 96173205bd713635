// MetaLog: the one door through which every metadata change (catalog, users, backends, module
// records) reaches the journal. A writer holds the shared side of the checkpoint lock from its
// Append until its in-memory change is applied; a checkpoint holds the exclusive side, so the
// image it stores is exactly the state after the last record it covers. Lock order: MetaLog
// first, then a component's own mutex. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "common/status/result.h"
#include "frontend/journal/sqlite_journal.h"

namespace feb::frontend {

// Host op codes (the module owns 10000..19999).
enum class MetaOp : uint16_t {
  kCreateDatabase = 1,
  kDropDatabase = 2,
  kCreateTable = 3,
  kDropTable = 4,
  kAddPartition = 5,
  kDropPartition = 6,
  kReplacePartitions = 7,  // TRUNCATE: new empty partitions with new tablets
  kUpdateVersions = 8,     // INSERT committed: visible version and replica versions
  kStageRestore = 9,       // RESTORE staged new partitions (invisible) for one table
  kCommitRestore = 10,     // RESTORE swapped a stage into its table
  kAbortRestore = 11,      // RESTORE dropped an uncommitted stage
  kForgetRestoreStage = 12,  // a committed stage is no longer listed
  kCreateView = 13,        // CREATE VIEW (also a view RESTORE brings back; replaces a same-name view)
  kDropView = 14,
  kCreateFunction = 15,    // CREATE FUNCTION (replaces a function of the same signature)
  kDropFunction = 16,
  kAddBackend = 20,
  kDropBackend = 21,
  kCreateUser = 30,
  kDropUser = 31,
  kSetPassword = 32,
  kGrant = 33,
  kRevoke = 34,
  kGrantRole = 35,
  kRevokeRole = 36,
};

class MetaLog {
 public:
  explicit MetaLog(SqliteJournal* journal) : journal_(journal) {}

  // Held by a writer from Append to apply.
  std::shared_lock<std::shared_mutex> WriterLock() { return std::shared_lock<std::shared_mutex>(mu_); }
  // Appends a record; the caller holds WriterLock().
  Status Append(uint16_t op, std::string_view payload);
  Status Append(MetaOp op, std::string_view payload) { return Append(static_cast<uint16_t>(op), payload); }
  Result<int64_t> NextId() { return journal_->NextId(); }
  // Stores snapshot() as a checkpoint while no writer is between Append and apply.
  Status Checkpoint(const std::function<std::string()>& snapshot);
  SqliteJournal* journal() { return journal_; }

 private:
  SqliteJournal* journal_;
  std::shared_mutex mu_;
};

}  // namespace feb::frontend
