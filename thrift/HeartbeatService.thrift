// Frontend -> backend heartbeat on heartbeat_service_port (StarRocks HeartbeatService.thrift subset).
namespace cpp feb.wire

include "Status.thrift"
include "Types.thrift"

struct TMasterInfo {
  1: required Types.TNetworkAddress network_address
  2: optional Types.TClusterId cluster_id
  3: required Types.TEpoch epoch
  4: optional string token
  5: optional string backend_ip
  6: optional Types.TPort http_port
  7: optional i64 heartbeat_flags
  8: optional i64 backend_id  // the id the frontend knows this backend by
}

struct TBackendInfo {
  1: required Types.TPort be_port
  2: required Types.TPort http_port
  3: optional Types.TPort be_rpc_port
  4: optional Types.TPort brpc_port
  5: optional string version
  6: optional i32 num_hardware_cores
  // 7 starlet_port: not carried
  8: optional i64 reboot_time
  // 9..12 (is_set_storage_path, ...): not carried. The frontend knows which backend answered
  // (the one it called), so the answer names none; the backend learns its id from
  // TMasterInfo.backend_id.
}

struct THeartbeatResult {
  1: required Status.TStatus status
  2: required TBackendInfo backend_info
}

service HeartbeatService {
  THeartbeatResult heartbeat(1: TMasterInfo master_info)
}
