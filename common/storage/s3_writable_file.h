// S3WritableFile: writes one object. Up to `multipart_threshold` bytes go up in one PutObject
// at Close(); a larger object goes up in a multipart upload of `part_size` parts (the last may
// be smaller), each part sent with its Content-MD5 as soon as it is full. With an expected md5
// the whole object's md5 is computed while the bytes pass and compared before the object is
// created (PutObject / CompleteMultipartUpload); a mismatch is Corruption and creates nothing.
// Any failure, and destruction before a successful Close(), aborts the multipart upload, so
// nothing is left behind (the abort is best effort: a dead server cannot be told, and an
// unfinished upload never becomes an object). One thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/storage/md5.h"
#include "common/storage/s3_client.h"
#include "common/storage/storage.h"

namespace feb::storage {

struct S3WriteOptions {
  uint64_t multipart_threshold = 5u << 20;  // bytes; larger objects use a multipart upload
  uint64_t part_size = 8u << 20;            // bytes per part (S3: at least 5 MiB but the last)
};

class S3WritableFile : public WritableFile {
 public:
  // `expected_md5`: empty for a plain write.
  S3WritableFile(std::shared_ptr<const S3Client> client, std::string bucket, std::string key,
                 std::string expected_md5, S3WriteOptions options);
  ~S3WritableFile() override;

  Status Append(std::string_view data) override;
  // Nothing to do: the object is durable once Close() returned OK.
  Status Sync() override { return failed_; }
  // Creates the object (see above). Closing again is an error.
  Status Close() override;

 private:
  Status UploadBufferAsPart();
  void Abort();
  Status Fail(Status s);

  const std::shared_ptr<const S3Client> client_;
  const std::string bucket_;
  const std::string key_;
  const std::string expected_md5_;
  const S3WriteOptions options_;
  Md5 md5_;
  std::string buffer_;
  uint64_t total_ = 0;
  std::optional<std::string> upload_id_;
  std::vector<std::string> etags_;
  Status failed_;
  bool closed_ = false;
};

}  // namespace feb::storage
