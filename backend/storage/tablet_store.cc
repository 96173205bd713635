#include "backend/storage/tablet_store.h"

#include <glog/logging.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>

#include "common/storage/crc32c.h"
#include "common/storage/file_publisher.h"
#include "common/storage/md5.h"

namespace feb::be {
namespace fs = std::filesystem;

Result<std::string> ReadLocalFile(const std::string& path) {
  storage::LocalStorage local;
  ASSIGN_OR_RETURN(auto f, local.OpenRead(path));
  std::string out;
  std::string buf(1 << 20, '\0');
  while (true) {
    ASSIGN_OR_RETURN(size_t n, f->Read(buf.data(), buf.size()));
    if (n == 0) break;
    out.append(buf.data(), n);
  }
  return out;
}

TabletStore::TabletStore(std::string root) : root_(std::move(root)) {}

std::string TabletStore::TabletDir(int64_t tablet_id, int32_t schema_hash) const {
  return root_ + "/data/" + std::to_string(tablet_id) + "/" + std::to_string(schema_hash);
}

Status TabletStore::Open() {
  RETURN_IF_ERROR(fs_.MakeDirs(root_ + "/data"));
  std::lock_guard<std::mutex> lock(mu_);
  tablets_.clear();
  ASSIGN_OR_RETURN(auto tablet_dirs, fs_.List(root_ + "/data"));
  for (const auto& t : tablet_dirs) {
    if (!t.is_dir) continue;
    ASSIGN_OR_RETURN(auto hash_dirs, fs_.List(root_ + "/data/" + t.name));
    for (const auto& h : hash_dirs) {
      if (!h.is_dir) continue;
      std::string dir = root_ + "/data/" + t.name + "/" + h.name;
      ASSIGN_OR_RETURN(auto files, fs_.List(dir));
      for (const auto& f : files) {
        if (f.name.size() > 5 && f.name.substr(f.name.size() - 5) == ".part") RETURN_IF_ERROR(fs_.Delete(dir + "/" + f.name));
      }
      std::string hdr = dir + "/" + t.name + ".hdr";
      ASSIGN_OR_RETURN(bool exists, fs_.Exists(hdr));
      if (!exists) continue;  // a CREATE interrupted before its header: nothing was acknowledged
      ASSIGN_OR_RETURN(std::string text, ReadLocalFile(hdr));
      ASSIGN_OR_RETURN(TabletMeta meta, TabletMeta::FromJson(text, hdr));
      if (std::to_string(meta.tablet_id) != t.name || std::to_string(meta.schema_hash) != h.name) {
        return Status::Corruption("tablet header " + hdr + " names tablet " + std::to_string(meta.tablet_id) + "/" +
                                  std::to_string(meta.schema_hash));
      }
      RemoveUnreferenced(meta);
      tablets_[{meta.tablet_id, meta.schema_hash}] = std::move(meta);
    }
  }
  return Status::OK();
}

void TabletStore::RemoveUnreferenced(const TabletMeta& meta) {
  const std::string dir = TabletDir(meta.tablet_id, meta.schema_hash);
  std::set<std::string> keep = {HeaderName(meta.tablet_id)};
  for (const VersionEntry& e : meta.versions) {
    if (!e.file.empty()) keep.insert(e.file);
  }
  auto files = fs_.List(dir);
  if (!files.ok()) return;
  for (const auto& f : *files) {
    if (f.is_dir || keep.count(f.name) != 0) continue;
    Status s = fs_.Delete(dir + "/" + f.name);
    if (!s.ok()) LOG(WARNING) << "cannot remove unreferenced file of tablet " << meta.tablet_id << ": " << s;
  }
}

Status TabletStore::WriteHeader(const TabletMeta& meta) {
  std::string dir = TabletDir(meta.tablet_id, meta.schema_hash);
  return storage::WriteFileAtomically(fs_, dir + "/" + HeaderName(meta.tablet_id), meta.ToJson());
}

Result<TabletMeta> TabletStore::FindLocked(int64_t tablet_id, int32_t schema_hash) const {
  auto it = tablets_.find({tablet_id, schema_hash});
  if (it == tablets_.end()) {
    return Status::NotFound("tablet " + std::to_string(tablet_id) + " with schema hash " + std::to_string(schema_hash) +
                            " does not exist");
  }
  return it->second;
}

Status TabletStore::CreateTablet(TabletMeta meta) {
  if (meta.tablet_id <= 0) return Status::InvalidArgument("tablet id must be positive, got " + std::to_string(meta.tablet_id));
  if (meta.versions.empty()) meta.versions.push_back(VersionEntry{1, "", 0, 0});
  std::lock_guard<std::mutex> lock(mu_);
  if (tablets_.count({meta.tablet_id, meta.schema_hash}) != 0) return Status::OK();
  for (const auto& [key, m] : tablets_) {
    if (key.first == meta.tablet_id) {
      return Status::AlreadyExists("tablet " + std::to_string(meta.tablet_id) + " already exists with schema hash " +
                                   std::to_string(key.second) + ", requested " + std::to_string(meta.schema_hash));
    }
  }
  RETURN_IF_ERROR(fs_.MakeDirs(TabletDir(meta.tablet_id, meta.schema_hash)));
  RETURN_IF_ERROR(WriteHeader(meta));
  RETURN_IF_ERROR(fs_.SyncDir(root_ + "/data/" + std::to_string(meta.tablet_id)));
  tablets_[{meta.tablet_id, meta.schema_hash}] = std::move(meta);
  return Status::OK();
}

Status TabletStore::DropTablet(int64_t tablet_id, std::optional<int32_t> schema_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = tablets_.begin(); it != tablets_.end();) {
    if (it->first.first != tablet_id || (schema_hash && it->first.second != *schema_hash)) {
      ++it;
      continue;
    }
    std::error_code ec;
    std::string dir = TabletDir(it->first.first, it->first.second);
    // the header goes first: a crash midway leaves no half tablet behind at the next Open()
    RETURN_IF_ERROR(fs_.Delete(dir + "/" + HeaderName(tablet_id)));
    fs::remove_all(dir, ec);
    if (ec) return Status::IoError("cannot remove " + dir + ": " + ec.message());
    it = tablets_.erase(it);
  }
  std::error_code ec;
  fs::remove(root_ + "/data/" + std::to_string(tablet_id), ec);  // only if now empty
  return Status::OK();
}

Status TabletStore::WriteRows(int64_t tablet_id, int32_t schema_hash, int64_t version, const std::vector<Row>& rows) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(TabletMeta meta, FindLocked(tablet_id, schema_hash));
  for (const Row& r : rows) {
    if (!meta.columns.empty() && r.size() != meta.columns.size()) {
      return Status::InvalidArgument("row has " + std::to_string(r.size()) + " cells, tablet " + std::to_string(tablet_id) +
                                     " has " + std::to_string(meta.columns.size()) + " columns");
    }
  }
  if (version <= meta.MaxVersion()) {
    return Status::AlreadyExists("version " + std::to_string(version) + " of tablet " + std::to_string(tablet_id) +
                                 " already exists (current version " + std::to_string(meta.MaxVersion()) + ")");
  }
  if (version != meta.MaxVersion() + 1) {
    return Status::InvalidArgument("tablet " + std::to_string(tablet_id) + " is at version " +
                                   std::to_string(meta.MaxVersion()) + ", cannot write version " + std::to_string(version));
  }
  std::string dir = TabletDir(tablet_id, schema_hash);
  std::string file = RowsetName(tablet_id, version);
  std::string data = EncodeRowset(rows);
  RETURN_IF_ERROR(storage::WriteFileAtomically(fs_, dir + "/" + file, data));
  // the checksums of the bytes just written, so that a BACKUP need not hash them again
  meta.versions.push_back(VersionEntry{version, file, static_cast<int64_t>(rows.size()),
                                       static_cast<int64_t>(data.size()), storage::Md5::Of(data),
                                       storage::Crc32c(data)});
  RETURN_IF_ERROR(WriteHeader(meta));
  tablets_[{tablet_id, schema_hash}] = std::move(meta);
  return Status::OK();
}

Result<TabletMeta> TabletStore::Get(int64_t tablet_id, int32_t schema_hash) const {
  std::lock_guard<std::mutex> lock(mu_);
  return FindLocked(tablet_id, schema_hash);
}

Result<TabletMeta> TabletStore::GetById(int64_t tablet_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tablets_.lower_bound({tablet_id, std::numeric_limits<int32_t>::min()});
  if (it == tablets_.end() || it->first.first != tablet_id) {
    return Status::NotFound("tablet " + std::to_string(tablet_id) + " does not exist");
  }
  return it->second;
}

std::vector<TabletMeta> TabletStore::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<TabletMeta> out;
  for (const auto& [key, m] : tablets_) out.push_back(m);
  return out;
}

Result<std::vector<Row>> TabletStore::Scan(int64_t tablet_id, int32_t schema_hash, std::optional<int64_t> version,
                                           int64_t* used_version) const {
  ASSIGN_OR_RETURN(TabletMeta meta, Get(tablet_id, schema_hash));
  int64_t v = version.value_or(meta.MaxVersion());
  if (v > meta.MaxVersion() || v < 1) {
    return Status::NotFound("version " + std::to_string(v) + " of tablet " + std::to_string(tablet_id) +
                            " does not exist (current version " + std::to_string(meta.MaxVersion()) + ")");
  }
  std::vector<Row> rows;
  std::string dir = TabletDir(tablet_id, schema_hash);
  for (const VersionEntry& e : meta.versions) {
    if (e.version > v || e.file.empty()) continue;
    ASSIGN_OR_RETURN(std::string data, ReadLocalFile(dir + "/" + e.file));
    ASSIGN_OR_RETURN(auto part, DecodeRowset(data, dir + "/" + e.file));
    for (Row& r : part) rows.push_back(std::move(r));
  }
  if (used_version != nullptr) *used_version = v;
  return rows;
}

Result<TabletChecksum> TabletStore::Checksum(int64_t tablet_id, int32_t schema_hash, std::optional<int64_t> version) const {
  int64_t used = 0;
  ASSIGN_OR_RETURN(auto rows, Scan(tablet_id, schema_hash, version, &used));
  storage::Md5 md5;
  std::string buf;
  for (const Row& r : rows) {
    buf.clear();
    EncodeRow(r, &buf);
    md5.Update(buf);
  }
  TabletChecksum out;
  std::string raw = md5.RawDigest();
  out.md5 = md5.HexDigest();
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(raw[i]);
  out.checksum = static_cast<int64_t>(v);
  out.rows = static_cast<int64_t>(rows.size());
  out.version = used;
  return out;
}

namespace {

// "<tablet>_<version>_<rowset id>.dat" -> rowset id; 0 for any other name.
int64_t RowsetIdOf(const std::string& name) {
  constexpr std::string_view kExt = ".dat";
  if (name.size() <= kExt.size() || name.compare(name.size() - kExt.size(), kExt.size(), kExt) != 0) return 0;
  std::string stem = name.substr(0, name.size() - kExt.size());
  size_t first = stem.find('_');
  size_t last = stem.rfind('_');
  if (first == std::string::npos || first == last) return 0;
  std::string digits = stem.substr(last + 1);
  if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(digits);
}

}  // namespace

Status TabletStore::LoadFromDir(int64_t tablet_id, int32_t schema_hash, const std::string& src_dir, bool overwrite) {
  // 1. the snapshot header and its files, checked before anything is touched
  const std::string src_hdr = src_dir + "/" + HeaderName(tablet_id);
  ASSIGN_OR_RETURN(bool has_hdr, fs_.Exists(src_hdr));
  if (!has_hdr) return Status::NotFound("fail to find header or meta file: " + src_hdr);
  ASSIGN_OR_RETURN(std::string text, storage::ReadFileToString(fs_, src_hdr, 16u << 20));
  ASSIGN_OR_RETURN(TabletMeta src, TabletMeta::FromJson(text, src_hdr));
  if (src.versions.empty() || src.versions.front().version < 1) {
    return Status::Corruption("tablet header " + src_hdr + " has no versions starting at 1 or later");
  }
  ASSIGN_OR_RETURN(auto src_files, fs_.List(src_dir));
  std::map<std::string, uint64_t> src_sizes;
  for (const auto& f : src_files) {
    if (!f.is_dir) src_sizes[f.name] = f.size;
  }
  for (const VersionEntry& e : src.versions) {
    if (e.file.empty()) continue;
    auto it = src_sizes.find(e.file);
    if (it == src_sizes.end()) {
      return Status::Corruption("tablet header " + src_hdr + " names rowset file " + e.file + " of version " +
                                std::to_string(e.version) + ", which is not in " + src_dir);
    }
    if (e.bytes > 0 && it->second != static_cast<uint64_t>(e.bytes)) {
      return Status::Corruption("rowset file " + src_dir + "/" + e.file + " has " + std::to_string(it->second) +
                                " bytes, its header says " + std::to_string(e.bytes));
    }
  }

  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(TabletMeta meta, FindLocked(tablet_id, schema_hash));
  if (!overwrite && meta.MaxVersion() > 1) {
    return Status::AlreadyExists("tablet " + std::to_string(tablet_id) + " already has data (version " +
                                 std::to_string(meta.MaxVersion()) + ") and overwrite is false");
  }
  if (!meta.columns.empty() && !src.columns.empty() && meta.columns.size() != src.columns.size()) {
    return Status::InvalidArgument("snapshot header " + src_hdr + " has " + std::to_string(src.columns.size()) +
                                   " columns, tablet " + std::to_string(tablet_id) + " has " +
                                   std::to_string(meta.columns.size()));
  }
  const std::string dir = TabletDir(tablet_id, schema_hash);
  ASSIGN_OR_RETURN(bool has_dir, fs_.Exists(dir));
  if (!has_dir) return Status::NotFound("tablet path does not exist: " + dir);

  // 2. link the rowsets in under names no existing file has
  ASSIGN_OR_RETURN(auto present, fs_.List(dir));
  int64_t rowset_id = 1;
  for (const auto& f : present) rowset_id = std::max(rowset_id, RowsetIdOf(f.name) + 1);
  std::vector<std::string> linked;
  auto undo = [&](Status s) {
    for (const std::string& f : linked) (void)fs_.Delete(dir + "/" + f);
    return s;
  };
  std::vector<VersionEntry> versions;
  for (const VersionEntry& e : src.versions) {
    VersionEntry n = e;
    // checksums are trusted only when this backend computed them over bytes it wrote
    n.md5.clear();
    n.crc32c = 0;
    if (!e.file.empty()) {
      n.file = RowsetName(tablet_id, e.version, rowset_id);
      const std::string from = src_dir + "/" + e.file;
      const std::string to = dir + "/" + n.file;
      if (::link(from.c_str(), to.c_str()) != 0) {
        int err = errno;
        if (err != EXDEV && err != EPERM) {
          return undo(Status::IoError("move tablet failed: link " + from + " -> " + to + ": " + std::strerror(err)));
        }
        // no hard links here (another filesystem): a durable copy under the fresh name
        auto data = ReadLocalFile(from);
        Status s = data.ok() ? storage::WriteFileAtomically(fs_, to, *data) : data.status();
        if (!s.ok()) return undo(s.WithContext("move tablet failed"));
      }
      linked.push_back(n.file);
    }
    versions.push_back(std::move(n));
  }
  Status synced = fs_.SyncDir(dir);
  if (!synced.ok()) return undo(synced);

  // 3. the commit point
  TabletMeta next = meta;
  next.versions = std::move(versions);
  if (next.columns.empty()) next.columns = src.columns;
  Status written = WriteHeader(next);
  if (!written.ok()) {
    // the rename may have happened (only the directory fsync failed): believe the disk
    auto on_disk = ReadLocalFile(dir + "/" + HeaderName(tablet_id));
    auto parsed = on_disk.ok() ? TabletMeta::FromJson(*on_disk, dir) : Result<TabletMeta>(on_disk.status());
    if (parsed.ok() && parsed->ToJson() == next.ToJson()) {
      tablets_[{tablet_id, schema_hash}] = next;
      return written;
    }
    return undo(written);
  }
  tablets_[{tablet_id, schema_hash}] = next;
  // 4. the old rowsets (and any other garbage) go only now
  RemoveUnreferenced(next);
  return Status::OK();
}

}  // namespace feb::be
