#include "common/storage/s3_storage.h"

#include <algorithm>

#include "common/storage/s3_readable_file.h"
#include "common/storage/s3_uri.h"
#include "common/storage/uri.h"

namespace feb::storage {

S3Storage::S3Storage(std::shared_ptr<const S3Client> client, S3StorageOptions options)
    : client_(std::move(client)), options_(options) {}

Result<bool> S3Storage::Exists(const std::string& uri) {
  ASSIGN_OR_RETURN(S3Path p, ParseS3Uri(uri));
  if (!p.key.empty()) {
    auto head = client_->HeadObject(p.bucket, p.key);
    if (head.ok()) return true;
    if (head.status().code() != StatusCode::kNotFound) return head.status();
  }
  // A HEAD's 404 has no body: the listing tells a missing prefix (false) from a missing
  // bucket (NoSuchBucket, an error).
  ASSIGN_OR_RETURN(S3ListPage page, client_->ListObjectsV2(p.bucket, p.key.empty() ? "" : p.key + "/", "", "", 1));
  return !page.objects.empty() || !page.common_prefixes.empty();
}

Result<std::vector<FileInfo>> S3Storage::List(const std::string& dir_uri) {
  ASSIGN_OR_RETURN(S3Path p, ParseS3Uri(dir_uri));
  const std::string prefix = p.key.empty() ? "" : p.key + "/";
  std::vector<FileInfo> out;
  std::string token;
  do {
    ASSIGN_OR_RETURN(S3ListPage page, client_->ListObjectsV2(p.bucket, prefix, "/", token, options_.list_page_size));
    for (const S3Object& o : page.objects) {
      if (o.key.size() <= prefix.size()) continue;  // the "directory" marker object itself
      out.push_back(FileInfo{o.key.substr(prefix.size()), false, o.size});
    }
    for (const std::string& cp : page.common_prefixes) {
      std::string name = cp.substr(std::min(prefix.size(), cp.size()));
      while (!name.empty() && name.back() == '/') name.pop_back();
      if (!name.empty()) out.push_back(FileInfo{name, true, 0});
    }
    token = page.truncated ? page.next_continuation_token : "";
  } while (!token.empty());
  if (out.empty()) return Status::NotFound("directory does not exist: " + dir_uri);
  std::sort(out.begin(), out.end(), [](const FileInfo& a, const FileInfo& b) { return a.name < b.name; });
  return out;
}

Result<std::unique_ptr<ReadableFile>> S3Storage::OpenRead(const std::string& uri) {
  ASSIGN_OR_RETURN(S3Path p, ParseS3Uri(uri));
  if (p.key.empty()) return Status::InvalidArgument("not an object: " + uri);
  return S3ReadableFile::Open(client_, p.bucket, p.key, options_.read_window);
}

Result<std::unique_ptr<WritableFile>> S3Storage::OpenWrite(const std::string& uri) {
  return OpenWriteVerified(uri, "");
}

Result<std::unique_ptr<WritableFile>> S3Storage::OpenWriteVerified(const std::string& uri,
                                                                   const std::string& expected_md5) {
  ASSIGN_OR_RETURN(S3Path p, ParseS3Uri(uri));
  if (p.key.empty()) return Status::InvalidArgument("not an object: " + uri);
  if (!expected_md5.empty() && !IsMd5Hex(expected_md5)) {
    return Status::InvalidArgument("expected md5 of " + uri + " is not 32 lowercase hex digits: '" + expected_md5 + "'");
  }
  return std::unique_ptr<WritableFile>(new S3WritableFile(client_, p.bucket, p.key, expected_md5, options_.write));
}

Status S3Storage::Rename(const std::string& from_uri, const std::string& to_uri) {
  return Status::NotSupported("S3 has no rename (" + from_uri + " -> " + to_uri +
                              "): objects are written under their final name (OpenWriteVerified)");
}

Status S3Storage::Delete(const std::string& uri) {
  ASSIGN_OR_RETURN(S3Path p, ParseS3Uri(uri));
  if (p.key.empty()) return Status::InvalidArgument("cannot delete a bucket: " + uri);
  return client_->DeleteObject(p.bucket, p.key);
}

}  // namespace feb::storage
