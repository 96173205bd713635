// Storage: the repository storage interface (a directory tree addressed by URIs of one
// scheme). Backends upload snapshot files through it; the frontend side writes job-info and
// meta files through it. Implementations: LocalStorage (file://). Chosen by StorageRegistry.
//
// Contract for every implementation:
// - URIs are absolute ("file:///repo/dir/file"); a URI with a ".." component is rejected
//   with InvalidArgument and nothing is touched.
// - OpenWrite creates missing parent directories and truncates; data is durable only after
//   WritableFile::Sync() returned OK and the parent directory was synced with SyncDir().
// - Rename atomically replaces the target: readers see the old file or the new one.
// - Delete of a missing file is OK (idempotent).
// Thread-safety: a Storage may be used from several threads at once; a ReadableFile /
// WritableFile belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"
#include "common/status/status.h"

namespace feb::storage {

struct FileInfo {
  std::string name;  // last path component
  bool is_dir = false;
  uint64_t size = 0;  // bytes; 0 for directories
};

class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Reads up to `n` bytes into `buf`; 0 means end of file.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  // Appends `len` bytes of `src` starting at `offset` without passing them through user
  // memory, when both sides allow it (e.g. two local files: copy_file_range). Returns false,
  // having appended nothing, when not possible; the caller then uses Append(). Does not move
  // `src`'s read position.
  virtual Result<bool> AppendFrom(ReadableFile& src, uint64_t offset, size_t len) { return false; }
  // Makes everything appended so far durable (fsync).
  virtual Status Sync() = 0;
  // Closes the file; further calls are errors. Closing without Sync() is allowed.
  virtual Status Close() = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;
  // "file", "s3", ...
  virtual std::string_view Scheme() const = 0;
  virtual Result<bool> Exists(const std::string& uri) = 0;
  // Entries of a directory, sorted by name. NotFound if the directory does not exist.
  virtual Result<std::vector<FileInfo>> List(const std::string& dir_uri) = 0;
  virtual Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& uri) = 0;
  virtual Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& uri) = 0;
  virtual Status Rename(const std::string& from_uri, const std::string& to_uri) = 0;
  virtual Status Delete(const std::string& uri) = 0;
  virtual Status MakeDirs(const std::string& dir_uri) = 0;
  // Makes the directory's entries (creations, renames) durable.
  virtual Status SyncDir(const std::string& dir_uri) = 0;
};

}  // namespace feb::storage
