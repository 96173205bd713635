#include "common/storage/s3_writable_file.h"

#include <algorithm>

namespace feb::storage {
namespace {

// S3 refuses parts under 5 MiB (but the last one).
S3WriteOptions Clamped(S3WriteOptions o) {
  if (o.part_size < (5u << 20)) o.part_size = 5u << 20;
  return o;
}

}  // namespace

S3WritableFile::S3WritableFile(std::shared_ptr<const S3Client> client, std::string bucket, std::string key,
                               std::string expected_md5, S3WriteOptions options)
    : client_(std::move(client)),
      bucket_(std::move(bucket)),
      key_(std::move(key)),
      expected_md5_(std::move(expected_md5)),
      options_(Clamped(options)) {}

S3WritableFile::~S3WritableFile() {
  if (!closed_) Abort();
}

Status S3WritableFile::Fail(Status s) {
  if (failed_.ok()) failed_ = s;
  Abort();
  return s;
}

void S3WritableFile::Abort() {
  if (upload_id_) {
    (void)client_->AbortMultipartUpload(bucket_, key_, *upload_id_);
    upload_id_.reset();
  }
  buffer_.clear();
}

Status S3WritableFile::UploadBufferAsPart() {
  if (!upload_id_) {
    ASSIGN_OR_RETURN(std::string id, client_->CreateMultipartUpload(bucket_, key_));
    upload_id_ = std::move(id);
  }
  const int part_number = static_cast<int>(etags_.size()) + 1;
  if (part_number > 10000) {
    return Status::ResourceExhausted("S3 object " + S3Client::ObjectName(bucket_, key_) +
                                     " needs more than 10000 parts of " + std::to_string(options_.part_size) + " bytes");
  }
  ASSIGN_OR_RETURN(std::string etag,
                   client_->UploadPart(bucket_, key_, *upload_id_, part_number, buffer_, Md5::Of(buffer_)));
  etags_.push_back(std::move(etag));
  buffer_.clear();
  return Status::OK();
}

Status S3WritableFile::Append(std::string_view data) {
  if (closed_) return Status::IllegalState("S3 object " + S3Client::ObjectName(bucket_, key_) + " is closed");
  RETURN_IF_ERROR(failed_);
  md5_.Update(data);
  total_ += data.size();
  while (!data.empty()) {
    size_t room = static_cast<size_t>(options_.part_size - buffer_.size());
    size_t take = std::min(room, data.size());
    if (buffer_.capacity() < options_.part_size) buffer_.reserve(static_cast<size_t>(options_.part_size));
    buffer_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (buffer_.size() == options_.part_size && !data.empty()) {
      Status s = UploadBufferAsPart();
      if (!s.ok()) return Fail(s);
    }
  }
  return Status::OK();
}

Status S3WritableFile::Close() {
  if (closed_) return Status::IllegalState("S3 object " + S3Client::ObjectName(bucket_, key_) + " is closed already");
  if (!failed_.ok()) {
    closed_ = true;
    return failed_;
  }
  const std::string md5 = md5_.HexDigest();
  if (!expected_md5_.empty() && md5 != expected_md5_) {
    Status s = Status::Corruption("md5 of the bytes written to " + S3Client::ObjectName(bucket_, key_) + " is " + md5 +
                                  ", expected " + expected_md5_ + "; nothing was created");
    (void)Fail(s);
    closed_ = true;
    return s;
  }
  Status s;
  if (!upload_id_ && total_ <= options_.multipart_threshold) {
    s = client_->PutObject(bucket_, key_, buffer_, md5);
  } else {
    if (!buffer_.empty() || etags_.empty()) s = UploadBufferAsPart();
    if (s.ok()) s = client_->CompleteMultipartUpload(bucket_, key_, *upload_id_, etags_, total_);
    if (s.ok()) upload_id_.reset();  // it is the object now
  }
  if (!s.ok()) (void)Fail(s);
  buffer_.clear();
  buffer_.shrink_to_fit();
  closed_ = true;
  return s;
}

}  // namespace feb::storage
