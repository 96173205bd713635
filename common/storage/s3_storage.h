// S3Storage: Storage over an S3-compatible service for "s3://bucket/key" and "s3a://..." URIs
// (the bucket comes from each URI). Follows the contract of storage.h for storages without a
// rename: directories are key prefixes ending in '/', List pages through ListObjectsV2
// continuation tokens, OpenRead streams ranged GETs, OpenWrite / OpenWriteVerified create the
// object at Close() (S3WritableFile), Delete is idempotent, MakeDirs / SyncDir do nothing and
// Rename answers NotSupported. Errors are S3Client's (named object, endpoint, S3 code/message).
// Thread-safe: shares only the S3Client (stateless) and its connection pool.
#pragma once

#include <memory>

#include "common/storage/s3_client.h"
#include "common/storage/s3_writable_file.h"
#include "common/storage/storage.h"

namespace feb::storage {

struct S3StorageOptions {
  S3WriteOptions write;
  uint64_t read_window = 8u << 20;  // bytes per ranged GET
  int list_page_size = 0;           // max-keys per ListObjectsV2 page; 0 = the server's (1000)
};

class S3Storage : public Storage {
 public:
  S3Storage(std::shared_ptr<const S3Client> client, S3StorageOptions options = {});

  std::string_view Scheme() const override { return "s3"; }
  // True for an object, and for a "directory" (a prefix something lies below).
  Result<bool> Exists(const std::string& uri) override;
  // Objects and sub-prefixes directly below `dir_uri`, sorted; NotFound when there is none
  // (an empty prefix is a missing directory), and for a missing bucket (NoSuchBucket).
  Result<std::vector<FileInfo>> List(const std::string& dir_uri) override;
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& uri) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& uri) override;
  Result<std::unique_ptr<WritableFile>> OpenWriteVerified(const std::string& uri,
                                                          const std::string& expected_md5) override;
  Status Rename(const std::string& from_uri, const std::string& to_uri) override;
  Status Delete(const std::string& uri) override;
  Status MakeDirs(const std::string& dir_uri) override { return Status::OK(); }
  Status SyncDir(const std::string& dir_uri) override { return Status::OK(); }
  bool HasRename() const override { return false; }

  const S3Client& client() const { return *client_; }

 private:
  const std::shared_ptr<const S3Client> client_;
  const S3StorageOptions options_;
};

}  // namespace feb::storage
