#include "frontend/config/fe_config.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace feb::frontend {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

const std::vector<ConfigKey>& FeConfig::KnownKeys() {
  static const std::vector<ConfigKey> kKeys = {
      {"query_port", "9030", "MySQL protocol port"},
      {"rpc_port", "9020", "FrontendService (Thrift) port"},
      {"http_port", "8030", "HTTP port (reserved; not served yet)"},
      {"priority_networks", "", "unused; the frontend binds `frontend_address`"},
      {"frontend_address", "127.0.0.1", "address the servers bind and that backends are told to reach"},
      {"meta_dir", "./meta", "folder of the SQLite journal (created when missing)"},
      {"log_dir", "./log", "glog output folder (created when missing)"},
      {"plugins", "", "comma-separated .so paths; default <dir of fe>/../lib/libfe_backup.so"},
      {"qe_max_connection", "1024", "MySQL connections served at once; more get ERROR 1040"},
      {"wait_timeout", "28800", "seconds a connection may stay idle between commands"},
      {"connect_timeout", "10", "seconds a new connection has to finish the handshake"},
      {"max_allowed_packet", "67108864", "largest command a client may send, bytes"},
      {"heartbeat_interval_ms", "1000", "how often backends are sent heartbeats"},
      {"heartbeat_timeout_second", "5", "after this long without a good heartbeat a backend is not alive"},
      {"checkpoint_interval_records", "1000", "journal records between two catalog checkpoints"},
      {"lock_timeout_ms", "10000", "how long DDL waits for a database lock"},
      {"tablet_create_timeout_second", "30", "how long CREATE TABLE waits for backends to report created tablets"},
      {"default_replication_num", "3", "replicas per tablet when CREATE TABLE sets no replication_num"},
  };
  return kKeys;
}

std::string FeConfig::HelpText() {
  std::ostringstream os;
  os << "usage: fe --conf=FILE [--key=value ...]\n"
        "Every config key may also be given as a flag; the flag wins over the file.\n\nkeys:\n";
  for (const auto& k : KnownKeys()) {
    os << "  " << k.name << " (default \"" << k.default_value << "\"): " << k.doc << "\n";
  }
  return os.str();
}

Status FeConfig::ParseFile(const std::string& path, std::map<std::string, std::string>* out) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read config file " + path);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t eq = t.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument(path + ":" + std::to_string(line_no) + ": expected key = value, got: " + t);
    }
    std::string key = Trim(t.substr(0, eq));
    std::string value = Trim(t.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (key.empty()) return Status::InvalidArgument(path + ":" + std::to_string(line_no) + ": empty key");
    (*out)[key] = value;
  }
  return Status::OK();
}

void FeConfig::ApplyDefaults(const std::string& binary_dir) {
  for (const auto& k : KnownKeys()) values_.emplace(k.name, k.default_value);
  if (values_["plugins"].empty()) values_["plugins"] = binary_dir + "/../lib/libfe_backup.so";
}

Result<FeConfig> FeConfig::Load(int argc, const char* const* argv, const std::string& binary_dir) {
  FeConfig cfg;
  std::map<std::string, std::string> flags;
  std::string conf_file;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      cfg.help_ = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) return Status::InvalidArgument("unexpected argument '" + a + "' (flags are --key=value)");
    size_t eq = a.find('=');
    if (eq == std::string::npos) return Status::InvalidArgument("flag '" + a + "' has no value (use --key=value)");
    std::string key = a.substr(2, eq - 2);
    std::string value = a.substr(eq + 1);
    if (key.empty()) return Status::InvalidArgument("flag '" + a + "' has no key");
    if (key == "conf") {
      conf_file = value;
    } else {
      flags[key] = value;
    }
  }
  if (!conf_file.empty()) RETURN_IF_ERROR(ParseFile(conf_file, &cfg.values_));
  for (auto& [k, v] : flags) cfg.values_[k] = v;
  cfg.ApplyDefaults(binary_dir);
  return cfg;
}

FeConfig FeConfig::FromMap(const std::map<std::string, std::string>& values, const std::string& binary_dir) {
  FeConfig cfg;
  cfg.values_ = values;
  cfg.ApplyDefaults(binary_dir);
  return cfg;
}

std::optional<std::string> FeConfig::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string FeConfig::GetString(const std::string& key) const { return Get(key).value_or(""); }

int64_t FeConfig::GetInt(const std::string& key) const {
  auto v = Get(key);
  if (!v || v->empty()) return 0;
  char* end = nullptr;
  long long n = std::strtoll(v->c_str(), &end, 10);
  if (end == v->c_str() || *end != '\0') return 0;
  return n;
}

std::vector<std::string> FeConfig::UnknownKeys() const {
  std::set<std::string> known;
  for (const auto& k : KnownKeys()) known.insert(k.name);
  std::vector<std::string> out;
  for (const auto& [k, v] : values_) {
    if (!known.count(k)) out.push_back(k);
  }
  return out;
}

}  // namespace feb::frontend
