#include "backend/agent/thrift_fe_client.h"

#include "backend/agent/wire_convert.h"

namespace feb::be {

ThriftFeClient::ThriftFeClient(const MasterInfo* master, BackendPorts ports, rpc::ClientOptions options)
    : master_(master), ports_(ports), pool_(options) {}

Result<rpc::Address> ThriftFeClient::Master() const {
  auto m = master_->master();
  if (!m) return Status::Unavailable("no heartbeat from a frontend yet: its address is unknown");
  return *m;
}

wire::TBackend ThriftFeClient::Self() const {
  wire::TBackend b;
  b.host = master_->backend_host();
  b.be_port = ports_.be_port;
  b.http_port = ports_.http_port;
  return b;
}

Status ThriftFeClient::FinishTask(const TaskReport& report) {
  ASSIGN_OR_RETURN(rpc::Address addr, Master());
  wire::TFinishTaskRequest req = ToFinishTaskRequest(report, Self());
  wire::TMasterResult result;
  RETURN_IF_ERROR(pool_.Call(addr, "finishTask", [&](wire::FrontendServiceClient& c) { c.finishTask(result, req); }));
  return FromWireStatus(result.status, "finishTask answered");
}

Result<bool> ThriftFeClient::LoaderReport(int64_t job_id, int64_t task_id, TaskType type, int32_t finished,
                                          int32_t total) {
  ASSIGN_OR_RETURN(rpc::Address addr, Master());
  wire::TSnapshotLoaderReportRequest req;
  req.job_id = job_id;
  req.task_id = task_id;
  req.task_type = static_cast<wire::TTaskType::type>(static_cast<int32_t>(type));
  req.__set_finished_num(finished);
  req.__set_total_num(total);
  wire::TStatus result;
  RETURN_IF_ERROR(pool_.Call(addr, "snapshotLoaderReport",
                             [&](wire::FrontendServiceClient& c) { c.snapshotLoaderReport(result, req); }));
  return result.status_code != wire::TStatusCode::CANCELLED;
}

Status ThriftFeClient::Report(const std::map<TaskType, std::set<int64_t>>& running,
                              const std::vector<TabletMeta>& tablets) {
  ASSIGN_OR_RETURN(rpc::Address addr, Master());
  wire::TReportRequest req;
  req.backend = Self();
  std::map<wire::TTaskType::type, std::set<int64_t>> tasks;
  for (const auto& [type, sigs] : running) tasks[static_cast<wire::TTaskType::type>(static_cast<int32_t>(type))] = sigs;
  req.__set_tasks(std::move(tasks));
  std::map<int64_t, wire::TTablet> tablet_map;
  for (const TabletMeta& m : tablets) {
    wire::TTabletInfo i;
    i.tablet_id = m.tablet_id;
    i.schema_hash = m.schema_hash;
    i.version = m.MaxVersion();
    i.version_hash = 0;
    i.row_count = m.RowCount(m.MaxVersion());
    int64_t bytes = 0;
    for (const auto& v : m.versions) bytes += v.bytes;
    i.data_size = bytes;
    i.__set_version_count(static_cast<int64_t>(m.versions.size()));
    if (m.partition_id != 0) i.__set_partition_id(m.partition_id);
    tablet_map[m.tablet_id].tablet_infos.push_back(std::move(i));
  }
  req.__set_tablets(std::move(tablet_map));
  wire::TMasterResult result;
  RETURN_IF_ERROR(pool_.Call(addr, "report", [&](wire::FrontendServiceClient& c) { c.report(result, req); }));
  return FromWireStatus(result.status, "report answered");
}

}  // namespace feb::be
