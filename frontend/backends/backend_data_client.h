// BackendDataClient: what the frontend asks of backends for DDL and DML: create and drop
// tablets (StarRocks CREATE/DROP agent tasks), write rows to a tablet replica at a new version,
// scan a replica at a version, and checksum it. The Thrift implementation lives in
// frontend/rpc; tests use fakes. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status/result.h"
#include "fe_backup/host.h"

namespace feb::frontend {

using DataRow = std::vector<std::optional<std::string>>;  // one cell per column; nullopt = NULL

struct TabletSpec {
  int64_t db_id = 0;
  int64_t table_id = 0;
  int64_t partition_id = 0;
  int64_t index_id = 0;
  int64_t tablet_id = 0;
  int32_t schema_hash = 0;
  int64_t version = 1;  // the version the new tablet starts at
  bool in_restore_mode = false;  // CREATE for a RESTORE stage (StarRocks' TCreateTabletReq.in_restore_mode)
  fe_backup::TableDefinition definition;
};

class BackendDataClient {
 public:
  virtual ~BackendDataClient() = default;
  // Creates the tablets on the backend and returns when it confirmed them (or failed).
  virtual Status CreateTablets(const fe_backup::BackendInfo& backend, const std::vector<TabletSpec>& tablets) = 0;
  // Best effort: removes tablets (DROP TABLE / PARTITION / TRUNCATE).
  virtual Status DropTablets(const fe_backup::BackendInfo& backend, const std::vector<TabletSpec>& tablets) = 0;
  // Appends `rows` to the replica as version `version` (= its current version + 1).
  virtual Status WriteRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet, int64_t version,
                           const std::vector<DataRow>& rows) = 0;
  // Every row of the replica up to and including `version`.
  virtual Result<std::vector<DataRow>> ScanRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                                int64_t version) = 0;
  // A checksum of the replica's rows up to `version`, independent of row order.
  virtual Result<uint64_t> Checksum(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                    int64_t version) = 0;
};

}  // namespace feb::frontend
