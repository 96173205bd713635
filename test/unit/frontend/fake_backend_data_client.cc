#include "test/unit/frontend/fake_backend_data_client.h"

namespace feb::frontend::testing {

Status FakeBackendDataClient::CreateTablets(const fe_backup::BackendInfo& backend,
                                            const std::vector<TabletSpec>& tablets) {
  if (on_create_) on_create_(backend.id);
  std::lock_guard<std::mutex> lock(mu_);
  if (failing_.count(backend.id)) return Status::Unavailable("backend down");
  for (const auto& t : tablets) tablets_[{backend.id, t.tablet_id}] = Tablet{t.version, {}, t.in_restore_mode};
  return Status::OK();
}

Status FakeBackendDataClient::DropTablets(const fe_backup::BackendInfo& backend,
                                          const std::vector<TabletSpec>& tablets) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& t : tablets) tablets_.erase({backend.id, t.tablet_id});
  return Status::OK();
}

Status FakeBackendDataClient::WriteRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                        int64_t version, const std::vector<DataRow>& rows) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failing_.count(backend.id)) return Status::Unavailable("backend down");
  auto it = tablets_.find({backend.id, tablet.tablet_id});
  if (it == tablets_.end()) return Status::NotFound("no tablet " + std::to_string(tablet.tablet_id));
  if (version != it->second.version + 1) return Status::InvalidArgument("version gap");
  it->second.version = version;
  for (const auto& r : rows) it->second.rows.emplace_back(version, r);
  return Status::OK();
}

Result<std::vector<DataRow>> FakeBackendDataClient::ScanRows(const fe_backup::BackendInfo& backend,
                                                             const TabletSpec& tablet, int64_t version) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failing_.count(backend.id)) return Status::Unavailable("backend down");
  auto it = tablets_.find({backend.id, tablet.tablet_id});
  if (it == tablets_.end()) return Status::NotFound("no tablet " + std::to_string(tablet.tablet_id));
  std::vector<DataRow> out;
  for (const auto& [v, r] : it->second.rows) {
    if (v <= version) out.push_back(r);
  }
  return out;
}

Result<uint64_t> FakeBackendDataClient::Checksum(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                                 int64_t version) {
  ASSIGN_OR_RETURN(auto rows, ScanRows(backend, tablet, version));
  uint64_t sum = 0;
  for (const auto& r : rows) {
    uint64_t h = 1469598103934665603ULL;
    for (const auto& c : r) {
      for (unsigned char ch : c.value_or("\\N")) h = (h ^ ch) * 1099511628211ULL;
      h = (h ^ 0xff) * 1099511628211ULL;
    }
    sum += h;
  }
  return sum;
}

bool FakeBackendDataClient::CreatedForRestore(int64_t backend_id, int64_t tablet_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tablets_.find({backend_id, tablet_id});
  return it != tablets_.end() && it->second.in_restore_mode;
}

void FakeBackendDataClient::FailBackend(int64_t backend_id, bool fail) {
  std::lock_guard<std::mutex> lock(mu_);
  if (fail) {
    failing_.insert(backend_id);
  } else {
    failing_.erase(backend_id);
  }
}

size_t FakeBackendDataClient::TabletCount(int64_t backend_id) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [k, v] : tablets_) n += k.first == backend_id;
  return n;
}

}  // namespace feb::frontend::testing
