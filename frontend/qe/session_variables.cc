#include "frontend/qe/session_variables.h"

namespace feb::frontend {

namespace {

const std::map<std::string, std::string>& DefaultVariables() {
  static const std::map<std::string, std::string> kVars = {
      {"auto_increment_increment", "1"},
      {"autocommit", "1"},
      {"character_set_client", "utf8"},
      {"character_set_connection", "utf8"},
      {"character_set_database", "utf8"},
      {"character_set_results", "utf8"},
      {"character_set_server", "utf8"},
      {"collation_connection", "utf8_general_ci"},
      {"collation_database", "utf8_general_ci"},
      {"collation_server", "utf8_general_ci"},
      {"init_connect", ""},
      {"interactive_timeout", "3600"},
      {"language", "/starrocks/share/english/"},
      {"license", "Apache License 2.0"},
      {"lower_case_table_names", "0"},
      {"max_allowed_packet", "67108864"},
      {"net_buffer_length", "16384"},
      {"net_write_timeout", "60"},
      {"performance_schema", "0"},
      {"query_cache_size", "1048576"},
      {"query_cache_type", "OFF"},
      {"query_timeout", "300"},
      {"sql_mode", "ONLY_FULL_GROUP_BY"},
      {"sql_select_limit", "18446744073709551615"},
      {"system_time_zone", "UTC"},
      {"time_zone", "UTC"},
      {"transaction_isolation", "REPEATABLE-READ"},
      {"transaction_read_only", "0"},
      {"tx_isolation", "REPEATABLE-READ"},
      {"tx_read_only", "0"},
      {"version", "5.1.0"},
      {"version_comment", "fe-backup reference frontend (StarRocks-compatible)"},
      {"wait_timeout", "28800"},
  };
  return kVars;
}

}  // namespace

std::optional<std::string> SessionVariables::Get(const Session& s, const FeConfig* config, const std::string& name) {
  auto it = s.variables.find(name);
  if (it != s.variables.end()) return it->second;
  if (name == "max_allowed_packet" && config) return config->GetString("max_allowed_packet");
  if (name == "wait_timeout" && config) return config->GetString("wait_timeout");
  auto d = DefaultVariables().find(name);
  if (d != DefaultVariables().end()) return d->second;
  return std::nullopt;
}

std::map<std::string, std::string> SessionVariables::All(const Session& s, const FeConfig* config) {
  std::map<std::string, std::string> all = DefaultVariables();
  if (config) {
    all["max_allowed_packet"] = config->GetString("max_allowed_packet");
    all["wait_timeout"] = config->GetString("wait_timeout");
  }
  for (const auto& [k, v] : s.variables) all[k] = v;
  return all;
}

}  // namespace feb::frontend
