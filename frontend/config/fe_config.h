// FeConfig: the frontend's settings, from an fe.conf file (`key = value` lines, `#` comments)
// and `--key=value` command-line flags (a flag wins over the file). Keys are StarRocks' names.
// Keys the frontend does not know are kept (the module reads its own through host.h Config)
// and logged once. Immutable after Load; safe to read from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status/result.h"

namespace feb::frontend {

// One known key: its default and what it means (printed by --help and in docs/frontend.md).
struct ConfigKey {
  const char* name;
  const char* default_value;
  const char* doc;
};

class FeConfig {
 public:
  // Every key the frontend itself reads, with its default.
  static const std::vector<ConfigKey>& KnownKeys();

  // Parses argv (`--conf=FILE`, `--key=value`, `--key value` is not accepted). `binary_dir`
  // is the folder of the fe executable (default of `plugins`). --help is reported through
  // help_requested().
  static Result<FeConfig> Load(int argc, const char* const* argv, const std::string& binary_dir);
  // Builds a config from explicit values over the defaults (tests).
  static FeConfig FromMap(const std::map<std::string, std::string>& values, const std::string& binary_dir = ".");

  bool help_requested() const { return help_; }
  static std::string HelpText();

  std::optional<std::string> Get(const std::string& key) const;
  std::string GetString(const std::string& key) const;  // "" when unset and no default
  int64_t GetInt(const std::string& key) const;          // 0 when unset or not a number
  const std::map<std::string, std::string>& values() const { return values_; }
  // Keys that were set but are not in KnownKeys().
  std::vector<std::string> UnknownKeys() const;

 private:
  static Status ParseFile(const std::string& path, std::map<std::string, std::string>* out);
  void ApplyDefaults(const std::string& binary_dir);

  std::map<std::string, std::string> values_;
  bool help_ = false;
};

}  // namespace feb::frontend
