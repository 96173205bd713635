// S3 object names in URIs: "s3://bucket/a/b" (or "s3a://") -> bucket "bucket", key "a/b".
#pragma once

#include <string>
#include <string_view>

#include "common/status/result.h"

namespace feb::storage {

struct S3Path {
  std::string bucket;
  std::string key;  // raw, no leading '/'; "" for the bucket itself; a trailing '/' is dropped
};

// InvalidArgument for another scheme, a missing or malformed bucket name (3-63 characters of
// a-z 0-9 . -), or a "." / ".." / empty component in the key.
Result<S3Path> ParseS3Uri(std::string_view uri);

}  // namespace feb::storage
