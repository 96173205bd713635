// S3ReadableFile: an object read through ranged GETs of `window` bytes, each pinned to the
// ETag of the first (an object replaced meanwhile fails with a precondition error instead of
// mixing two versions). A small object takes one GET. One thread at a time.
#pragma once

#include <memory>
#include <string>

#include "common/storage/s3_client.h"
#include "common/storage/storage.h"

namespace feb::storage {

class S3ReadableFile : public ReadableFile {
 public:
  // Fetches the first window: NotFound (NoSuchKey / NoSuchBucket) surfaces here, as opening a
  // missing local file would.
  static Result<std::unique_ptr<ReadableFile>> Open(std::shared_ptr<const S3Client> client, std::string bucket,
                                                    std::string key, uint64_t window);

  Result<size_t> Read(char* buf, size_t n) override;

 private:
  S3ReadableFile(std::shared_ptr<const S3Client> client, std::string bucket, std::string key, uint64_t window);
  // Replaces the buffer with the window starting at `offset_`.
  Status Fetch();

  const std::shared_ptr<const S3Client> client_;
  const std::string bucket_;
  const std::string key_;
  const uint64_t window_;
  std::string etag_;
  uint64_t size_ = 0;       // known after the first GET
  bool size_known_ = false;
  uint64_t offset_ = 0;     // object offset of buffer_[0]
  std::string buffer_;
  size_t pos_ = 0;          // next byte of buffer_ to hand out
};

}  // namespace feb::storage
