// TabletStore: the reference backend's tablets under <root>/data/<tablet_id>/<schema_hash>/.
// Each write adds one version: a new rowset file "<tablet_id>_<version>.dat" (rowset_codec.h)
// and then the header "<tablet_id>.hdr" (TabletMeta JSON) replaced atomically (".part",
// fsync, rename, directory fsync). The header is the only commit point: a file it does not
// name is garbage, and a file it names is never written again. Versions are never
// rewritten; a restart reloads every header. Thread-safe: metadata changes are serialized
// by one mutex; reads copy the header.
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

  // Creates <root>/data and loads every tablet header found there. Files in a tablet
  // directory that its header does not name (".part" files and rowsets of an interrupted
  // write or MOVE) are removed.
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
  // The tablet with this id, whatever its schema hash (a tablet id has one schema hash).
  Result<TabletMeta> GetById(int64_t tablet_id) const;
  std::vector<TabletMeta> List() const;
  // MOVE of a restore: replaces the tablet's versions with those of the header
  // "<src_dir>/<tablet_id>.hdr" (a downloaded snapshot directory), keeping the tablet's
  // identity and, when it has them, its columns. Crash-safe and repeatable:
  //  1. the snapshot header is read and checked (versions, every rowset file present with
  //     the size the header names) before anything is touched;
  //  2. every rowset file is hard-linked in under a fresh name "<tablet>_<version>_<rid>.dat",
  //     rid = 1 + the largest rowset id of any file in the tablet directory, so no name the
  //     current header uses (nor any other existing file) is ever written;
  //  3. the tablet directory is fsynced, then the header is replaced atomically: the single
  //     commit point. A crash before it leaves the old tablet intact (the new links are
  //     garbage removed by the next Open()); after it, the new one;
  //  4. only then are the files the old header named removed.
  // The snapshot directory is left as it is. NotFound for an unknown tablet, Corruption for
  // a bad snapshot header, AlreadyExists when `overwrite` is false and the tablet has data.
  Status LoadFromDir(int64_t tablet_id, int32_t schema_hash, const std::string& src_dir, bool overwrite);

  const std::string& root() const { return root_; }
  std::string TabletDir(int64_t tablet_id, int32_t schema_hash) const;
  static std::string HeaderName(int64_t tablet_id) { return std::to_string(tablet_id) + ".hdr"; }
  static std::string RowsetName(int64_t tablet_id, int64_t version) {
    return std::to_string(tablet_id) + "_" + std::to_string(version) + ".dat";
  }
  // A rowset placed by MOVE: "<tablet_id>_<version>_<rowset_id>.dat" (rowset_id >= 1).
  static std::string RowsetName(int64_t tablet_id, int64_t version, int64_t rowset_id) {
    return std::to_string(tablet_id) + "_" + std::to_string(version) + "_" + std::to_string(rowset_id) + ".dat";
  }

 private:
  using Key = std::pair<int64_t, int32_t>;
  Status WriteHeader(const TabletMeta& meta);
  // Removes every file of the tablet directory that `meta` (its header) does not name.
  void RemoveUnreferenced(const TabletMeta& meta);
  Result<TabletMeta> FindLocked(int64_t tablet_id, int32_t schema_hash) const;

  const std::string root_;
  mutable storage::LocalStorage fs_;
  mutable std::mutex mu_;
  std::map<Key, TabletMeta> tablets_;  // guarded by mu_
};

// Reads a whole local file.
Result<std::string> ReadLocalFile(const std::string& path);

}  // namespace feb::be
