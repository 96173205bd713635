// PluginLoader: loads modules (.so) through host.h's three extern "C" entry points. A module
// that is missing, fails to dlopen, lacks an entry point, was built for another ABI version or
// whose factory returns null is skipped with one log line naming the file and the reason;
// the frontend keeps running without it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fe_backup/host.h"

namespace feb::frontend {

// One loaded module: owns the dlopen handle and the plugin object.
class LoadedPlugin {
 public:
  using DestroyFn = void (*)(fe_backup::Plugin*);
  LoadedPlugin(std::string path, void* handle, fe_backup::Plugin* plugin, DestroyFn destroy)
      : path_(std::move(path)), handle_(handle), plugin_(plugin), destroy_(destroy) {}
  ~LoadedPlugin();
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  fe_backup::Plugin* plugin() const { return plugin_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  void* handle_;
  fe_backup::Plugin* plugin_;
  DestroyFn destroy_;
};

class PluginLoader {
 public:
  // Loads one module; null with `*error` set when it cannot be used.
  static std::unique_ptr<LoadedPlugin> Load(const std::string& path, fe_backup::Host* host, std::string* error);
  // Loads every path of a comma-separated list; `errors` gets one line per skipped module.
  static std::vector<std::unique_ptr<LoadedPlugin>> LoadAll(const std::string& paths, fe_backup::Host* host,
                                                            std::vector<std::string>* errors);
};

}  // namespace feb::frontend
