// Agent tasks the frontend sends to backends: StarRocks-compatible subset of
// gensrc/thrift/AgentService.thrift (same ids/types/required-ness; omitted ids stay unused).
namespace cpp feb.wire

include "Status.thrift"
include "Types.thrift"
include "Descriptors.thrift"

struct TTabletSchema {
  1: required i16 short_key_column_count
  2: required Types.TSchemaHash schema_hash
  3: required Types.TKeysType keys_type
  4: required Types.TStorageType storage_type
  5: required list<Descriptors.TColumn> columns
  6: optional double bloom_filter_fpp
  // 7 indexes: not carried
  8: optional bool is_in_memory
  9: optional i64 id
}

enum TTabletType {
  TABLET_TYPE_DISK = 0,
  TABLET_TYPE_MEMORY = 1,
  TABLET_TYPE_LAKE = 2
}

struct TCreateTabletReq {
  1: required Types.TTabletId tablet_id
  2: required TTabletSchema tablet_schema
  3: optional Types.TVersion version
  4: optional Types.TVersionHash version_hash
  5: optional Types.TStorageMedium storage_medium
  6: optional bool in_restore_mode
  7: optional Types.TTabletId base_tablet_id
  8: optional Types.TSchemaHash base_schema_hash
  9: optional i64 table_id
  10: optional i64 partition_id
  // 11..13 not carried
  14: optional TTabletType tablet_type
}

struct TDropTabletReq {
  1: required Types.TTabletId tablet_id
  2: optional Types.TSchemaHash schema_hash
  3: optional bool force
}

struct TUploadReq {
  1: required i64 job_id
  2: required map<string, string> src_dest_map
  3: required Types.TNetworkAddress broker_addr
  4: optional map<string, string> broker_prop
  5: optional bool use_broker
  6: optional i32 hdfs_write_buffer_size_kb = 0
  // 7 hdfs_properties (PlanNodes.THdfsProperties): not carried yet
}

struct TDownloadReq {
  1: required i64 job_id
  2: required map<string, string> src_dest_map
  3: required Types.TNetworkAddress broker_addr
  4: optional map<string, string> broker_prop
  5: optional bool use_broker
  6: optional i32 hdfs_read_buffer_size_kb = 0
  // 7 hdfs_properties: not carried yet
}

struct TSnapshotRequest {
  1: required Types.TTabletId tablet_id
  2: required Types.TSchemaHash schema_hash
  3: optional Types.TVersion version
  4: optional Types.TVersionHash version_hash
  5: optional i64 timeout
  6: optional list<Types.TVersion> missing_version
  7: optional bool list_files
  8: optional bool allow_incremental_clone
  9: optional i32 preferred_snapshot_format = Types.TPREFER_SNAPSHOT_REQ_VERSION
  10: optional list<Types.TVersion> missing_version_ranges
  11: optional bool is_restore_task = false
}

struct TReleaseSnapshotRequest {
  1: required string snapshot_path
}

struct TMoveDirReq {
  1: required Types.TTabletId tablet_id
  2: required Types.TSchemaHash schema_hash
  3: required string src
  4: required i64 job_id
  5: required bool overwrite
}

enum TAgentServiceVersion {
  V1 = 0
}

struct TAgentTaskRequest {
  1: required TAgentServiceVersion protocol_version
  2: required Types.TTaskType task_type
  3: required i64 signature
  4: optional Types.TPriority priority
  5: optional TCreateTabletReq create_tablet_req
  6: optional TDropTabletReq drop_tablet_req
  // 7..10, 12, 13 belong to task types this project does not send
  11: optional Types.TResourceInfo resource_info
  14: optional TUploadReq upload_req
  15: optional TDownloadReq download_req
  16: optional TSnapshotRequest snapshot_req
  17: optional TReleaseSnapshotRequest release_snapshot_req
  // 18..21 belong to task types this project does not send
  22: optional TMoveDirReq move_dir_req
  // 23, 24 not carried
  25: optional i64 recv_time
}

struct TAgentResult {
  1: required Status.TStatus status
  2: optional string snapshot_path
  3: optional bool allow_incremental_clone
  4: optional i32 snapshot_format = 1
}
