// FeCatalog: the frontend's databases, tables, partitions, indexes, tablets and replicas, plus
// their database locks and RESTORE's stages. Reads return copies (host.h value types). Every
// change is journaled through MetaLog before it is applied, and Apply() is the one place changes
// happen, both live and at replay. Thread-safe: one mutex for the maps; database locks are
// separate shared_timed_mutexes that DDL/DML hold around their whole statement.
//
// RESTORE stages: a stage holds new partitions (with tablets already on backends) for one target
// table apart from the tables, so no read, SHOW or DML sees them; a stage of a new table reserves
// its name (CREATE TABLE of it says "already exists") and a stage of an existing table makes loads
// and partition changes of that table fail with StarRocks' "restore in progress" text. One
// journal record stages, one commits (swaps the partitions in), one aborts, one forgets.
// Lock order: a database lock, then MetaLog's writer lock, then mu_. Stage changes check, append
// and apply under mu_ (one fsync while readers wait), so nothing can slip between the check and
// the record, and replay meets exactly the state the check saw.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "frontend/journal/meta_log.h"

namespace feb::frontend {

// A RESTORE stage as the catalog keeps and journals it.
struct StagedRestore {
  // What StageRestore answered: the target table's id, name and definition (an existing table's
  // own), and only the staged partitions, each at the visible version it gets at the commit.
  fe_backup::RestoreStage stage;
  // Existing table only: the ranges of the partitions the commit adds, and the names of the
  // table's partitions after the commit, in range order.
  std::vector<fe_backup::RangePartitionDefinition> added_ranges;
  std::vector<std::string> order;
};

// What a commit swapped out: the partitions it replaced (their tablets are to be dropped on the
// backends) of table `table_id`, whose definition is `definition`.
struct CommittedRestore {
  bool already_committed = false;
  int64_t db_id = 0;
  int64_t table_id = 0;
  fe_backup::TableDefinition definition;
  std::vector<fe_backup::PartitionInfo> replaced;
};

class FeCatalog : public fe_backup::Catalog, public fe_backup::LockManager {
 public:
  explicit FeCatalog(MetaLog* log) : log_(log) {}

  // ---- fe_backup::Catalog ----
  std::optional<fe_backup::DatabaseInfo> FindDatabase(std::string_view name) override;
  std::optional<fe_backup::DatabaseInfo> FindDatabaseById(int64_t db_id) override;
  std::vector<std::string> ListTables(int64_t db_id) override;
  std::optional<fe_backup::TableInfo> FindTable(int64_t db_id, std::string_view name) override;
  std::optional<fe_backup::TableInfo> FindTableById(int64_t db_id, int64_t table_id) override;
  std::vector<fe_backup::ViewDefinition> ListViews(int64_t db_id) override;
  std::optional<fe_backup::ViewDefinition> FindView(int64_t db_id, std::string_view name) override;
  std::vector<fe_backup::FunctionDefinition> ListFunctions(int64_t db_id) override;

  // ---- fe_backup::LockManager ----
  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> ReadLock(int64_t db_id,
                                                                        std::chrono::milliseconds timeout) override;
  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> WriteLock(int64_t db_id,
                                                                         std::chrono::milliseconds timeout) override;
  // Same as the host.h calls, as a Status (StarRocks texts) for the frontend's own statements.
  Result<std::unique_ptr<fe_backup::LockHandle>> Lock(int64_t db_id, bool exclusive, std::chrono::milliseconds timeout);

  std::vector<fe_backup::DatabaseInfo> ListDatabases();
  // Every replica of every tablet on the backend, staged ones included (SHOW BACKENDS).
  size_t CountTabletsOnBackend(int64_t backend_id);

  // ---- changes (journaled, then applied). Errors carry StarRocks' errno and text. ----
  // Returns the new id, or 0 if it existed and if_not_exists.
  Result<int64_t> CreateDatabase(const std::string& name, bool if_not_exists);
  Status DropDatabase(const std::string& name, bool if_exists);
  Status CreateTable(int64_t db_id, const fe_backup::TableInfo& table);
  Status DropTable(int64_t db_id, int64_t table_id);
  Status AddPartition(int64_t db_id, int64_t table_id, const fe_backup::RangePartitionDefinition& range,
                      const fe_backup::PartitionInfo& partition);
  Status DropPartition(int64_t db_id, int64_t table_id, const std::string& partition_name);
  Status ReplacePartitions(int64_t db_id, int64_t table_id, const std::vector<fe_backup::PartitionInfo>& partitions);
  // Sets a partition's visible version and the versions of the given replicas.
  Status UpdateVersions(int64_t db_id, int64_t table_id, int64_t partition_id, int64_t visible_version,
                        const std::map<int64_t, int64_t>& replica_versions);

  // ---- views and functions (fe_catalog_objects.cc) ----
  // A new view (new id). kAlreadyExists (1050 "Table 'v' already exists") when the name is a
  // table, a staged new table, or a view and !replace; with replace a view of that name is
  // replaced (it keeps no id of the old one).
  Status CreateView(int64_t db_id, const fe_backup::ViewDefinition& view, bool replace);
  // kNotFound "Unknown table 'v'" unless if_exists.
  Status DropView(int64_t db_id, const std::string& name, bool if_exists);
  // kAlreadyExists "function already exists" for the same signature unless replace.
  Status CreateFunction(int64_t db_id, const fe_backup::FunctionDefinition& fn, bool replace);
  // Drops the function of that signature (name, argument types, variadic); kNotFound
  // "Unknown function, function=<signature>" unless if_exists.
  Status DropFunction(int64_t db_id, const fe_backup::FunctionDefinition& signature, bool if_exists);

  // ---- RESTORE stages ----
  // StarRocks' text for a load or ALTER of a table that a restore is about to change.
  static Status RestoreInProgress(const std::string& table);
  // True if `name` is a table of the database or the target of an uncommitted stage of a new
  // table: CREATE TABLE must treat it as existing.
  bool TableNameTaken(int64_t db_id, std::string_view name);
  // True while an uncommitted stage targets table `table_id`.
  bool HasPendingRestore(int64_t db_id, int64_t table_id);
  // Journals and keeps the stage (its tablets are placed; they may not exist on backends yet).
  // kNotFound if the database or the existing target table is gone; kAlreadyExists if another
  // uncommitted stage targets the table, or a new table's name is taken.
  Status AddStage(const StagedRestore& staged);
  // Journals the commit of a stage and applies it in one step (see the class comment). The
  // caller holds the stage's database write lock. kNotFound: unknown stage, database or table
  // gone; kAlreadyExists: a new table's name was taken. A committed stage answers
  // already_committed.
  Result<CommittedRestore> CommitStage(int64_t stage_id);
  // Journals the removal of an uncommitted stage and returns it (its tablets are the caller's to
  // drop); nullopt for an unknown stage; kInvalidArgument for a committed one.
  Result<std::optional<StagedRestore>> AbortStage(int64_t stage_id);
  // Journals forgetting a committed stage; OK if unknown; kInvalidArgument if not committed.
  Status ForgetStage(int64_t stage_id);
  std::optional<StagedRestore> FindStage(int64_t stage_id);
  std::vector<fe_backup::RestoreStage> ListStages();

  // ---- replay and checkpoints ----
  Status Apply(MetaOp op, const nlohmann::json& record);
  nlohmann::json Snapshot();
  Status Restore(const nlohmann::json& image);

 private:
  struct Database {
    int64_t id = 0;
    std::string name;
    std::vector<fe_backup::TableInfo> tables;  // creation order
    std::vector<fe_backup::ViewDefinition> views;  // creation order
    std::vector<fe_backup::FunctionDefinition> functions;  // creation order
    std::shared_ptr<std::shared_timed_mutex> lock = std::make_shared<std::shared_timed_mutex>();
  };

  Status Commit(MetaOp op, const nlohmann::json& record);  // caller holds WriterLock, not mu_
  Status ApplyLocked(MetaOp op, const nlohmann::json& record);
  Status ApplyStageLocked(MetaOp op, const nlohmann::json& record);
  Status ApplyObjectLocked(MetaOp op, const nlohmann::json& record);
  // The checks of CommitStage against the current catalog (live and at replay).
  Status CheckCommitLocked(const StagedRestore& staged);
  bool NameTakenLocked(int64_t db_id, std::string_view name, int64_t ignore_stage);
  Database* DbLocked(int64_t id);
  fe_backup::TableInfo* TableLocked(int64_t db_id, int64_t table_id);

  MetaLog* log_;
  std::mutex mu_;
  std::map<int64_t, Database> dbs_;  // GUARDED_BY(mu_)
  std::map<int64_t, StagedRestore> stages_;  // GUARDED_BY(mu_), by stage id
};

}  // namespace feb::frontend
