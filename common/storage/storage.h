// Storage: the repository storage interface (a directory tree addressed by URIs of one
// scheme). Backends upload snapshot files through it; the frontend side writes job-info and
// meta files through it. Implementations: LocalStorage (file://), S3Storage (s3://, s3a://).
// Chosen by StorageRegistry.
//
// Contract for every implementation:
// - URIs are absolute ("file:///repo/dir/file", "s3://bucket/dir/file"); a URI with a ".."
//   component is rejected with InvalidArgument and nothing is touched.
// - Storages with a rename (HasRename() true: file://): OpenWrite creates missing parent
//   directories and truncates; data is durable only after WritableFile::Sync() returned OK and
//   the parent directory was synced with SyncDir(). Rename atomically replaces the target:
//   readers see the old file or the new one.
// - Storages without one (HasRename() false: object stores): a file written by OpenWrite or
//   OpenWriteVerified appears, complete and durable, only when Close() returns OK; a writer
//   destroyed before that, or whose Append failed, leaves nothing (an S3 multipart upload is
//   aborted). Rename answers NotSupported, MakeDirs and SyncDir do nothing. Directories are
//   key prefixes: a directory exists while something below it does.
// - The publish step (file_publisher.h) picks by HasRename(): "<name>.part", fsync, rename,
//   directory fsync; or OpenWriteVerified straight to the final name. Either way a
//   "<name>.<md5>" entry is absent or holds exactly the bytes of that md5.
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
  // The open descriptor of a local file, for copies in the kernel (WritableFile::AppendFrom);
  // -1 when there is none.
  virtual int NativeFd() const { return -1; }
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  // Appends the bytes of `src` at [offset, offset + expected.size()) -- which the caller read
  // as `expected` -- by a copy in the kernel, when both sides allow it (two local files:
  // copy_file_range, which on some machines writes pages far faster than write() from user
  // memory), then checks that the bytes that landed equal `expected`: Corruption when they
  // differ (the source changed after it was read, or the copy went wrong), so whatever was
  // hashed from `expected` holds for what was written. Returns false, having appended nothing,
  // when not possible; the caller then uses Append(). Does not move `src`'s read position.
  virtual Result<bool> AppendFrom(ReadableFile& src, uint64_t offset, std::string_view expected) { return false; }
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

  // True when Rename() atomically publishes a staged file (see the contract above).
  virtual bool HasRename() const { return true; }
  // Opens `uri` for bytes whose md5 (32 lowercase hex) is known in advance: Close() creates
  // the file only when the bytes appended have that md5 (Corruption otherwise) and leaves
  // nothing otherwise. For storages without a rename; the default answers NotSupported.
  virtual Result<std::unique_ptr<WritableFile>> OpenWriteVerified(const std::string& uri,
                                                                  const std::string& expected_md5) {
    return Status::NotSupported("verified writes are not supported by " + std::string(Scheme()) + " storage: " + uri);
  }
};

}  // namespace feb::storage
