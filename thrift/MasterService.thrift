// What a backend reports to the frontend: subset of StarRocks' gensrc/thrift/MasterService.thrift.
namespace cpp feb.wire

include "Status.thrift"
include "Types.thrift"

struct TTabletInfo {
  1: required Types.TTabletId tablet_id
  2: required Types.TSchemaHash schema_hash
  3: required Types.TVersion version
  4: required Types.TVersionHash version_hash
  5: required Types.TCount row_count
  6: required Types.TSize data_size
  7: optional Types.TStorageMedium storage_medium
  // 8 transaction_ids: not carried
  9: optional i64 version_count
  10: optional i64 path_hash
  11: optional bool version_miss
  12: optional bool used
  13: optional Types.TPartitionId partition_id
}

struct TTabletVersionPair {
  1: optional Types.TTabletId tablet_id
  2: optional Types.TVersion version
}

struct TFinishTaskRequest {
  1: required Types.TBackend backend
  2: required Types.TTaskType task_type
  3: required i64 signature
  4: required Status.TStatus task_status
  5: optional i64 report_version
  6: optional list<TTabletInfo> finish_tablet_infos
  7: optional i64 tablet_checksum
  8: optional i64 request_version
  9: optional i64 request_version_hash
  10: optional string snapshot_path
  11: optional list<Types.TTabletId> error_tablet_ids
  12: optional list<string> snapshot_files
  13: optional map<Types.TTabletId, list<string>> tablet_files
  14: optional list<Types.TTabletId> downloaded_tablet_ids
  15: optional i64 copy_size
  16: optional i64 copy_time_ms
  17: optional list<TTabletVersionPair> tablet_versions
  18: optional list<TTabletVersionPair> tablet_publish_versions
  // 19 snapshot_info: not carried
}

struct TTablet {
  1: required list<TTabletInfo> tablet_infos
}

struct TDisk {
  1: required string root_path
  2: required Types.TSize disk_total_capacity
  3: required Types.TSize data_used_capacity
  4: required bool used
  5: optional Types.TSize disk_available_capacity
  6: optional i64 path_hash
  7: optional Types.TStorageMedium storage_medium
}

struct TReportRequest {
  1: required Types.TBackend backend
  2: optional i64 report_version
  3: optional map<Types.TTaskType, set<i64>> tasks
  4: optional map<Types.TTabletId, TTablet> tablets
  5: optional map<string, TDisk> disks
  6: optional bool force_recovery
  7: optional list<TTablet> tablet_list
}

struct TMasterResult {
  1: required Status.TStatus status
  // 2 workgroup_ops: not carried
}
