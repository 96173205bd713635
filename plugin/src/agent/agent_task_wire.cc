#include "plugin/src/agent/agent_task_wire.h"

namespace feb::plugin {

wire::TAgentTaskRequest ToThriftRequest(const AgentTask& t) {
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
    s.__set_is_restore_task(t.snapshot->is_restore);
    r.__set_snapshot_req(s);
  }
  if (t.upload) {
    wire::TUploadReq u;
    u.job_id = t.upload->job_id;
    for (const auto& [src, dest] : t.upload->src_dest) u.src_dest_map[src] = dest;
    u.broker_addr.hostname = "";
    u.broker_addr.port = 0;
    u.__set_use_broker(false);
    if (!t.upload->properties.empty()) u.__set_broker_prop(t.upload->properties);
    r.__set_upload_req(u);
  }
  if (t.download) {
    wire::TDownloadReq d;
    d.job_id = t.download->job_id;
    for (const auto& [src, dest] : t.download->src_dest) d.src_dest_map[src] = dest;
    d.broker_addr.hostname = "";
    d.broker_addr.port = 0;
    d.__set_use_broker(false);
    if (!t.download->properties.empty()) d.__set_broker_prop(t.download->properties);
    r.__set_download_req(d);
  }
  if (t.move) {
    wire::TMoveDirReq m;
    m.tablet_id = t.move->tablet_id;
    m.schema_hash = t.move->schema_hash;
    m.src = t.move->src;
    m.job_id = t.move->job_id;
    m.overwrite = true;  // StarRocks always sends true; the tablet is a new one anyway
    r.__set_move_dir_req(m);
  }
  if (t.release) {
    wire::TReleaseSnapshotRequest rel;
    rel.snapshot_path = t.release->snapshot_path;
    r.__set_release_snapshot_req(rel);
  }
  return r;
}

}  // namespace feb::plugin
