// TableCreator: turns a table definition into catalog objects that exist on backends: new ids
// for the table, its base index, partitions, tablets and replicas; replicas placed round-robin
// on the alive backends (replication_num of them per tablet, never two on one backend); the
// tablets created on those backends (CREATE tasks through the data client). It does not touch
// the catalog: the caller registers what it returns (CREATE TABLE, TRUNCATE, ADD PARTITION and
// RESTORE's host side) and, if that fails, hands it back to DropOnBackends.
// Thread-safe if its dependencies are (they are: ids, registry and data client all are).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "frontend/backends/backend_data_client.h"
#include "frontend/backends/backend_registry.h"
#include "frontend/journal/meta_log.h"

namespace feb::frontend {

class TableCreator {
 public:
  struct Deps {
    MetaLog* meta = nullptr;                // ids
    BackendRegistry* backends = nullptr;    // where replicas go
    BackendDataClient* data = nullptr;      // null: creating fails with a clear error
  };

  explicit TableCreator(Deps deps) : deps_(deps) {}

  // A new table from `def` (whose properties carry "replication_num"): one partition per range
  // partition of `def`, or one named after the table when it is unpartitioned; tablets created
  // on backends. On error nothing is left on backends.
  Result<fe_backup::TableInfo> CreateTable(int64_t db_id, const fe_backup::TableDefinition& def);
  // New partitions `names` of table `table_id` (base index `index_id`, `schema_hash`), with
  // tablets created on backends (`in_restore_mode`: for a RESTORE stage, as StarRocks' CREATE
  // tasks of a restore say). On error nothing is left on backends.
  Result<std::vector<fe_backup::PartitionInfo>> CreatePartitions(int64_t db_id, int64_t table_id,
                                                                 const fe_backup::TableDefinition& def,
                                                                 const std::vector<std::string>& names,
                                                                 int32_t schema_hash, int64_t index_id,
                                                                 bool in_restore_mode = false);
  // Best effort: drops the partitions' tablets on the alive backends holding replicas (logs what
  // fails; a dead backend drops its orphans when it reports).
  void DropOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                      const std::vector<fe_backup::PartitionInfo>& partitions);

  // The two halves of CreatePartitions, for a caller that journals the placement before the
  // tablets exist (RESTORE's stages): ids and replica placement only, nothing is created; then
  // the CREATE tasks (on error the caller drops what was placed).
  Result<std::vector<fe_backup::PartitionInfo>> PlacePartitions(int64_t table_id, const fe_backup::TableDefinition& def,
                                                                const std::vector<std::string>& names,
                                                                int32_t schema_hash, int64_t index_id);
  // Every backend at once; the first failure is returned after all have answered.
  Status CreateOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                          const std::vector<fe_backup::PartitionInfo>& partitions, bool in_restore_mode);

  // The schema hash of a new table's base index.
  static int32_t SchemaHashFor(int64_t table_id);
  // The identity of one tablet for the data client (at version 1, the version a new tablet has).
  static TabletSpec SpecOf(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                           const fe_backup::PartitionInfo& partition, const fe_backup::IndexInfo& index,
                           const fe_backup::TabletInfo& tablet);

 private:
  Deps deps_;
};

}  // namespace feb::frontend
