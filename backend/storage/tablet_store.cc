#include "backend/storage/tablet_store.h"

#include <unistd.h>

#include <filesystem>

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
      tablets_[{meta.tablet_id, meta.schema_hash}] = std::move(meta);
    }
  }
  return Status::OK();
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
  meta.versions.push_back(VersionEntry{version, file, static_cast<int64_t>(rows.size()), static_cast<int64_t>(data.size())});
  RETURN_IF_ERROR(WriteHeader(meta));
  tablets_[{tablet_id, schema_hash}] = std::move(meta);
  return Status::OK();
}

Result<TabletMeta> TabletStore::Get(int64_t tablet_id, int32_t schema_hash) const {
  std::lock_guard<std::mutex> lock(mu_);
  return FindLocked(tablet_id, schema_hash);
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

Status TabletStore::LoadFromDir(int64_t tablet_id, int32_t schema_hash, const std::string& src_dir, bool overwrite) {
  ASSIGN_OR_RETURN(auto files, fs_.List(src_dir));
  std::string hdr;
  for (const auto& f : files) {
    if (!f.is_dir && f.name.size() > 4 && f.name.substr(f.name.size() - 4) == ".hdr") {
      if (!hdr.empty()) return Status::InvalidArgument("more than one header file in " + src_dir);
      hdr = f.name;
    }
  }
  if (hdr.empty()) return Status::NotFound("no tablet header (*.hdr) in " + src_dir);
  ASSIGN_OR_RETURN(std::string text, ReadLocalFile(src_dir + "/" + hdr));
  ASSIGN_OR_RETURN(TabletMeta src, TabletMeta::FromJson(text, src_dir + "/" + hdr));

  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(TabletMeta meta, FindLocked(tablet_id, schema_hash));
  if (!overwrite && meta.MaxVersion() > 1) {
    return Status::AlreadyExists("tablet " + std::to_string(tablet_id) + " already has data (version " +
                                 std::to_string(meta.MaxVersion()) + ") and overwrite is false");
  }
  std::string dir = TabletDir(tablet_id, schema_hash);
  std::vector<VersionEntry> versions;
  for (const VersionEntry& e : src.versions) {
    VersionEntry n = e;
    if (!e.file.empty()) {
      n.file = RowsetName(tablet_id, e.version);
      std::string from = src_dir + "/" + e.file;
      std::string to = dir + "/" + n.file + ".part";
      (void)fs_.Delete(to);
      if (::link(from.c_str(), to.c_str()) != 0) {
        std::error_code ec;
        fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
        if (ec) return Status::IoError("cannot copy " + from + " to " + to + ": " + ec.message());
      }
      RETURN_IF_ERROR(fs_.Rename(to, dir + "/" + n.file));
    }
    versions.push_back(std::move(n));
  }
  RETURN_IF_ERROR(fs_.SyncDir(dir));
  std::vector<std::string> old_files;
  for (const VersionEntry& e : meta.versions) {
    bool kept = false;
    for (const VersionEntry& n : versions) kept = kept || n.file == e.file;
    if (!kept && !e.file.empty()) old_files.push_back(e.file);
  }
  meta.versions = std::move(versions);
  if (meta.columns.empty()) meta.columns = src.columns;
  RETURN_IF_ERROR(WriteHeader(meta));
  for (const std::string& f : old_files) (void)fs_.Delete(dir + "/" + f);
  tablets_[{tablet_id, schema_hash}] = std::move(meta);
  return Status::OK();
}

}  // namespace feb::be
