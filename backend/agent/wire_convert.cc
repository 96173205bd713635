#include "backend/agent/wire_convert.h"

namespace feb::be {

wire::TStatus ToWireStatus(const Status& s) {
  wire::TStatus out;
  switch (s.code()) {
    case StatusCode::kOk: out.status_code = wire::TStatusCode::OK; return out;
    case StatusCode::kCancelled: out.status_code = wire::TStatusCode::CANCELLED; break;
    case StatusCode::kNotFound: out.status_code = wire::TStatusCode::NOT_FOUND; break;
    case StatusCode::kInvalidArgument:
    case StatusCode::kSyntaxError: out.status_code = wire::TStatusCode::INVALID_ARGUMENT; break;
    case StatusCode::kAlreadyExists: out.status_code = wire::TStatusCode::ALREADY_EXIST; break;
    case StatusCode::kNotSupported: out.status_code = wire::TStatusCode::NOT_IMPLEMENTED_ERROR; break;
    case StatusCode::kTimeout: out.status_code = wire::TStatusCode::TIMEOUT; break;
    case StatusCode::kUnavailable: out.status_code = wire::TStatusCode::SERVICE_UNAVAILABLE; break;
    case StatusCode::kResourceExhausted: out.status_code = wire::TStatusCode::TOO_MANY_TASKS; break;
    case StatusCode::kIoError: out.status_code = wire::TStatusCode::IO_ERROR; break;
    case StatusCode::kCorruption: out.status_code = wire::TStatusCode::CORRUPTION; break;
    case StatusCode::kIllegalState: out.status_code = wire::TStatusCode::ILLEGAL_STATE; break;
    case StatusCode::kAccessDenied: out.status_code = wire::TStatusCode::NOT_AUTHORIZED; break;
    case StatusCode::kInternal: out.status_code = wire::TStatusCode::INTERNAL_ERROR; break;
  }
  out.__set_error_msgs({s.message()});
  return out;
}

Status FromWireStatus(const wire::TStatus& s, const std::string& context) {
  if (s.status_code == wire::TStatusCode::OK) return Status::OK();
  std::string msg = context + ":";
  for (const std::string& m : s.error_msgs) msg += " " + m;
  switch (s.status_code) {
    case wire::TStatusCode::CANCELLED: return Status::Cancelled(msg);
    case wire::TStatusCode::NOT_FOUND: return Status::NotFound(msg);
    case wire::TStatusCode::TIMEOUT: return Status::Internal(msg);  // an answer, not a lost call
    default: return Status::Internal(msg);
  }
}

wire::TFinishTaskRequest ToFinishTaskRequest(const TaskReport& report, const wire::TBackend& backend) {
  wire::TFinishTaskRequest req;
  req.backend = backend;
  req.task_type = static_cast<wire::TTaskType::type>(static_cast<int32_t>(report.type));
  req.signature = report.signature;
  req.task_status = ToWireStatus(report.status);
  if (report.snapshot_path) req.__set_snapshot_path(*report.snapshot_path);
  if (report.snapshot_files) req.__set_snapshot_files(*report.snapshot_files);
  if (report.tablet_files) req.__set_tablet_files(*report.tablet_files);
  if (report.downloaded_tablet_ids) req.__set_downloaded_tablet_ids(*report.downloaded_tablet_ids);
  if (report.copy_size) req.__set_copy_size(*report.copy_size);
  if (report.copy_time_ms) req.__set_copy_time_ms(*report.copy_time_ms);
  if (!report.finish_tablet_infos.empty()) {
    std::vector<wire::TTabletInfo> infos;
    for (const ReportedTablet& t : report.finish_tablet_infos) {
      wire::TTabletInfo i;
      i.tablet_id = t.tablet_id;
      i.schema_hash = t.schema_hash;
      i.version = t.version;
      i.version_hash = 0;
      i.row_count = t.rows;
      i.data_size = t.bytes;
      infos.push_back(std::move(i));
    }
    req.__set_finish_tablet_infos(std::move(infos));
  }
  return req;
}

}  // namespace feb::be
