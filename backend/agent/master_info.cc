#include "backend/agent/master_info.h"

#include "backend/storage/tablet_store.h"
#include "common/storage/file_publisher.h"
#include "common/storage/local_storage.h"

namespace feb::be {

MasterInfo::MasterInfo(std::string storage_root, std::string default_host)
    : root_(std::move(storage_root)), host_(std::move(default_host)) {}

Status MasterInfo::Load() {
  storage::LocalStorage local;
  ASSIGN_OR_RETURN(bool exists, local.Exists(root_ + "/backend_id"));
  if (!exists) return Status::OK();
  ASSIGN_OR_RETURN(std::string text, ReadLocalFile(root_ + "/backend_id"));
  try {
    size_t used = 0;
    int64_t id = std::stoll(text, &used);
    std::lock_guard<std::mutex> lock(mu_);
    backend_id_ = id;
  } catch (const std::exception&) {
    return Status::Corruption("file " + root_ + "/backend_id does not hold a backend id");
  }
  return Status::OK();
}

Status MasterInfo::OnHeartbeat(const rpc::Address& master, const std::string& backend_host,
                               std::optional<int64_t> backend_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (backend_id.has_value()) {
    if (backend_id_.has_value() && *backend_id_ != *backend_id) {
      return Status::IllegalState("backend id mismatch: this backend is " + std::to_string(*backend_id_) +
                                  ", the heartbeat says " + std::to_string(*backend_id));
    }
    if (!backend_id_.has_value()) {
      storage::LocalStorage local;
      RETURN_IF_ERROR(storage::WriteFileAtomically(local, root_ + "/backend_id", std::to_string(*backend_id) + "\n"));
      backend_id_ = backend_id;
    }
  }
  master_ = master;
  if (!backend_host.empty()) host_ = backend_host;
  return Status::OK();
}

std::optional<rpc::Address> MasterInfo::master() const {
  std::lock_guard<std::mutex> lock(mu_);
  return master_;
}

std::string MasterInfo::backend_host() const {
  std::lock_guard<std::mutex> lock(mu_);
  return host_;
}

std::optional<int64_t> MasterInfo::backend_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return backend_id_;
}

}  // namespace feb::be
