// The extern "C" entry points of host.h: the only symbols libfe_backup.so exports.
#include <exception>
#include <new>

#include "fe_backup/host.h"
#include "plugin/src/backup_plugin.h"

#define FEB_EXPORT __attribute__((visibility("default")))

extern "C" {

FEB_EXPORT uint32_t fe_backup_abi_version() { return fe_backup::kHostAbiVersion; }

FEB_EXPORT fe_backup::Plugin* fe_backup_create_plugin(fe_backup::Host* host) {
  if (host == nullptr) return nullptr;
  try {
    return new feb::BackupPlugin(host);
  } catch (const std::exception&) {
    return nullptr;
  }
}

FEB_EXPORT void fe_backup_destroy_plugin(fe_backup::Plugin* plugin) { delete plugin; }

}  // extern "C"
