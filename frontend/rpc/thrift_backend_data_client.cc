#include "frontend/rpc/thrift_backend_data_client.h"

#include <algorithm>
#include <cctype>

#include "BackendService.h"
#include "ReferenceDataService.h"
#include "common/rpc/client_pool.h"

namespace feb::frontend {

namespace {

using wire::TPrimitiveType;

Status FromTStatus(const wire::TStatus& s, const std::string& what) {
  if (s.status_code == wire::TStatusCode::OK) return Status::OK();
  std::string msg;
  for (const auto& m : s.error_msgs) msg += (msg.empty() ? "" : "; ") + m;
  StatusCode code = StatusCode::kInternal;
  switch (s.status_code) {
    case wire::TStatusCode::NOT_FOUND: code = StatusCode::kNotFound; break;
    case wire::TStatusCode::INVALID_ARGUMENT: code = StatusCode::kInvalidArgument; break;
    case wire::TStatusCode::ALREADY_EXIST: code = StatusCode::kAlreadyExists; break;
    default: break;
  }
  return Status(code, what + ": " + (msg.empty() ? "status " + std::to_string(static_cast<int>(s.status_code)) : msg));
}

std::string BaseName(const std::string& type) {
  std::string b = type.substr(0, type.find('('));
  std::transform(b.begin(), b.end(), b.begin(), [](unsigned char c) { return std::toupper(c); });
  return b;
}

std::vector<int> TypeArgs(const std::string& type) {
  std::vector<int> out;
  size_t p = type.find('(');
  while (p != std::string::npos && p + 1 < type.size()) {
    out.push_back(std::atoi(type.c_str() + p + 1));
    p = type.find(',', p + 1);
  }
  return out;
}

wire::TColumn ToTColumn(const fe_backup::ColumnDefinition& c) {
  wire::TColumn col;
  col.column_name = c.name;
  std::string b = BaseName(c.type);
  auto args = TypeArgs(c.type);
  wire::TColumnType t;
  static const std::map<std::string, TPrimitiveType::type> kTypes = {
      {"BOOLEAN", TPrimitiveType::BOOLEAN}, {"TINYINT", TPrimitiveType::TINYINT},
      {"SMALLINT", TPrimitiveType::SMALLINT}, {"INT", TPrimitiveType::INT}, {"INTEGER", TPrimitiveType::INT},
      {"BIGINT", TPrimitiveType::BIGINT}, {"LARGEINT", TPrimitiveType::LARGEINT}, {"FLOAT", TPrimitiveType::FLOAT},
      {"DOUBLE", TPrimitiveType::DOUBLE}, {"DATE", TPrimitiveType::DATE}, {"DATETIME", TPrimitiveType::DATETIME},
      {"CHAR", TPrimitiveType::CHAR}, {"VARCHAR", TPrimitiveType::VARCHAR}, {"STRING", TPrimitiveType::VARCHAR},
      {"DECIMAL", TPrimitiveType::DECIMALV2}, {"DECIMALV2", TPrimitiveType::DECIMALV2},
      {"DECIMAL32", TPrimitiveType::DECIMAL32}, {"DECIMAL64", TPrimitiveType::DECIMAL64},
      {"DECIMAL128", TPrimitiveType::DECIMAL128}};
  auto it = kTypes.find(b);
  t.type = it == kTypes.end() ? TPrimitiveType::VARCHAR : it->second;
  if (t.type == TPrimitiveType::VARCHAR || t.type == TPrimitiveType::CHAR) {
    t.__set_len(args.empty() ? (b == "STRING" ? 65533 : 1) : args[0]);
  }
  if (b.rfind("DECIMAL", 0) == 0) {
    t.__set_precision(args.empty() ? 10 : args[0]);
    t.__set_scale(args.size() > 1 ? args[1] : 0);
  }
  col.column_type = t;
  col.__set_is_key(c.is_key);
  col.__set_is_allow_null(c.nullable);
  if (c.default_value) col.__set_default_value(*c.default_value);
  static const std::map<std::string, wire::TAggregationType::type> kAgg = {
      {"SUM", wire::TAggregationType::SUM}, {"MAX", wire::TAggregationType::MAX},
      {"MIN", wire::TAggregationType::MIN}, {"REPLACE", wire::TAggregationType::REPLACE},
      {"REPLACE_IF_NOT_NULL", wire::TAggregationType::REPLACE_IF_NOT_NULL},
      {"HLL_UNION", wire::TAggregationType::HLL_UNION}, {"BITMAP_UNION", wire::TAggregationType::BITMAP_UNION}};
  auto a = kAgg.find(c.aggregation);
  if (a != kAgg.end()) col.__set_aggregation_type(a->second);
  return col;
}

wire::TKeysType::type KeysType(const std::string& k) {
  if (k == "AGGREGATE") return wire::TKeysType::AGG_KEYS;
  if (k == "UNIQUE") return wire::TKeysType::UNIQUE_KEYS;
  if (k == "PRIMARY") return wire::TKeysType::PRIMARY_KEYS;
  return wire::TKeysType::DUP_KEYS;
}

}  // namespace

struct ThriftBackendDataClient::Pools {
  rpc::ClientPool<wire::BackendServiceClient> backend;
  rpc::ClientPool<wire::ReferenceDataServiceClient> data;
};

ThriftBackendDataClient::ThriftBackendDataClient(AgentTaskTracker* tracker, std::chrono::milliseconds create_timeout)
    : tracker_(tracker), create_timeout_(create_timeout), pools_(std::make_unique<Pools>()) {}

ThriftBackendDataClient::~ThriftBackendDataClient() = default;

Status ThriftBackendDataClient::CreateTablets(const fe_backup::BackendInfo& backend,
                                              const std::vector<TabletSpec>& tablets) {
  std::vector<wire::TAgentTaskRequest> tasks;
  std::vector<AgentTaskTracker::Key> keys;
  for (const auto& t : tablets) {
    wire::TAgentTaskRequest task;
    task.protocol_version = wire::TAgentServiceVersion::V1;
    task.task_type = wire::TTaskType::CREATE;
    task.signature = t.tablet_id;
    wire::TCreateTabletReq req;
    req.tablet_id = t.tablet_id;
    wire::TTabletSchema schema;
    schema.short_key_column_count = static_cast<int16_t>(std::max<size_t>(1, t.definition.key_columns.size()));
    schema.schema_hash = t.schema_hash;
    schema.keys_type = KeysType(t.definition.keys_type);
    schema.storage_type = wire::TStorageType::COLUMN;
    for (const auto& c : t.definition.columns) schema.columns.push_back(ToTColumn(c));
    req.tablet_schema = schema;
    req.__set_version(t.version);
    req.__set_version_hash(0);
    req.__set_storage_medium(wire::TStorageMedium::HDD);
    req.__set_table_id(t.table_id);
    req.__set_partition_id(t.partition_id);
    if (t.in_restore_mode) req.__set_in_restore_mode(true);
    task.__set_create_tablet_req(req);
    tasks.push_back(std::move(task));
    keys.push_back({backend.id, static_cast<int32_t>(wire::TTaskType::CREATE), t.tablet_id});
  }
  tracker_->Register(keys);
  wire::TAgentResult result;
  Status st = pools_->backend.Call(rpc::Address{backend.host, backend.be_port}, "submit_tasks(CREATE)",
                                   [&](wire::BackendServiceClient& c) { c.submit_tasks(result, tasks); });
  if (st.ok()) st = FromTStatus(result.status, "submit_tasks(CREATE)");
  if (!st.ok()) {
    tracker_->Forget(keys);
    return st;
  }
  return tracker_->Wait(keys, create_timeout_);
}

Status ThriftBackendDataClient::DropTablets(const fe_backup::BackendInfo& backend,
                                            const std::vector<TabletSpec>& tablets) {
  std::vector<wire::TAgentTaskRequest> tasks;
  for (const auto& t : tablets) {
    wire::TAgentTaskRequest task;
    task.protocol_version = wire::TAgentServiceVersion::V1;
    task.task_type = wire::TTaskType::DROP;
    task.signature = t.tablet_id;
    wire::TDropTabletReq req;
    req.tablet_id = t.tablet_id;
    req.__set_schema_hash(t.schema_hash);
    task.__set_drop_tablet_req(req);
    tasks.push_back(std::move(task));
  }
  wire::TAgentResult result;
  RETURN_IF_ERROR(pools_->backend.Call(rpc::Address{backend.host, backend.be_port}, "submit_tasks(DROP)",
                                       [&](wire::BackendServiceClient& c) { c.submit_tasks(result, tasks); }));
  return FromTStatus(result.status, "submit_tasks(DROP)");
}

Status ThriftBackendDataClient::WriteRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                          int64_t version, const std::vector<DataRow>& rows) {
  wire::TRefWriteRequest req;
  req.tablet_id = tablet.tablet_id;
  req.schema_hash = tablet.schema_hash;
  req.version = version;
  for (const auto& r : rows) {
    wire::TRefRow row;
    for (const auto& c : r) {
      wire::TRefCell cell;
      if (c) cell.__set_value(*c);
      row.cells.push_back(std::move(cell));
    }
    req.rows.push_back(std::move(row));
  }
  wire::TRefWriteResult result;
  RETURN_IF_ERROR(pools_->data.Call(rpc::Address{backend.host, backend.brpc_port}, "write_rows",
                                    [&](wire::ReferenceDataServiceClient& c) { c.write_rows(result, req); }));
  return FromTStatus(result.status, "write_rows");
}

Result<std::vector<DataRow>> ThriftBackendDataClient::ScanRows(const fe_backup::BackendInfo& backend,
                                                               const TabletSpec& tablet, int64_t version) {
  wire::TRefScanRequest req;
  req.tablet_id = tablet.tablet_id;
  req.schema_hash = tablet.schema_hash;
  req.__set_version(version);
  wire::TRefScanResult result;
  RETURN_IF_ERROR(pools_->data.Call(rpc::Address{backend.host, backend.brpc_port}, "scan_rows",
                                    [&](wire::ReferenceDataServiceClient& c) { c.scan_rows(result, req); }));
  RETURN_IF_ERROR(FromTStatus(result.status, "scan_rows"));
  std::vector<DataRow> out;
  for (const auto& r : result.rows) {
    DataRow row;
    for (const auto& c : r.cells) {
      row.push_back(c.__isset.value ? std::optional<std::string>(c.value) : std::nullopt);
    }
    out.push_back(std::move(row));
  }
  return out;
}

Result<uint64_t> ThriftBackendDataClient::Checksum(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                                   int64_t version) {
  wire::TRefScanRequest req;
  req.tablet_id = tablet.tablet_id;
  req.schema_hash = tablet.schema_hash;
  req.__set_version(version);
  wire::TRefChecksumResult result;
  RETURN_IF_ERROR(pools_->data.Call(rpc::Address{backend.host, backend.brpc_port}, "checksum",
                                    [&](wire::ReferenceDataServiceClient& c) { c.checksum(result, req); }));
  RETURN_IF_ERROR(FromTStatus(result.status, "checksum"));
  return static_cast<uint64_t>(result.checksum);
}

}  // namespace feb::frontend
