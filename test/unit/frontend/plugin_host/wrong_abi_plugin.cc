// A module built for another host ABI version: the frontend must refuse it and keep running.
#include "fe_backup/host.h"

extern "C" {
uint32_t fe_backup_abi_version() { return fe_backup::kHostAbiVersion + 1; }
fe_backup::Plugin* fe_backup_create_plugin(fe_backup::Host*) { return nullptr; }
void fe_backup_destroy_plugin(fe_backup::Plugin*) {}
}
