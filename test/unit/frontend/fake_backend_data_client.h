// FakeBackendDataClient: an in-memory BackendDataClient for frontend tests: tablets per
// backend with rows per version; scriptable failures per backend. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "frontend/backends/backend_data_client.h"

namespace feb::frontend::testing {

class FakeBackendDataClient : public BackendDataClient {
 public:
  Status CreateTablets(const fe_backup::BackendInfo& backend, const std::vector<TabletSpec>& tablets) override;
  Status DropTablets(const fe_backup::BackendInfo& backend, const std::vector<TabletSpec>& tablets) override;
  Status WriteRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet, int64_t version,
                   const std::vector<DataRow>& rows) override;
  Result<std::vector<DataRow>> ScanRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                        int64_t version) override;
  Result<uint64_t> Checksum(const fe_backup::BackendInfo& backend, const TabletSpec& tablet, int64_t version) override;

  void FailBackend(int64_t backend_id, bool fail);
  size_t TabletCount(int64_t backend_id);
  // Called (without the fake's lock) at the start of every CreateTablets, with the backend id.
  void OnCreate(std::function<void(int64_t)> hook) { on_create_ = std::move(hook); }
  // True if the tablet exists on the backend and its CREATE said in_restore_mode.
  bool CreatedForRestore(int64_t backend_id, int64_t tablet_id);

 private:
  struct Tablet {
    int64_t version = 1;
    std::vector<std::pair<int64_t, DataRow>> rows;  // (version, row)
    bool in_restore_mode = false;
  };
  std::mutex mu_;
  std::map<std::pair<int64_t, int64_t>, Tablet> tablets_;  // (backend, tablet)
  std::set<int64_t> failing_;
  std::function<void(int64_t)> on_create_;  // set before use, never while creating
};

}  // namespace feb::frontend::testing
