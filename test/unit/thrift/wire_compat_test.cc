// Wire compatibility with StarRocks: every struct we send or receive is serialized with all
// its fields set, the field headers are read back, and (id, wire type) must match the table
// below, which is taken from StarRocks' gensrc/thrift files. Enum values and service
// argument ids are checked the same way.
#include <gtest/gtest.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <utility>
#include <vector>

#include "AgentService_types.h"
#include "BackendService.h"
#include "FrontendService.h"
#include "HeartbeatService.h"
#include "MasterService_types.h"
#include "Types_constants.h"

namespace feb::wire {
namespace {

using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::protocol::TType;
using apache::thrift::transport::TMemoryBuffer;
using Fields = std::vector<std::pair<int16_t, TType>>;

constexpr TType I16 = apache::thrift::protocol::T_I16;
constexpr TType I32 = apache::thrift::protocol::T_I32;
constexpr TType I64 = apache::thrift::protocol::T_I64;
constexpr TType STR = apache::thrift::protocol::T_STRING;
constexpr TType BOOL = apache::thrift::protocol::T_BOOL;
constexpr TType DBL = apache::thrift::protocol::T_DOUBLE;
constexpr TType STRUCT = apache::thrift::protocol::T_STRUCT;
constexpr TType LIST = apache::thrift::protocol::T_LIST;
constexpr TType MAP = apache::thrift::protocol::T_MAP;
constexpr TType SET = apache::thrift::protocol::T_SET;

template <typename T>
Fields WireFields(const T& obj) {
  auto buf = std::make_shared<TMemoryBuffer>();
  TBinaryProtocol out(buf);
  obj.write(&out);
  TBinaryProtocol in(buf);
  std::string name;
  in.readStructBegin(name);
  Fields fields;
  while (true) {
    TType type;
    int16_t id;
    in.readFieldBegin(name, type, id);
    if (type == apache::thrift::protocol::T_STOP) break;
    fields.emplace_back(id, type);
    in.skip(type);
    in.readFieldEnd();
  }
  return fields;
}

TEST(WireCompatTest, TypesAndStatus) {
  TNetworkAddress a;
  EXPECT_EQ(WireFields(a), (Fields{{1, STR}, {2, I32}}));
  TBackend b;
  EXPECT_EQ(WireFields(b), (Fields{{1, STR}, {2, I32}, {3, I32}}));
  TStatus s;
  s.__set_error_msgs({"x"});
  EXPECT_EQ(WireFields(s), (Fields{{1, I32}, {2, LIST}}));
  TResourceInfo r;
  EXPECT_EQ(WireFields(r), (Fields{{1, STR}, {2, STR}}));
  TColumnType ct;
  ct.__set_len(1);
  ct.__set_index_len(1);
  ct.__set_precision(1);
  ct.__set_scale(1);
  EXPECT_EQ(WireFields(ct), (Fields{{1, I32}, {2, I32}, {3, I32}, {4, I32}, {5, I32}}));
}

TEST(WireCompatTest, AgentTaskRequest) {
  TAgentTaskRequest t;
  t.__set_priority(TPriority::HIGH);
  t.__set_create_tablet_req({});
  t.__set_drop_tablet_req({});
  t.__set_resource_info({});
  t.__set_upload_req({});
  t.__set_download_req({});
  t.__set_snapshot_req({});
  t.__set_release_snapshot_req({});
  t.__set_move_dir_req({});
  t.__set_recv_time(1);
  EXPECT_EQ(WireFields(t), (Fields{{1, I32}, {2, I32}, {3, I64}, {4, I32}, {5, STRUCT}, {6, STRUCT},
                                   {11, STRUCT}, {14, STRUCT}, {15, STRUCT}, {16, STRUCT}, {17, STRUCT},
                                   {22, STRUCT}, {25, I64}}));
}

TEST(WireCompatTest, TaskPayloads) {
  TSnapshotRequest s;
  s.__set_version(1);
  s.__set_version_hash(0);
  s.__set_timeout(1);
  s.__set_missing_version({});
  s.__set_list_files(true);
  s.__set_allow_incremental_clone(false);
  s.__set_preferred_snapshot_format(4);
  s.__set_missing_version_ranges({});
  s.__set_is_restore_task(false);
  EXPECT_EQ(WireFields(s), (Fields{{1, I64}, {2, I32}, {3, I64}, {4, I64}, {5, I64}, {6, LIST}, {7, BOOL},
                                   {8, BOOL}, {9, I32}, {10, LIST}, {11, BOOL}}));
  TSnapshotRequest defaults;
  EXPECT_EQ(defaults.preferred_snapshot_format, 4);
  EXPECT_EQ(g_Types_constants.TPREFER_SNAPSHOT_REQ_VERSION, 4);

  TUploadReq u;
  u.__set_broker_prop({});
  u.__set_use_broker(false);
  u.__set_hdfs_write_buffer_size_kb(0);
  EXPECT_EQ(WireFields(u), (Fields{{1, I64}, {2, MAP}, {3, STRUCT}, {4, MAP}, {5, BOOL}, {6, I32}}));
  TDownloadReq d;
  d.__set_broker_prop({});
  d.__set_use_broker(false);
  d.__set_hdfs_read_buffer_size_kb(0);
  EXPECT_EQ(WireFields(d), (Fields{{1, I64}, {2, MAP}, {3, STRUCT}, {4, MAP}, {5, BOOL}, {6, I32}}));
  TReleaseSnapshotRequest rel;
  EXPECT_EQ(WireFields(rel), (Fields{{1, STR}}));
  TMoveDirReq m;
  EXPECT_EQ(WireFields(m), (Fields{{1, I64}, {2, I32}, {3, STR}, {4, I64}, {5, BOOL}}));

  TCreateTabletReq c;
  c.__set_version(1);
  c.__set_version_hash(0);
  c.__set_storage_medium(TStorageMedium::HDD);
  c.__set_in_restore_mode(false);
  c.__set_base_tablet_id(1);
  c.__set_base_schema_hash(1);
  c.__set_table_id(1);
  c.__set_partition_id(1);
  c.__set_tablet_type(TTabletType::TABLET_TYPE_DISK);
  EXPECT_EQ(WireFields(c), (Fields{{1, I64}, {2, STRUCT}, {3, I64}, {4, I64}, {5, I32}, {6, BOOL}, {7, I64},
                                   {8, I32}, {9, I64}, {10, I64}, {14, I32}}));
  TTabletSchema ts;
  ts.__set_bloom_filter_fpp(0.1);
  ts.__set_is_in_memory(false);
  ts.__set_id(1);
  EXPECT_EQ(WireFields(ts), (Fields{{1, I16}, {2, I32}, {3, I32}, {4, I32}, {5, LIST}, {6, DBL}, {8, BOOL}, {9, I64}}));
  TColumn col;
  col.__set_aggregation_type(TAggregationType::NONE);
  col.__set_is_key(true);
  col.__set_is_allow_null(true);
  col.__set_default_value("");
  col.__set_is_bloom_filter_column(false);
  EXPECT_EQ(WireFields(col), (Fields{{1, STR}, {2, STRUCT}, {3, I32}, {4, BOOL}, {5, BOOL}, {6, STR}, {7, BOOL}}));

  TAgentResult ar;
  ar.__set_snapshot_path("p");
  ar.__set_allow_incremental_clone(false);
  ar.__set_snapshot_format(1);
  EXPECT_EQ(WireFields(ar), (Fields{{1, STRUCT}, {2, STR}, {3, BOOL}, {4, I32}}));
}

TEST(WireCompatTest, MasterService) {
  TFinishTaskRequest f;
  f.__set_report_version(1);
  f.__set_finish_tablet_infos({});
  f.__set_tablet_checksum(1);
  f.__set_request_version(1);
  f.__set_request_version_hash(1);
  f.__set_snapshot_path("p");
  f.__set_error_tablet_ids({});
  f.__set_snapshot_files({});
  f.__set_tablet_files({});
  f.__set_downloaded_tablet_ids({});
  f.__set_copy_size(1);
  f.__set_copy_time_ms(1);
  f.__set_tablet_versions({});
  f.__set_tablet_publish_versions({});
  EXPECT_EQ(WireFields(f), (Fields{{1, STRUCT}, {2, I32}, {3, I64}, {4, STRUCT}, {5, I64}, {6, LIST}, {7, I64},
                                   {8, I64}, {9, I64}, {10, STR}, {11, LIST}, {12, LIST}, {13, MAP}, {14, LIST},
                                   {15, I64}, {16, I64}, {17, LIST}, {18, LIST}}));
  TReportRequest r;
  r.__set_report_version(1);
  r.__set_tasks({});
  r.__set_tablets({});
  r.__set_disks({});
  r.__set_force_recovery(false);
  r.__set_tablet_list({});
  EXPECT_EQ(WireFields(r), (Fields{{1, STRUCT}, {2, I64}, {3, MAP}, {4, MAP}, {5, MAP}, {6, BOOL}, {7, LIST}}));
  TMasterResult mr;
  EXPECT_EQ(WireFields(mr), (Fields{{1, STRUCT}}));
  TTabletInfo ti;
  ti.__set_storage_medium(TStorageMedium::SSD);
  ti.__set_version_count(1);
  ti.__set_path_hash(1);
  ti.__set_version_miss(false);
  ti.__set_used(true);
  ti.__set_partition_id(1);
  EXPECT_EQ(WireFields(ti), (Fields{{1, I64}, {2, I32}, {3, I64}, {4, I64}, {5, I64}, {6, I64}, {7, I32}, {9, I64},
                                    {10, I64}, {11, BOOL}, {12, BOOL}, {13, I64}}));
  TSnapshotLoaderReportRequest lr;
  lr.__set_finished_num(1);
  lr.__set_total_num(1);
  EXPECT_EQ(WireFields(lr), (Fields{{1, I64}, {2, I64}, {3, I32}, {4, I32}, {5, I32}}));
}

TEST(WireCompatTest, Heartbeat) {
  TMasterInfo m;
  m.__set_cluster_id(1);
  m.__set_token("t");
  m.__set_backend_ip("h");
  m.__set_http_port(1);
  m.__set_heartbeat_flags(1);
  m.__set_backend_id(1);
  EXPECT_EQ(WireFields(m), (Fields{{1, STRUCT}, {2, I32}, {3, I64}, {4, STR}, {5, STR}, {6, I32}, {7, I64}, {8, I64}}));
  // Every field of our TBackendInfo: StarRocks' ids only (7 and 9..12 are not carried; there is
  // no backend id in the answer: the frontend knows which backend it called).
  TBackendInfo b;
  b.__set_be_rpc_port(1);
  b.__set_brpc_port(1);
  b.__set_version("v");
  b.__set_num_hardware_cores(1);
  b.__set_reboot_time(1);
  EXPECT_EQ(WireFields(b), (Fields{{1, I32}, {2, I32}, {3, I32}, {4, I32}, {5, STR}, {6, I32}, {8, I64}}));
  THeartbeatResult h;
  EXPECT_EQ(WireFields(h), (Fields{{1, STRUCT}, {2, STRUCT}}));
}

TEST(WireCompatTest, ServiceArgumentIds) {
  EXPECT_EQ(WireFields(BackendService_submit_tasks_args()), (Fields{{1, LIST}}));
  EXPECT_EQ(WireFields(FrontendService_finishTask_args()), (Fields{{1, STRUCT}}));
  EXPECT_EQ(WireFields(FrontendService_report_args()), (Fields{{1, STRUCT}}));
  EXPECT_EQ(WireFields(FrontendService_snapshotLoaderReport_args()), (Fields{{1, STRUCT}}));
  EXPECT_EQ(WireFields(HeartbeatService_heartbeat_args()), (Fields{{1, STRUCT}}));
}

TEST(WireCompatTest, EnumValues) {
  EXPECT_EQ(TTaskType::CREATE, 0);
  EXPECT_EQ(TTaskType::DROP, 1);
  EXPECT_EQ(TTaskType::CLONE, 3);
  EXPECT_EQ(TTaskType::MAKE_SNAPSHOT, 8);
  EXPECT_EQ(TTaskType::RELEASE_SNAPSHOT, 9);
  EXPECT_EQ(TTaskType::CHECK_CONSISTENCY, 10);
  EXPECT_EQ(TTaskType::UPLOAD, 11);
  EXPECT_EQ(TTaskType::DOWNLOAD, 12);
  EXPECT_EQ(TTaskType::MOVE, 14);
  EXPECT_EQ(TTaskType::PUBLISH_VERSION, 16);
  EXPECT_EQ(TTaskType::ALTER, 22);
  EXPECT_EQ(TTaskType::COMPACTION, 26);
  EXPECT_EQ(TStatusCode::OK, 0);
  EXPECT_EQ(TStatusCode::CANCELLED, 1);
  EXPECT_EQ(TStatusCode::RUNTIME_ERROR, 4);
  EXPECT_EQ(TStatusCode::INTERNAL_ERROR, 6);
  EXPECT_EQ(TStatusCode::TIMEOUT, 8);
  EXPECT_EQ(TStatusCode::TOO_MANY_TASKS, 16);
  EXPECT_EQ(TStatusCode::NOT_FOUND, 31);
  EXPECT_EQ(TStatusCode::INVALID_ARGUMENT, 33);
  EXPECT_EQ(TStatusCode::ALREADY_EXIST, 35);
  EXPECT_EQ(TStatusCode::OLAP_ERR_VERSION_ALREADY_MERGED, 45);
  EXPECT_EQ(TStatusCode::UNKNOWN, 50);
  EXPECT_EQ(TAgentServiceVersion::V1, 0);
  EXPECT_EQ(TPriority::NORMAL, 0);
  EXPECT_EQ(TPriority::HIGH, 1);
  EXPECT_EQ(TKeysType::PRIMARY_KEYS, 0);
  EXPECT_EQ(TKeysType::DUP_KEYS, 1);
  EXPECT_EQ(TKeysType::AGG_KEYS, 3);
  EXPECT_EQ(TStorageType::COLUMN, 1);
  EXPECT_EQ(TPrimitiveType::INT, 5);
  EXPECT_EQ(TPrimitiveType::VARCHAR, 15);
  EXPECT_EQ(TPrimitiveType::DECIMAL128, 23);
  EXPECT_EQ(TStorageMedium::SSD, 1);
}

}  // namespace
}  // namespace feb::wire
