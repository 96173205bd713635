#include "common/storage/s3_uri.h"

#include "common/storage/uri.h"

namespace feb::storage {

Result<S3Path> ParseS3Uri(std::string_view uri) {
  std::string scheme = UriScheme(uri);
  if (scheme != "s3" && scheme != "s3a") return Status::InvalidArgument("not an s3:// URI: '" + std::string(uri) + "'");
  if (HasUnsafeComponent(uri)) return Status::InvalidArgument("unsafe path in URI: '" + std::string(uri) + "'");
  std::string_view rest = uri.substr(scheme.size() + 3);
  size_t slash = rest.find('/');
  S3Path p;
  p.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) p.key = std::string(rest.substr(slash + 1));
  while (!p.key.empty() && p.key.back() == '/') p.key.pop_back();
  bool ok = p.bucket.size() >= 3 && p.bucket.size() <= 63;
  for (char c : p.bucket) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-');
  if (!ok) {
    return Status::InvalidArgument("bad S3 bucket name '" + p.bucket + "' in '" + std::string(uri) +
                                   "' (3-63 characters of a-z, 0-9, '.', '-')");
  }
  if (!p.key.empty() && p.key.front() == '/') return Status::InvalidArgument("empty path component in '" + std::string(uri) + "'");
  return p;
}

}  // namespace feb::storage
