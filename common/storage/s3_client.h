// S3Client: the S3 REST calls the storage needs (objects, listings, multipart uploads) over an
// injected HttpTransport: each request signed with SigV4 (sigv4_signer.h), retried by
// RetryPolicy on 5xx, 429/SlowDown, RequestTimeout, connection failures and timeouts; other
// answers fail at once. x-amz-content-sha256 is UNSIGNED-PAYLOAD for object data (which
// carries Content-MD5 instead, checked by the server) and the body's SHA-256 otherwise.
//
// Errors name the operation, the s3:// object and the endpoint, and carry what the server said
// (HTTP status, S3 Code and Message); never a key's secret. Codes: 404 / NoSuchKey /
// NoSuchBucket / NoSuchUpload -> NotFound; 403 (InvalidAccessKeyId, SignatureDoesNotMatch,
// AccessDenied) -> AccessDenied; BadDigest / InvalidDigest -> Corruption; retriable answers
// that stay -> Unavailable (or the transport's Timeout); other 4xx -> InvalidArgument.
// Thread-safe: no mutable state of its own (the transport pools connections).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"
#include "common/storage/http_transport.h"
#include "common/storage/retry_policy.h"
#include "common/storage/s3_config.h"
#include "common/storage/s3_responses.h"
#include "common/storage/sigv4_signer.h"

namespace feb::storage {

struct S3Request {
  std::string operation;  // for messages: "GetObject"
  std::string method;
  std::string bucket;
  std::string key;        // raw key ("" for bucket-level calls)
  HeaderList query;       // raw names and values
  HeaderList headers;     // extra headers (signed)
  std::string_view body;  // not owned
  bool unsigned_payload = false;  // object data: x-amz-content-sha256 UNSIGNED-PAYLOAD
  std::vector<long> also_ok;      // statuses besides 2xx handed back as responses (e.g. 416)
};

struct S3ObjectMeta {
  uint64_t size = 0;
  std::string etag;
};

class S3Client {
 public:
  S3Client(S3Config config, std::shared_ptr<HttpTransport> transport, RetryPolicy retry = {}, RetryEnv env = {});

  const S3Config& config() const { return config_; }

  // One call, signed and retried; the response when its status is 2xx or in `also_ok`.
  Result<HttpResponse> Execute(const S3Request& request) const;

  // NotFound for a missing object; another error carries the server's code and message (a
  // HEAD answer has no body: a one-byte GET fetches them).
  Result<S3ObjectMeta> HeadObject(const std::string& bucket, const std::string& key) const;
  // Bytes [offset, offset+length) (the server may return fewer at the end). `if_match`: the
  // ETag the object must still have (a changed object fails instead of mixing versions).
  // 416 (a range past the end) comes back as a response with status 416.
  Result<HttpResponse> GetObjectRange(const std::string& bucket, const std::string& key, uint64_t offset,
                                      uint64_t length, const std::string& if_match) const;
  // PutObject with Content-MD5 = `md5_hex` (the server refuses other bytes).
  Status PutObject(const std::string& bucket, const std::string& key, std::string_view body,
                   const std::string& md5_hex) const;
  // Deleting a missing key is OK (as S3 itself answers).
  Status DeleteObject(const std::string& bucket, const std::string& key) const;
  Result<S3ListPage> ListObjectsV2(const std::string& bucket, const std::string& prefix, const std::string& delimiter,
                                   const std::string& continuation_token, int max_keys = 0) const;

  Result<std::string> CreateMultipartUpload(const std::string& bucket, const std::string& key) const;
  // Returns the part's ETag.
  Result<std::string> UploadPart(const std::string& bucket, const std::string& key, const std::string& upload_id,
                                 int part_number, std::string_view body, const std::string& md5_hex) const;
  // NoSuchUpload (the upload is gone: a resent completion whose first answer was lost) is OK
  // when the object is there with `total_bytes` bytes.
  Status CompleteMultipartUpload(const std::string& bucket, const std::string& key, const std::string& upload_id,
                                 const std::vector<std::string>& part_etags, uint64_t total_bytes) const;
  Status AbortMultipartUpload(const std::string& bucket, const std::string& key, const std::string& upload_id) const;
  // Uploads in progress whose key starts with `prefix` (every page).
  Result<std::vector<S3Upload>> ListMultipartUploads(const std::string& bucket, const std::string& prefix) const;

  // "s3://bucket/key" as messages show an object.
  static std::string ObjectName(const std::string& bucket, const std::string& key);

 private:
  HttpRequest Build(const S3Request& request, std::string* url_storage) const;
  Status ErrorOf(const S3Request& request, const HttpResponse& response) const;

  const S3Config config_;
  const std::shared_ptr<HttpTransport> transport_;
  const RetryPolicy retry_;
  const RetryEnv env_;
  const SigV4Signer signer_;
};

// base64 of the 16 bytes a 32-hex-digit md5 stands for (the Content-MD5 header's form).
std::string Md5HexToBase64(const std::string& md5_hex);

}  // namespace feb::storage
