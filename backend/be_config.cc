#include "backend/be_config.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

#include "common/storage/uri.h"

namespace feb::be {
namespace {

struct Key {
  const char* name;
  const char* doc;
  std::function<Status(BeConfig&, const std::string&)> set;
  std::function<std::string(const BeConfig&)> get;
};

template <typename T>
Status ParseInt(const std::string& key, const std::string& v, T* out, T min, T max) {
  T x{};
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size() || x < min || x > max) {
    return Status::InvalidArgument("config " + key + ": expected an integer in [" + std::to_string(min) + ", " +
                                   std::to_string(max) + "], got '" + v + "'");
  }
  *out = x;
  return Status::OK();
}

#define FEB_INT_KEY(field, min, max, doc)                                                                    \
  Key {                                                                                                      \
    #field, doc,                                                                                             \
        [](BeConfig& c, const std::string& v) { return ParseInt<decltype(c.field)>(#field, v, &c.field, min, max); }, \
        [](const BeConfig& c) { return std::to_string(c.field); }                                           \
  }
#define FEB_STR_KEY(field, doc)                                                          \
  Key {                                                                                  \
    #field, doc, [](BeConfig& c, const std::string& v) { c.field = v; return Status::OK(); }, \
        [](const BeConfig& c) { return c.field; }                                        \
  }

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = {
      FEB_INT_KEY(be_port, 0, 65535, "BackendService (agent tasks) Thrift port"),
      FEB_INT_KEY(heartbeat_service_port, 0, 65535, "HeartbeatService Thrift port (ALTER SYSTEM ADD BACKEND \"host:port\")"),
      FEB_INT_KEY(brpc_port, 0, 65535, "reference-only ReferenceDataService Thrift port (row writes and scans)"),
      FEB_INT_KEY(webserver_port, 0, 65535, "http port reported to the frontend (no web server runs on it)"),
      FEB_STR_KEY(storage_root_path, "absolute directory holding data/, snapshot/ and backend_id (required)"),
      FEB_STR_KEY(log_dir, "directory for glog files; empty = log to stderr"),
      FEB_STR_KEY(host, "address reported to the frontend until a heartbeat names one"),
      FEB_STR_KEY(bind_host, "address the Thrift servers listen on"),
      FEB_INT_KEY(create_tablet_worker_count, 1, 256, "CREATE worker threads"),
      FEB_INT_KEY(drop_tablet_worker_count, 1, 256, "DROP worker threads"),
      FEB_INT_KEY(make_snapshot_worker_count, 1, 256, "MAKE_SNAPSHOT worker threads"),
      FEB_INT_KEY(release_snapshot_worker_count, 1, 256, "RELEASE_SNAPSHOT worker threads"),
      FEB_INT_KEY(upload_worker_count, 1, 256, "UPLOAD worker threads"),
      FEB_INT_KEY(download_worker_count, 1, 256, "DOWNLOAD worker threads"),
      FEB_INT_KEY(move_worker_count, 1, 256, "MOVE worker threads"),
      FEB_INT_KEY(task_queue_capacity, int64_t{1}, int64_t{10000000}, "queued tasks per task type before TOO_MANY_TASKS"),
      FEB_INT_KEY(report_task_interval_seconds, 1, 86400, "seconds between FrontendService.report calls"),
      FEB_INT_KEY(snapshot_expire_time_sec, int64_t{1}, int64_t{31536000}, "snapshot expiry when a task gives no timeout"),
      FEB_INT_KEY(snapshot_sweep_interval_seconds, 1, 86400, "seconds between sweeps of expired snapshots"),
      FEB_INT_KEY(finish_task_attempts, 1, 100, "finishTask attempts while the frontend is unreachable"),
      FEB_INT_KEY(thrift_connect_timeout_ms, 1, 600000, "connect timeout of calls to the frontend"),
      FEB_INT_KEY(thrift_rpc_timeout_ms, 1, 3600000, "send/receive timeout of calls to the frontend"),
      FEB_INT_KEY(max_connections, 1, 100000, "concurrent connections per Thrift server"),
      FEB_INT_KEY(copy_chunk_kb, 4, 1048576, "chunk size of upload/download copies"),
      FEB_INT_KEY(transfer_report_interval_ms, int64_t{0}, int64_t{3600000},
                  "least milliseconds between two snapshotLoaderReport calls of a running upload/download"),
  };
  return keys;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

}  // namespace

Status BeConfig::Set(const std::string& key, const std::string& value) {
  for (const Key& k : Keys()) {
    if (key == k.name) return k.set(*this, value);
  }
  return Status::InvalidArgument("unknown config key '" + key + "' (see be --help)");
}

Status BeConfig::ApplyText(const std::string& text, const std::string& what) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t eq = t.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument(what + ":" + std::to_string(n) + ": expected key = value, got '" + t + "'");
    }
    Status s = Set(Trim(t.substr(0, eq)), Trim(t.substr(eq + 1)));
    if (!s.ok()) return s.WithContext(what + ":" + std::to_string(n));
  }
  return Status::OK();
}

Status BeConfig::Validate() const {
  if (storage_root_path.empty()) return Status::InvalidArgument("config storage_root_path is required");
  if (storage_root_path[0] != '/' || storage::HasUnsafeComponent(storage_root_path)) {
    return Status::InvalidArgument("config storage_root_path must be an absolute path without '.' or '..', got '" +
                                   storage_root_path + "'");
  }
  return Status::OK();
}

Result<BeConfig> BeConfig::FromArgs(int argc, const char* const* argv, bool* help) {
  *help = false;
  std::string conf;
  std::vector<std::pair<std::string, std::string>> flags;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      *help = true;
      continue;
    }
    if (a.rfind("--", 0) != 0 || a.find('=') == std::string::npos) {
      return Status::InvalidArgument("unexpected argument '" + a + "' (expected --key=value)");
    }
    std::string key = a.substr(2, a.find('=') - 2);
    std::string value = a.substr(a.find('=') + 1);
    if (key == "conf") {
      conf = value;
    } else {
      flags.emplace_back(key, value);
    }
  }
  BeConfig c;
  if (*help) return c;
  if (!conf.empty()) {
    std::ifstream f(conf);
    if (!f) return Status::NotFound("cannot read config file '" + conf + "'");
    std::stringstream ss;
    ss << f.rdbuf();
    RETURN_IF_ERROR(c.ApplyText(ss.str(), conf));
  }
  for (const auto& [k, v] : flags) RETURN_IF_ERROR(c.Set(k, v).WithContext("flag --" + k));
  while (c.storage_root_path.size() > 1 && c.storage_root_path.back() == '/') c.storage_root_path.pop_back();
  RETURN_IF_ERROR(c.Validate());
  return c;
}

std::string BeConfig::Usage() {
  std::string out =
      "usage: be --conf=FILE [--key=value ...]\n"
      "Reference backend: tablets, snapshots, upload/download to repositories, StarRocks-compatible\n"
      "BackendService/HeartbeatService. Any config key may be given as a flag; the flag wins.\n"
      "SIGTERM/SIGINT stop it cleanly.\n\nkeys (default):\n";
  BeConfig defaults;
  for (const Key& k : Keys()) {
    out += "  " + std::string(k.name) + " (" + k.get(defaults) + ")\n      " + k.doc + "\n";
  }
  return out;
}

}  // namespace feb::be
