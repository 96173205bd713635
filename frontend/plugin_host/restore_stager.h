// RestoreStager: the host's fe_backup::CatalogWriter. It plans a RESTORE stage against the
// catalog (new table or existing one, partition ranges, replica count), creates the stage's
// tablets on backends through TableCreator, and journals stage, commit, abort and forget through
// FeCatalog, which keeps the stages invisible until their commit.
//
// StageRestore journals the stage (placement included) before the backends create its tablets,
// so a frontend killed meanwhile comes back with the stage listed and an abort drops whatever was
// created; a creation that fails aborts the stage (a second record) and drops the tablets.
//
// Locks: StageRestore takes the database write lock only to plan and journal the stage and
// CommitRestore only for its one journaled step; no lock is held while backends create or drop
// tablets. Callers must not hold that database's lock (host.h LockManager) themselves: the call
// would wait for it and answer kTimeout. Thread-safe.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "frontend/backends/backend_registry.h"
#include "frontend/catalog/fe_catalog.h"
#include "frontend/catalog/table_creator.h"
#include "frontend/journal/meta_log.h"

namespace feb::frontend {

class RestoreStager : public fe_backup::CatalogWriter {
 public:
  struct Deps {
    FeCatalog* catalog = nullptr;
    MetaLog* meta = nullptr;              // ids
    BackendRegistry* backends = nullptr;  // alive backends for replica placement
    TableCreator* creator = nullptr;      // places replicas, creates and drops tablets
    std::chrono::milliseconds lock_timeout{10000};
  };

  explicit RestoreStager(Deps deps) : deps_(deps) {}

  fe_backup::HostResult<fe_backup::DatabaseInfo> CreateDatabase(std::string_view name) override;
  fe_backup::HostResult<fe_backup::RestoreStage> StageRestore(int64_t db_id,
                                                              const fe_backup::RestoreStageRequest& request) override;
  fe_backup::HostStatus CommitRestore(int64_t stage_id) override;
  fe_backup::HostStatus AbortRestore(int64_t stage_id) override;
  std::vector<fe_backup::RestoreStage> ListRestoreStages() override;
  fe_backup::HostStatus ForgetRestoreStage(int64_t stage_id) override;
  // Under the database write lock, as CREATE VIEW / CREATE FUNCTION.
  fe_backup::HostStatus CreateView(int64_t db_id, const fe_backup::ViewDefinition& view, bool replace) override;
  fe_backup::HostStatus CreateFunction(int64_t db_id, const fe_backup::FunctionDefinition& fn, bool replace) override;

  // The host code of a frontend Status (journal failures are kUnavailable: retriable).
  static fe_backup::HostCode HostCodeOf(const Status& status);

 private:
  // What a stage creates, decided under the database lock.
  struct Plan {
    StagedRestore staged;                      // ids, definition, order, added ranges, then placement
    fe_backup::TableDefinition create_def;     // the definition the tablets are created with
    std::vector<std::string> names;            // partitions to create, in range order
    int32_t schema_hash = 0;
    int64_t index_id = 0;
  };

  Result<Plan> PlanNewTable(const fe_backup::RestoreStageRequest& request);
  Result<Plan> PlanExistingTable(const fe_backup::TableInfo& table, const fe_backup::RestoreStageRequest& request);
  Result<fe_backup::RestoreStage> Stage(int64_t db_id, const fe_backup::RestoreStageRequest& request);

  Deps deps_;
};

}  // namespace feb::frontend
