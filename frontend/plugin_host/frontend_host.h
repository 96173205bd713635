// FrontendHost: the fe_backup::Host the frontend hands to modules: its catalog (and locks), the
// catalog writes of RESTORE (RestoreStager), access control, backends, config, and a Journal that appends module records (ops
// 10000..19999) to the frontend's SQLite journal. Thread-safe.
#pragma once

#include <atomic>
#include <string>

#include "fe_backup/host.h"
#include "frontend/auth/auth_manager.h"
#include "frontend/backends/backend_registry.h"
#include "frontend/catalog/fe_catalog.h"
#include "frontend/config/fe_config.h"
#include "frontend/journal/meta_log.h"

namespace feb::frontend {

class FrontendHost : public fe_backup::Host, public fe_backup::Journal, public fe_backup::Config {
 public:
  FrontendHost(FeCatalog* catalog, fe_backup::CatalogWriter* writer, AuthManager* auth, BackendRegistry* backends,
               MetaLog* meta, const FeConfig* config, std::string frontend_host, int32_t rpc_port)
      : catalog_(catalog),
        writer_(writer),
        auth_(auth),
        backends_(backends),
        meta_(meta),
        config_(config),
        frontend_host_(std::move(frontend_host)),
        rpc_port_(rpc_port) {}

  fe_backup::Catalog& catalog() override { return *catalog_; }
  fe_backup::CatalogWriter& catalog_writer() override { return *writer_; }
  fe_backup::LockManager& locks() override { return *catalog_; }
  fe_backup::AccessControl& access() override { return *auth_; }
  fe_backup::Journal& journal() override { return *this; }
  fe_backup::Backends& backends() override { return *backends_; }
  fe_backup::Config& config() override { return *this; }
  std::string frontend_host() override { return frontend_host_; }
  int32_t frontend_rpc_port() override { return rpc_port_.load(); }
  // The port actually bound when the config said 0.
  void set_rpc_port(int32_t port) { rpc_port_.store(port); }

  // ---- fe_backup::Journal ----
  fe_backup::HostStatus Append(uint16_t op, std::string_view payload) override;
  fe_backup::HostStatus Checkpoint(uint16_t op, std::string_view image) override;
  int64_t NextId() override;
  int64_t NextIds(int64_t count) override;

  // ---- fe_backup::Config ----
  std::optional<std::string> Get(std::string_view key) override;

 private:
  FeCatalog* catalog_;
  fe_backup::CatalogWriter* writer_;
  AuthManager* auth_;
  BackendRegistry* backends_;
  MetaLog* meta_;
  const FeConfig* config_;
  std::string frontend_host_;
  std::atomic<int32_t> rpc_port_;
};

}  // namespace feb::frontend
