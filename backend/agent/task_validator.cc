#include "backend/agent/task_validator.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "common/storage/uri.h"

namespace feb::be {
namespace {

std::string Describe(const wire::TAgentTaskRequest& r) {
  auto it = wire::_TTaskType_VALUES_TO_NAMES.find(r.task_type);
  std::string type = it == wire::_TTaskType_VALUES_TO_NAMES.end() ? std::to_string(static_cast<int>(r.task_type))
                                                                  : it->second;
  return "task(signature=" + std::to_string(r.signature) + ", type=" + type + ")";
}

Status Bad(const wire::TAgentTaskRequest& r, const std::string& why) {
  return Status::InvalidArgument(Describe(r) + " " + why);
}

bool IsNumber(const std::string& s) {
  if (s.empty() || s.size() > 19) return false;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && v >= 0;
}

// "<root>/snapshot/<name>/<tablet>/<schema_hash>" (trailing '/' tolerated).
Result<std::string> CheckSnapshotTabletDir(const wire::TAgentTaskRequest& r, std::string path, const std::string& root,
                                           const char* what) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const std::string snap_root = root + "/snapshot";
  if (path.empty() || path[0] != '/' || storage::HasUnsafeComponent(path) || !storage::IsWithin(snap_root, path) ||
      path.size() <= snap_root.size() + 1) {
    return Bad(r, std::string(what) + " '" + path + "' is not inside " + snap_root);
  }
  std::string rest = path.substr(snap_root.size() + 1);  // <name>/<tablet>/<hash>
  size_t a = rest.find('/');
  size_t b = a == std::string::npos ? a : rest.find('/', a + 1);
  if (a == std::string::npos || b == std::string::npos || rest.find('/', b + 1) != std::string::npos ||
      !IsNumber(rest.substr(a + 1, b - a - 1)) || !IsNumber(rest.substr(b + 1))) {
    return Bad(r, std::string(what) + " '" + path + "' must look like " + snap_root + "/<snapshot>/<tablet_id>/<schema_hash>");
  }
  return path;
}

Result<std::string> CheckRemote(const wire::TAgentTaskRequest& r, std::string uri, const char* what) {
  while (uri.size() > 1 && uri.back() == '/') uri.pop_back();
  std::string scheme = storage::UriScheme(uri);
  if (scheme.empty()) return Bad(r, std::string(what) + " '" + uri + "' is not a URI (expected e.g. file:///path)");
  if (storage::HasUnsafeComponent(uri) || uri.size() <= scheme.size() + 3) {
    return Bad(r, std::string(what) + " '" + uri + "' has an empty, '.' or '..' path component");
  }
  return uri;
}

// A repository tablet directory ends in "__<tablet id>" (StarRocks reads the id after the
// last '_').
Status CheckRemoteTabletDir(const wire::TAgentTaskRequest& r, const std::string& uri) {
  size_t slash = uri.rfind('/');
  std::string last = slash == std::string::npos ? uri : uri.substr(slash + 1);
  size_t us = last.rfind('_');
  if (us == std::string::npos || !IsNumber(last.substr(us + 1))) {
    return Bad(r, "src '" + uri + "' is not a repository tablet directory (expected .../__<tablet_id>)");
  }
  return Status::OK();
}

Status CheckNotBroker(const wire::TAgentTaskRequest& r, bool use_broker_set, bool use_broker, const std::string& broker_host) {
  if ((use_broker_set && use_broker) || (!use_broker_set && !broker_host.empty())) {
    return Status::NotSupported(Describe(r) + " asks for a broker transfer; this backend reaches repositories directly "
                                              "(use_broker must be false)");
  }
  return Status::OK();
}

}  // namespace

Result<AgentTask> ValidateTask(const wire::TAgentTaskRequest& r, const std::string& storage_root) {
  AgentTask task;
  task.signature = r.signature;
  if (r.protocol_version != wire::TAgentServiceVersion::V1) return Bad(r, "has an unknown protocol version");
  auto missing = [&r] { return Bad(r, "has wrong request member"); };
  switch (r.task_type) {
    case wire::TTaskType::CREATE: {
      if (!r.__isset.create_tablet_req) return missing();
      const auto& c = r.create_tablet_req;
      if (c.tablet_id <= 0) return Bad(r, "has a non-positive tablet id " + std::to_string(c.tablet_id));
      task.type = TaskType::kCreate;
      CreateTabletTask create;
      create.meta.tablet_id = c.tablet_id;
      create.meta.schema_hash = c.tablet_schema.schema_hash;
      create.meta.table_id = c.__isset.table_id ? c.table_id : 0;
      create.meta.partition_id = c.__isset.partition_id ? c.partition_id : 0;
      auto kt = wire::_TKeysType_VALUES_TO_NAMES.find(c.tablet_schema.keys_type);
      if (kt == wire::_TKeysType_VALUES_TO_NAMES.end()) return Bad(r, "has an unknown keys type");
      create.meta.keys_type = kt->second;
      for (const auto& col : c.tablet_schema.columns) {
        auto ty = wire::_TPrimitiveType_VALUES_TO_NAMES.find(col.column_type.type);
        if (ty == wire::_TPrimitiveType_VALUES_TO_NAMES.end()) {
          return Bad(r, "column '" + col.column_name + "' has an unknown type");
        }
        create.meta.columns.push_back(ColumnDesc{col.column_name, ty->second, col.__isset.is_key && col.is_key,
                                                 !col.__isset.is_allow_null || col.is_allow_null});
      }
      int64_t version = c.__isset.version ? c.version : 1;
      if (version < 1) return Bad(r, "has a version below 1: " + std::to_string(version));
      create.meta.versions.push_back(VersionEntry{version, "", 0, 0});
      task.payload = std::move(create);
      return task;
    }
    case wire::TTaskType::DROP: {
      if (!r.__isset.drop_tablet_req) return missing();
      task.type = TaskType::kDrop;
      DropTabletTask drop;
      drop.tablet_id = r.drop_tablet_req.tablet_id;
      if (r.drop_tablet_req.__isset.schema_hash) drop.schema_hash = r.drop_tablet_req.schema_hash;
      task.payload = drop;
      return task;
    }
    case wire::TTaskType::MAKE_SNAPSHOT: {
      if (!r.__isset.snapshot_req) return missing();
      const auto& s = r.snapshot_req;
      if (s.tablet_id <= 0) return Bad(r, "has a non-positive tablet id " + std::to_string(s.tablet_id));
      task.type = TaskType::kMakeSnapshot;
      SnapshotTask snap;
      snap.tablet_id = s.tablet_id;
      snap.schema_hash = s.schema_hash;
      if (s.__isset.version) snap.version = s.version;
      snap.timeout_s = s.__isset.timeout ? std::max<int64_t>(0, s.timeout) : 0;
      snap.list_files = s.__isset.list_files && s.list_files;
      snap.snapshot_format = s.preferred_snapshot_format;  // Thrift default 4 when unset
      snap.is_restore_task = s.__isset.is_restore_task && s.is_restore_task;
      task.payload = snap;
      return task;
    }
    case wire::TTaskType::RELEASE_SNAPSHOT: {
      if (!r.__isset.release_snapshot_req) return missing();
      task.type = TaskType::kReleaseSnapshot;
      std::string path = r.release_snapshot_req.snapshot_path;
      while (path.size() > 1 && path.back() == '/') path.pop_back();
      const std::string snap_root = storage_root + "/snapshot";
      if (path.empty() || path[0] != '/' || storage::HasUnsafeComponent(path) || !storage::IsWithin(snap_root, path) ||
          path.size() <= snap_root.size() + 1 || path.find('/', snap_root.size() + 1) != std::string::npos) {
        return Bad(r, "snapshot path '" + path + "' is not a snapshot directory under " + snap_root);
      }
      task.payload = ReleaseSnapshotTask{path};
      return task;
    }
    case wire::TTaskType::UPLOAD: {
      if (!r.__isset.upload_req) return missing();
      const auto& u = r.upload_req;
      RETURN_IF_ERROR(CheckNotBroker(r, u.__isset.use_broker, u.use_broker, u.broker_addr.hostname));
      if (u.src_dest_map.empty()) return Bad(r, "has an empty src_dest_map");
      task.type = TaskType::kUpload;
      TransferTask t;
      t.job_id = u.job_id;
      if (u.__isset.broker_prop) t.properties = u.broker_prop;
      for (const auto& [src, dest] : u.src_dest_map) {
        ASSIGN_OR_RETURN(std::string s, CheckSnapshotTabletDir(r, src, storage_root, "src"));
        ASSIGN_OR_RETURN(std::string d, CheckRemote(r, dest, "dest"));
        t.src_dest.emplace_back(std::move(s), std::move(d));
      }
      std::sort(t.src_dest.begin(), t.src_dest.end());
      task.payload = std::move(t);
      return task;
    }
    case wire::TTaskType::DOWNLOAD: {
      if (!r.__isset.download_req) return missing();
      const auto& d = r.download_req;
      RETURN_IF_ERROR(CheckNotBroker(r, d.__isset.use_broker, d.use_broker, d.broker_addr.hostname));
      if (d.src_dest_map.empty()) return Bad(r, "has an empty src_dest_map");
      task.type = TaskType::kDownload;
      TransferTask t;
      t.job_id = d.job_id;
      if (d.__isset.broker_prop) t.properties = d.broker_prop;
      std::set<std::string> locals;
      for (const auto& [src, dest] : d.src_dest_map) {
        ASSIGN_OR_RETURN(std::string s, CheckRemote(r, src, "src"));
        RETURN_IF_ERROR(CheckRemoteTabletDir(r, s));
        ASSIGN_OR_RETURN(std::string l, CheckSnapshotTabletDir(r, dest, storage_root, "dest"));
        if (!locals.insert(l).second) return Bad(r, "has dest '" + l + "' more than once in src_dest_map");
        t.src_dest.emplace_back(std::move(s), std::move(l));
      }
      std::sort(t.src_dest.begin(), t.src_dest.end());
      task.payload = std::move(t);
      return task;
    }
    case wire::TTaskType::MOVE: {
      if (!r.__isset.move_dir_req) return missing();
      const auto& m = r.move_dir_req;
      if (m.tablet_id <= 0) return Bad(r, "has a non-positive tablet id " + std::to_string(m.tablet_id));
      task.type = TaskType::kMove;
      ASSIGN_OR_RETURN(std::string src, CheckSnapshotTabletDir(r, m.src, storage_root, "src"));
      task.payload = MoveTask{m.tablet_id, m.schema_hash, std::move(src), m.job_id, m.overwrite};
      return task;
    }
    default:
      return Status::NotSupported(Describe(r) + ": task type not supported by this backend");
  }
}

}  // namespace feb::be
