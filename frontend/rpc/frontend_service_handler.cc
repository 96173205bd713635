#include "frontend/rpc/frontend_service_handler.h"

#include <glog/logging.h>

namespace feb::frontend {

namespace {

wire::TStatus Cancelled(const std::string& message) {
  wire::TStatus s;
  s.status_code = wire::TStatusCode::CANCELLED;
  s.__set_error_msgs({message});
  return s;
}

wire::TStatus Ok() {
  wire::TStatus s;
  s.status_code = wire::TStatusCode::OK;
  return s;
}

}  // namespace

int64_t FrontendServiceHandler::BackendIdOf(const wire::TBackend& backend) {
  for (const auto& b : backends_->List()) {
    if (b.host == backend.host && b.be_port == backend.be_port) return b.id;
  }
  return -1;
}

fe_backup::Plugin* FrontendServiceHandler::OwnerOf(int32_t task_type) {
  for (auto* p : plugins_) {
    if (p->OwnsTaskType(static_cast<fe_backup::TaskType>(task_type))) return p;
  }
  return nullptr;
}

void FrontendServiceHandler::finishTask(wire::TMasterResult& result, const wire::TFinishTaskRequest& request) {
  int64_t backend_id = BackendIdOf(request.backend);
  auto type = static_cast<int32_t>(request.task_type);
  std::string where = "type: " + std::to_string(type) + ", backendId: " + std::to_string(backend_id) +
                      ", signature: " + std::to_string(request.signature);
  if (type == static_cast<int32_t>(wire::TTaskType::CREATE) || type == static_cast<int32_t>(wire::TTaskType::DROP)) {
    Status outcome;
    if (request.task_status.status_code != wire::TStatusCode::OK) {
      std::string msg;
      for (const auto& m : request.task_status.error_msgs) msg += (msg.empty() ? "" : "; ") + m;
      outcome = Status::Unavailable("task failed on the backend: " + msg);
    }
    if (tracker_->Complete({backend_id, type, request.signature}, outcome)) {
      result.status = Ok();
      return;
    }
    if (type == static_cast<int32_t>(wire::TTaskType::DROP)) {  // nobody waits for drops
      result.status = Ok();
      return;
    }
    result.status = Cancelled("cannot find task. " + where);
    return;
  }
  fe_backup::Plugin* owner = OwnerOf(type);
  if (!owner) {
    result.status = Cancelled("cannot find task. " + where);
    return;
  }
  fe_backup::FinishedTask t;
  t.backend_id = backend_id;
  t.type = static_cast<fe_backup::TaskType>(type);
  t.signature = request.signature;
  t.status_code = static_cast<int32_t>(request.task_status.status_code);
  t.error_msgs = request.task_status.error_msgs;
  if (request.__isset.snapshot_path) t.snapshot_path = request.snapshot_path;
  if (request.__isset.snapshot_files) t.snapshot_files = request.snapshot_files;
  if (request.__isset.tablet_files) {
    std::map<int64_t, std::vector<std::string>> files(request.tablet_files.begin(), request.tablet_files.end());
    t.tablet_files = std::move(files);
  }
  if (request.__isset.downloaded_tablet_ids) t.downloaded_tablet_ids = request.downloaded_tablet_ids;
  if (request.__isset.copy_size) t.copy_size = request.copy_size;
  if (request.__isset.copy_time_ms) t.copy_time_ms = request.copy_time_ms;
  result.status = owner->OnFinishTask(t) == fe_backup::TaskAnswer::kOk ? Ok() : Cancelled("cannot find task. " + where);
}

void FrontendServiceHandler::report(wire::TMasterResult& result, const wire::TReportRequest& request) {
  result.status = Ok();
  if (!request.__isset.tasks) return;
  int64_t backend_id = BackendIdOf(request.backend);
  for (auto* p : plugins_) {
    fe_backup::BackendTaskReport r;
    r.backend_id = backend_id;
    for (const auto& [type, signatures] : request.tasks) {
      auto t = static_cast<fe_backup::TaskType>(static_cast<int32_t>(type));
      if (!p->OwnsTaskType(t)) continue;
      r.running[t] = std::vector<int64_t>(signatures.begin(), signatures.end());
    }
    // Also when none of the module's tasks runs there: that is how a restarted backend says it
    // lost them, and the module re-sends them after agent_task_resend_wait_time_ms.
    p->OnBackendTaskReport(r);
  }
}

void FrontendServiceHandler::snapshotLoaderReport(wire::TStatus& result,
                                                  const wire::TSnapshotLoaderReportRequest& request) {
  auto type = static_cast<int32_t>(request.task_type);
  fe_backup::Plugin* owner = OwnerOf(type);
  if (!owner) {
    result = Cancelled("cannot find job " + std::to_string(request.job_id));
    return;
  }
  fe_backup::LoaderProgress p;
  p.job_id = request.job_id;
  p.task_id = request.task_id;
  p.type = static_cast<fe_backup::TaskType>(type);
  p.finished = request.finished_num;
  p.total = request.total_num;
  result = owner->OnLoaderProgress(p) == fe_backup::TaskAnswer::kOk ? Ok() : Cancelled("job cancelled");
}

}  // namespace feb::frontend
