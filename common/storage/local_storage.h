// LocalStorage: Storage over the local filesystem for "file://" URIs
// ("file:///abs/path"; a plain absolute path "/abs/path" is accepted too).
// Writes use write(2) in the caller's chunks and start asynchronous writeback every 8 MiB
// (sync_file_range), so Sync() (fsync(2)) has little left to wait for; SyncDir() fsyncs the
// directory. Thread-safe (stateless).
#pragma once

#include "common/storage/storage.h"

namespace feb::storage {

class LocalStorage : public Storage {
 public:
  std::string_view Scheme() const override { return "file"; }
  Result<bool> Exists(const std::string& uri) override;
  Result<std::vector<FileInfo>> List(const std::string& dir_uri) override;
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& uri) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& uri) override;
  Status Rename(const std::string& from_uri, const std::string& to_uri) override;
  Status Delete(const std::string& uri) override;
  Status MakeDirs(const std::string& dir_uri) override;
  Status SyncDir(const std::string& dir_uri) override;

  // "file:///a/b" -> "/a/b"; rejects other schemes, relative paths and ".." components.
  static Result<std::string> ToPath(const std::string& uri);
};

}  // namespace feb::storage
