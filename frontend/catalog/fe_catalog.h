// FeCatalog: the frontend's databases, tables, partitions, indexes, tablets and replicas, plus
// their database locks. Reads return copies (host.h value types). Every change is journaled
// through MetaLog before it is applied, and Apply() is the one place changes happen, both live
// and at replay. Thread-safe: one mutex for the maps; database locks are separate
// shared_timed_mutexes that DDL/DML hold around their whole statement.
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

class FeCatalog : public fe_backup::Catalog, public fe_backup::LockManager {
 public:
  explicit FeCatalog(MetaLog* log) : log_(log) {}

  // ---- fe_backup::Catalog ----
  std::optional<fe_backup::DatabaseInfo> FindDatabase(std::string_view name) override;
  std::optional<fe_backup::DatabaseInfo> FindDatabaseById(int64_t db_id) override;
  std::vector<std::string> ListTables(int64_t db_id) override;
  std::optional<fe_backup::TableInfo> FindTable(int64_t db_id, std::string_view name) override;
  std::optional<fe_backup::TableInfo> FindTableById(int64_t db_id, int64_t table_id) override;

  // ---- fe_backup::LockManager ----
  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> ReadLock(int64_t db_id,
                                                                        std::chrono::milliseconds timeout) override;
  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> WriteLock(int64_t db_id,
                                                                         std::chrono::milliseconds timeout) override;
  // Same as the host.h calls, as a Status (StarRocks texts) for the frontend's own statements.
  Result<std::unique_ptr<fe_backup::LockHandle>> Lock(int64_t db_id, bool exclusive, std::chrono::milliseconds timeout);

  std::vector<fe_backup::DatabaseInfo> ListDatabases();
  // Every replica of every tablet, for task reports and backend drops.
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

  // ---- replay and checkpoints ----
  Status Apply(MetaOp op, const nlohmann::json& record);
  nlohmann::json Snapshot();
  Status Restore(const nlohmann::json& image);

 private:
  struct Database {
    int64_t id = 0;
    std::string name;
    std::vector<fe_backup::TableInfo> tables;  // creation order
    std::shared_ptr<std::shared_timed_mutex> lock = std::make_shared<std::shared_timed_mutex>();
  };

  Status Commit(MetaOp op, const nlohmann::json& record);  // caller holds WriterLock, not mu_
  Status ApplyLocked(MetaOp op, const nlohmann::json& record);
  Database* DbLocked(int64_t id);
  fe_backup::TableInfo* TableLocked(int64_t db_id, int64_t table_id);

  MetaLog* log_;
  std::mutex mu_;
  std::map<int64_t, Database> dbs_;  // GUARDED_BY(mu_)
};

}  // namespace feb::frontend
