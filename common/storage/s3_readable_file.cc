#include "common/storage/s3_readable_file.h"

#include <algorithm>
#include <cstring>

namespace feb::storage {
namespace {

// "bytes 0-9/443" -> 443; nullopt when absent or malformed.
bool TotalOfContentRange(const std::string& v, uint64_t* total) {
  size_t slash = v.rfind('/');
  if (slash == std::string::npos || slash + 1 >= v.size()) return false;
  std::string t = v.substr(slash + 1);
  if (t.size() > 19 || t.find_first_not_of("0123456789") != std::string::npos) return false;
  *total = std::stoull(t);
  return true;
}

}  // namespace

S3ReadableFile::S3ReadableFile(std::shared_ptr<const S3Client> client, std::string bucket, std::string key,
                               uint64_t window)
    : client_(std::move(client)), bucket_(std::move(bucket)), key_(std::move(key)), window_(std::max<uint64_t>(window, 1)) {}

Result<std::unique_ptr<ReadableFile>> S3ReadableFile::Open(std::shared_ptr<const S3Client> client, std::string bucket,
                                                           std::string key, uint64_t window) {
  std::unique_ptr<S3ReadableFile> f(new S3ReadableFile(std::move(client), std::move(bucket), std::move(key), window));
  RETURN_IF_ERROR(f->Fetch());
  return std::unique_ptr<ReadableFile>(std::move(f));
}

Status S3ReadableFile::Fetch() {
  ASSIGN_OR_RETURN(HttpResponse r, client_->GetObjectRange(bucket_, key_, offset_, window_, etag_));
  const std::string name = S3Client::ObjectName(bucket_, key_);
  if (r.status == 416) {  // nothing at or after offset_: an empty object, or the end
    buffer_.clear();
    pos_ = 0;
    if (!size_known_) {
      size_ = 0;
      size_known_ = true;
    }
    return Status::OK();
  }
  if (etag_.empty()) etag_ = r.Header("etag");
  uint64_t total = 0;
  if (r.status == 206 && TotalOfContentRange(r.Header("content-range"), &total)) {
    size_ = total;
  } else if (r.status == 200) {
    // the server ignored the range and sent the whole object
    if (offset_ != 0) return Status::IoError("S3 GetObject " + name + ": the server ignored the Range header");
    size_ = r.body.size();
  } else {
    return Status::IoError("S3 GetObject " + name + ": unexpected HTTP " + std::to_string(r.status));
  }
  size_known_ = true;
  if (r.body.size() > window_ && r.status == 206) {
    return Status::IoError("S3 GetObject " + name + ": more bytes than the range asked for");
  }
  buffer_ = std::move(r.body);
  pos_ = 0;
  return Status::OK();
}

Result<size_t> S3ReadableFile::Read(char* buf, size_t n) {
  if (pos_ >= buffer_.size()) {
    uint64_t next = offset_ + buffer_.size();
    if (size_known_ && next >= size_) return size_t{0};
    if (buffer_.empty() && size_known_) return size_t{0};
    offset_ = next;
    RETURN_IF_ERROR(Fetch());
    if (buffer_.empty()) {
      if (offset_ < size_) {
        return Status::IoError("S3 GetObject " + S3Client::ObjectName(bucket_, key_) + ": no bytes at offset " +
                               std::to_string(offset_) + " of " + std::to_string(size_));
      }
      return size_t{0};
    }
  }
  size_t k = std::min(n, buffer_.size() - pos_);
  std::memcpy(buf, buffer_.data() + pos_, k);
  pos_ += k;
  return k;
}

}  // namespace feb::storage
