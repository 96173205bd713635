// TabletStore: the reference backend's tablets under <root>/data/<tablet_id>/<schema_hash>/.
// Each write adds one version: a new rowset file "<tablet_id>_<version>.dat" (rowset_codec.h)
// and then the header "<tablet_id>.hdr" (TabletMeta JSON) replaced atomically (".part",
// fsync, rename, directory fsync). Versions are never rewritten; a restart reloads every
// header. Thread-safe: metadata changes are serialized by one mutex; reads copy the header.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend/storage/rowset_codec.h"
#include "backend/storage/tablet_meta.h"
#include "common/status/result.h"
#include "common/storage/local_storage.h"

namespace feb::be {

struct TabletChecksum {
  std::string md5;       // hex MD5 over the row encodings of versions <= version, in order
  int64_t checksum = 0;  // first 8 bytes of the MD5, big-endian, as a signed integer
  int64_t rows = 0;
  int64_t version = 0;
};

class TabletStore {
 public:
  // `root` is storage_root_path (absolute).
  explicit TabletStore(std::string root);

  // Creates <root>/data and loads every tablet header found there (leftover ".part" files
  // from an interrupted write are removed).
  Status Open();

  // Creates a tablet whose only version is `meta.versions` (normally one empty version).
  // Creating an existing tablet with the same schema hash is OK (idempotent re-send).
  Status CreateTablet(TabletMeta meta);
  // Removes a tablet and its files (all schema hashes when `schema_hash` is unset).
  // Missing = OK. Snapshots keep their hard links.
  Status DropTablet(int64_t tablet_id, std::optional<int32_t> schema_hash);
  // Appends version `version` holding `rows`; `version` must be the current version + 1
  // (InvalidArgument otherwise, AlreadyExists if it is already there).
  Status WriteRows(int64_t tablet_id, int32_t schema_hash, int64_t version, const std::vector<Row>& rows);
  // Rows of versions <= `version` (current when nullopt), in version and write order.
  Result<std::vector<Row>> Scan(int64_t tablet_id, int32_t schema_hash, std::optional<int64_t> version,
                                int64_t* used_version = nullptr) const;
  Result<TabletChecksum> Checksum(int64_t tablet_id, int32_t schema_hash, std::optional<int64_t> version) const;
  Result<TabletMeta> Get(int64_t tablet_id, int32_t schema_hash) const;
  std::vector<TabletMeta> List() const;
  // Replaces the tablet's versions with the ones described by the header in `src_dir`
  // (a snapshot directory: one "*.hdr" and its rowset files), linking the files in.
  // Used by MOVE during a restore.
  Status LoadFromDir(int64_t tablet_id, int32_t schema_hash, const std::string& src_dir, bool overwrite);

  const std::string& root() const { return root_; }
  std::string TabletDir(int64_t tablet_id, int32_t schema_hash) const;
  static std::string HeaderName(int64_t tablet_id) { return std::to_string(tablet_id) + ".hdr"; }
  static std::string RowsetName(int64_t tablet_id, int64_t version) {
    return std::to_string(tablet_id) + "_" + std::to_string(version) + ".dat";
  }

 private:
  using Key = std::pair<int64_t, int32_t>;
  Status WriteHeader(const TabletMeta& meta);
  Result<TabletMeta> FindLocked(int64_t tablet_id, int32_t schema_hash) const;

  const std::string root_;
  mutable storage::LocalStorage fs_;
  mutable std::mutex mu_;
  std::map<Key, TabletMeta> tablets_;  // guarded by mu_
};

// Reads a whole local file.
Result<std::string> ReadLocalFile(const std::string& path);

}  // namespace feb::be
