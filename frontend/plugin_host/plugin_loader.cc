#include "frontend/plugin_host/plugin_loader.h"

#include <dlfcn.h>

#include <filesystem>
#include <sstream>

namespace feb::frontend {

LoadedPlugin::~LoadedPlugin() {
  if (plugin_ && destroy_) destroy_(plugin_);
  if (handle_) dlclose(handle_);
}

std::unique_ptr<LoadedPlugin> PluginLoader::Load(const std::string& path, fe_backup::Host* host, std::string* error) {
  if (!std::filesystem::exists(path)) {
    *error = "plugin " + path + " not found; skipped";
    return nullptr;
  }
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* e = dlerror();
    *error = "plugin " + path + " cannot be loaded: " + (e ? e : "unknown dlopen error");
    return nullptr;
  }
  using AbiFn = uint32_t (*)();
  using CreateFn = fe_backup::Plugin* (*)(fe_backup::Host*);
  auto abi = reinterpret_cast<AbiFn>(dlsym(handle, "fe_backup_abi_version"));
  auto create = reinterpret_cast<CreateFn>(dlsym(handle, "fe_backup_create_plugin"));
  auto destroy = reinterpret_cast<LoadedPlugin::DestroyFn>(dlsym(handle, "fe_backup_destroy_plugin"));
  if (!abi || !create || !destroy) {
    *error = "plugin " + path +
             " refused: it does not export fe_backup_abi_version, fe_backup_create_plugin and "
             "fe_backup_destroy_plugin";
    dlclose(handle);
    return nullptr;
  }
  uint32_t version = abi();
  if (version != fe_backup::kHostAbiVersion) {
    *error = "plugin " + path + " refused: built for host ABI version " + std::to_string(version) +
             ", this frontend has version " + std::to_string(fe_backup::kHostAbiVersion);
    dlclose(handle);
    return nullptr;
  }
  fe_backup::Plugin* plugin = create(host);
  if (!plugin) {
    *error = "plugin " + path + " refused: fe_backup_create_plugin returned null (see the plugin's log)";
    dlclose(handle);
    return nullptr;
  }
  return std::make_unique<LoadedPlugin>(path, handle, plugin, destroy);
}

std::vector<std::unique_ptr<LoadedPlugin>> PluginLoader::LoadAll(const std::string& paths, fe_backup::Host* host,
                                                                 std::vector<std::string>* errors) {
  std::vector<std::unique_ptr<LoadedPlugin>> out;
  std::stringstream ss(paths);
  std::string path;
  while (std::getline(ss, path, ',')) {
    size_t b = path.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    path = path.substr(b, path.find_last_not_of(" \t") - b + 1);
    std::string error;
    auto p = Load(path, host, &error);
    if (p) {
      out.push_back(std::move(p));
    } else {
      errors->push_back(error);
    }
  }
  return out;
}

}  // namespace feb::frontend
