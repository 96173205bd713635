#include "backend/storage/snapshot_manager.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <glog/logging.h>

#include "common/storage/file_publisher.h"
#include "common/storage/local_storage.h"
#include "common/storage/uri.h"

namespace feb::be {
namespace fs = std::filesystem;

namespace {

std::string FormatUtc(int64_t secs) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

// "<yyyyMMddHHmmss>.<seq>.<timeout>" -> expiry time in seconds; nullopt if not that shape.
std::optional<int64_t> ExpiryOf(const std::string& name) {
  size_t a = name.find('.');
  size_t b = name.rfind('.');
  if (a == std::string::npos || a == b || a != 14) return std::nullopt;
  std::tm tm{};
  if (strptime(name.substr(0, 14).c_str(), "%Y%m%d%H%M%S", &tm) == nullptr) return std::nullopt;
  try {
    int64_t timeout = std::stoll(name.substr(b + 1));
    return static_cast<int64_t>(timegm(&tm)) + timeout;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

SnapshotManager::SnapshotManager(TabletStore* store, std::function<int64_t()> now_s)
    : store_(store), now_s_(std::move(now_s)) {}

Status SnapshotManager::CheckInSnapshotRoot(const std::string& path) const {
  if (path.empty() || path[0] != '/' || storage::HasUnsafeComponent(path)) {
    return Status::InvalidArgument("snapshot path must be an absolute path without '.' or '..': '" + path + "'");
  }
  std::string root = SnapshotRoot();
  if (!storage::IsWithin(root, path) || path.size() <= root.size() + 1) {
    return Status::InvalidArgument("path '" + path + "' is not inside the snapshot directory " + root);
  }
  return Status::OK();
}

Result<SnapshotResult> SnapshotManager::MakeSnapshot(int64_t tablet_id, int32_t schema_hash,
                                                     std::optional<int64_t> version, int64_t timeout_s) {
  ASSIGN_OR_RETURN(TabletMeta meta, store_->Get(tablet_id, schema_hash));
  int64_t v = version.value_or(meta.MaxVersion());
  if (v > meta.MaxVersion() || v < 1 || meta.versions.empty() || meta.versions.front().version > v) {
    return Status::NotFound("version " + std::to_string(v) + " of tablet " + std::to_string(tablet_id) +
                            " does not exist (current version " + std::to_string(meta.MaxVersion()) + ")");
  }
  if (timeout_s <= 0) timeout_s = default_timeout_s;
  SnapshotResult result;
  result.snapshot_path = NewSnapshotName(timeout_s);
  std::string dir = result.snapshot_path + "/" + std::to_string(tablet_id) + "/" + std::to_string(schema_hash);
  storage::LocalStorage local;
  RETURN_IF_ERROR(local.MakeDirs(dir));
  auto cleanup = [&](Status s) {
    std::error_code ec;
    fs::remove_all(result.snapshot_path, ec);
    return s;
  };
  TabletMeta cut = meta.UpTo(v);
  std::string src_dir = store_->TabletDir(tablet_id, schema_hash);
  for (const VersionEntry& e : cut.versions) {
    if (e.file.empty()) continue;
    std::string from = src_dir + "/" + e.file;
    std::string to = dir + "/" + e.file;
    if (::link(from.c_str(), to.c_str()) != 0) {
      return cleanup(Status::IoError("hard link " + from + " -> " + to + ": " + std::strerror(errno)));
    }
    result.files.push_back(e.file);
  }
  Status s = storage::WriteFileAtomically(local, dir + "/" + TabletStore::HeaderName(tablet_id), cut.ToJson());
  if (!s.ok()) return cleanup(s);
  result.files.push_back(TabletStore::HeaderName(tablet_id));
  std::sort(result.files.begin(), result.files.end());
  return result;
}

Result<SnapshotResult> SnapshotManager::MakeRestoreSnapshot(int64_t tablet_id, int32_t schema_hash, int64_t timeout_s) {
  ASSIGN_OR_RETURN(TabletMeta meta, store_->Get(tablet_id, schema_hash));
  (void)meta;
  if (timeout_s <= 0) timeout_s = default_timeout_s;
  SnapshotResult result;
  result.snapshot_path = NewSnapshotName(timeout_s);
  std::string dir = result.snapshot_path + "/" + std::to_string(tablet_id) + "/" + std::to_string(schema_hash);
  storage::LocalStorage local;
  Status s = local.MakeDirs(dir);
  if (s.ok()) s = local.SyncDir(result.snapshot_path + "/" + std::to_string(tablet_id));
  if (s.ok()) s = local.SyncDir(result.snapshot_path);
  if (s.ok()) s = local.SyncDir(SnapshotRoot());
  if (!s.ok()) {
    std::error_code ec;
    fs::remove_all(result.snapshot_path, ec);
    return s;
  }
  return result;
}

std::string SnapshotManager::NewSnapshotName(int64_t timeout_s) {
  // The sequence restarts with the process: skip names an earlier run left in the same second.
  while (true) {
    std::string name = SnapshotRoot() + "/" + FormatUtc(now_s_()) + "." + std::to_string(seq_.fetch_add(1)) + "." +
                       std::to_string(timeout_s);
    std::error_code ec;
    if (!fs::exists(name, ec)) return name;
  }
}

Status SnapshotManager::Release(const std::string& snapshot_path) {
  std::string path = snapshot_path;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  RETURN_IF_ERROR(CheckInSnapshotRoot(path));
  if (path.find('/', SnapshotRoot().size() + 1) != std::string::npos) {
    return Status::InvalidArgument("'" + snapshot_path + "' is not a snapshot directory (expected " + SnapshotRoot() +
                                   "/<name>)");
  }
  std::error_code ec;
  fs::remove_all(path, ec);  // does not follow symlinks
  if (ec) return Status::IoError("release_snapshot failed. remove " + path + ": " + ec.message());
  return Status::OK();
}

int SnapshotManager::SweepExpired() {
  int removed = 0;
  std::error_code ec;
  int64_t now = now_s_();
  for (const auto& entry : fs::directory_iterator(SnapshotRoot(), ec)) {
    std::string name = entry.path().filename().string();
    auto expiry = ExpiryOf(name);
    if (!expiry || *expiry >= now) continue;
    std::error_code rm;
    fs::remove_all(entry.path(), rm);
    if (rm) {
      LOG(WARNING) << "cannot remove expired snapshot " << entry.path() << ": " << rm.message();
    } else {
      LOG(INFO) << "removed expired snapshot " << entry.path();
      ++removed;
    }
  }
  return removed;
}

}  // namespace feb::be
