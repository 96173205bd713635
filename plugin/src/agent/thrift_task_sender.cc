#include "plugin/src/agent/thrift_task_sender.h"

#include "AgentService_types.h"
#include "BackendService.h"
#include "Status_types.h"

namespace feb::plugin {

namespace {

wire::TAgentTaskRequest ToThrift(const AgentTask& t) {
  wire::TAgentTaskRequest r;
  r.protocol_version = wire::TAgentServiceVersion::V1;
  r.task_type = static_cast<wire::TTaskType::type>(static_cast<int32_t>(t.type));
  r.signature = t.signature;
  if (t.snapshot) {
    wire::TSnapshotRequest s;
    s.tablet_id = t.snapshot->tablet_id;
    s.schema_hash = t.snapshot->schema_hash;
    s.__set_version(t.snapshot->version);
    s.__set_timeout(t.snapshot->timeout_s);
    s.__set_list_files(t.snapshot->list_files);
    s.__set_preferred_snapshot_format(4);
    s.__set_is_restore_task(false);
    r.__set_snapshot_req(s);
  }
  if (t.upload) {
    wire::TUploadReq u;
    u.job_id = t.upload->job_id;
    for (const auto& [src, dest] : t.upload->src_dest) u.src_dest_map[src] = dest;
    u.broker_addr.hostname = "";
    u.broker_addr.port = 0;
    u.__set_use_broker(false);
    r.__set_upload_req(u);
  }
  if (t.release) {
    wire::TReleaseSnapshotRequest rel;
    rel.snapshot_path = t.release->snapshot_path;
    r.__set_release_snapshot_req(rel);
  }
  return r;
}

}  // namespace

ThriftTaskSender::ThriftTaskSender(rpc::ClientOptions options)
    : pool_(std::make_unique<rpc::ClientPool<wire::BackendServiceClient>>(options)) {}

ThriftTaskSender::~ThriftTaskSender() = default;

Status ThriftTaskSender::Submit(const fe_backup::BackendInfo& backend, const std::vector<AgentTask>& tasks) {
  std::vector<wire::TAgentTaskRequest> requests;
  requests.reserve(tasks.size());
  for (const auto& t : tasks) requests.push_back(ToThrift(t));
  wire::TAgentResult result;
  Status s = pool_->Call(rpc::Address{backend.host, backend.be_port}, "submit_tasks",
                         [&](wire::BackendServiceClient& client) { client.submit_tasks(result, requests); });
  if (!s.ok()) return s;
  if (result.status.status_code != wire::TStatusCode::OK) {
    std::string msg;
    for (const auto& m : result.status.error_msgs) msg += (msg.empty() ? "" : "; ") + m;
    return Status::Unavailable("backend " + std::to_string(backend.id) + " refused the tasks: " + msg);
  }
  return Status::OK();
}

}  // namespace feb::plugin
