#include "common/storage/s3_client.h"

#include <openssl/evp.h>

#include <algorithm>

namespace feb::storage {
namespace {

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

bool IsSuccess(long status) { return status >= 200 && status < 300; }

// What S3 says to retry: server errors, throttling, and its own request timeout.
bool IsRetriable(long status, const std::string& code) {
  return status >= 500 || status == 429 || code == "SlowDown" || code == "RequestTimeout" ||
         code == "InternalError" || code == "ServiceUnavailable" || code == "Throttling";
}

std::string CodeForStatus(long status) {
  switch (status) {
    case 400: return "BadRequest";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 409: return "Conflict";
    case 412: return "PreconditionFailed";
    case 416: return "InvalidRange";
    case 429: return "SlowDown";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    default: return "HTTP" + std::to_string(status);
  }
}

StatusCode CodeOf(long status, const std::string& code) {
  if (status == 404 || code == "NoSuchKey" || code == "NoSuchBucket" || code == "NoSuchUpload") return StatusCode::kNotFound;
  if (status == 403 || code == "AccessDenied" || code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch") {
    return StatusCode::kAccessDenied;
  }
  if (code == "BadDigest" || code == "InvalidDigest") return StatusCode::kCorruption;
  if (IsRetriable(status, code)) return StatusCode::kUnavailable;
  return StatusCode::kInvalidArgument;
}

std::string Etag(const HttpResponse& r) { return r.Header("etag"); }

S3Request Req(std::string operation, std::string method, const std::string& bucket, const std::string& key) {
  S3Request r;
  r.operation = std::move(operation);
  r.method = std::move(method);
  r.bucket = bucket;
  r.key = key;
  return r;
}

}  // namespace

std::string Md5HexToBase64(const std::string& md5_hex) {
  unsigned char raw[16] = {0};
  for (size_t i = 0; i < 16 && 2 * i + 1 < md5_hex.size(); ++i) {
    auto nib = [](char c) -> unsigned char {
      return static_cast<unsigned char>(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
    };
    raw[i] = static_cast<unsigned char>(nib(md5_hex[2 * i]) << 4 | nib(md5_hex[2 * i + 1]));
  }
  unsigned char out[32] = {0};
  int n = EVP_EncodeBlock(out, raw, sizeof raw);
  return std::string(reinterpret_cast<char*>(out), static_cast<size_t>(n));
}

S3Client::S3Client(S3Config config, std::shared_ptr<HttpTransport> transport, RetryPolicy retry, RetryEnv env)
    : config_(std::move(config)),
      transport_(std::move(transport)),
      retry_(retry),
      env_(std::move(env)),
      signer_(config_.access_key, config_.secret_key, config_.region) {}

std::string S3Client::ObjectName(const std::string& bucket, const std::string& key) { return "s3://" + bucket + "/" + key; }

HttpRequest S3Client::Build(const S3Request& request, std::string* url_storage) const {
  std::string host = config_.HostPort();
  std::string path = "/";
  if (config_.path_style) {
    path += request.bucket;
    if (!request.key.empty()) path += "/" + SigV4UriEncode(request.key, false);
  } else {
    host = request.bucket + "." + host;
    path += SigV4UriEncode(request.key, false);
  }
  std::string query = SigV4CanonicalQuery(request.query);
  *url_storage = config_.scheme + "://" + host + path + (query.empty() ? "" : "?" + query);
  const std::string amz_date = SigV4AmzDate(env_.clock->NowMs());
  SigV4Request sig;
  sig.method = request.method;
  sig.canonical_uri = path;
  sig.query = request.query;
  sig.payload_hash = request.unsigned_payload ? std::string(kUnsignedPayload) : Sha256Hex(request.body);
  sig.headers = request.headers;
  sig.headers.emplace_back("host", host);
  sig.headers.emplace_back("x-amz-date", amz_date);
  sig.headers.emplace_back("x-amz-content-sha256", sig.payload_hash);
  HttpRequest http;
  http.method = request.method;
  http.url = *url_storage;
  http.headers = sig.headers;
  http.headers.emplace_back("Authorization", signer_.Authorization(sig, amz_date));
  http.body = request.body;
  return http;
}

Status S3Client::ErrorOf(const S3Request& request, const HttpResponse& response) const {
  std::string code;
  std::string message;
  if (!response.body.empty()) {
    auto parsed = ParseS3Error(response.body);
    if (parsed.ok()) {
      code = parsed->code;
      message = parsed->message;
    }
  }
  if (code.empty()) code = CodeForStatus(response.status);
  std::string text = "S3 " + request.operation + " " + ObjectName(request.bucket, request.key) + " at " +
                     config_.EndpointUrl() + ": HTTP " + std::to_string(response.status) + " " + code;
  if (!message.empty()) text += ": " + message;
  return Status(CodeOf(response.status, code), text);
}

Result<HttpResponse> S3Client::Execute(const S3Request& request) const {
  const int64_t started = env_.clock->MonotonicMs();
  Status last;
  int attempt = 1;
  for (;; ++attempt) {
    std::string url;
    HttpRequest http = Build(request, &url);
    Result<HttpResponse> sent = transport_->Send(http);
    bool retriable = false;
    if (sent.ok()) {
      const long st = sent->status;
      if (IsSuccess(st) || std::find(request.also_ok.begin(), request.also_ok.end(), st) != request.also_ok.end()) {
        return sent;
      }
      last = ErrorOf(request, *sent);
      retriable = last.code() == StatusCode::kUnavailable;
    } else {
      last = Status(sent.status().code(), "S3 " + request.operation + " " + ObjectName(request.bucket, request.key) +
                                              " at " + config_.EndpointUrl() + ": " + sent.status().message());
      retriable = sent.status().code() == StatusCode::kUnavailable || sent.status().code() == StatusCode::kTimeout;
    }
    if (!retriable || attempt >= std::max(1, retry_.max_attempts)) break;
    const int64_t delay = retry_.BackoffMs(attempt, env_.Random());
    if (env_.clock->MonotonicMs() - started + delay > retry_.max_total_ms) break;
    env_.Sleep(delay);
  }
  if (attempt > 1) {
    return Status(last.code(), last.message() + " (gave up after " + std::to_string(attempt) + " attempts in " +
                                   std::to_string(env_.clock->MonotonicMs() - started) + " ms)");
  }
  return last;
}

Result<S3ObjectMeta> S3Client::HeadObject(const std::string& bucket, const std::string& key) const {
  S3Request r = Req("HeadObject", "HEAD", bucket, key);
  Result<HttpResponse> head = Execute(r);
  if (!head.ok()) {
    const StatusCode code = head.status().code();
    if (code == StatusCode::kAccessDenied || code == StatusCode::kInvalidArgument) {
      // A HEAD's error has no body: one byte of a GET brings what the server says
      // (InvalidAccessKeyId, ...).
      Result<HttpResponse> get = GetObjectRange(bucket, key, 0, 1, "");
      if (!get.ok()) return get.status();
    }
    return head.status();
  }
  HttpResponse& resp = *head;
  S3ObjectMeta meta;
  std::string len = resp.Header("content-length");
  if (!len.empty() && len.size() < 20 && len.find_first_not_of("0123456789") == std::string::npos) {
    meta.size = std::stoull(len);
  }
  meta.etag = Etag(resp);
  return meta;
}

Result<HttpResponse> S3Client::GetObjectRange(const std::string& bucket, const std::string& key, uint64_t offset,
                                              uint64_t length, const std::string& if_match) const {
  S3Request r = Req("GetObject", "GET", bucket, key);
  r.headers.emplace_back("range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
  if (!if_match.empty()) r.headers.emplace_back("if-match", if_match);
  r.also_ok = {416};
  return Execute(r);
}

Status S3Client::PutObject(const std::string& bucket, const std::string& key, std::string_view body,
                           const std::string& md5_hex) const {
  S3Request r = Req("PutObject", "PUT", bucket, key);
  r.headers.emplace_back("content-md5", Md5HexToBase64(md5_hex));
  r.body = body;
  r.unsigned_payload = true;
  return Execute(r).status();
}

Status S3Client::DeleteObject(const std::string& bucket, const std::string& key) const {
  S3Request r = Req("DeleteObject", "DELETE", bucket, key);
  r.also_ok = {404};
  return Execute(r).status();
}

Result<S3ListPage> S3Client::ListObjectsV2(const std::string& bucket, const std::string& prefix,
                                           const std::string& delimiter, const std::string& continuation_token,
                                           int max_keys) const {
  S3Request r = Req("ListObjectsV2", "GET", bucket, "");
  r.query.emplace_back("list-type", "2");
  r.query.emplace_back("prefix", prefix);
  if (!delimiter.empty()) r.query.emplace_back("delimiter", delimiter);
  if (!continuation_token.empty()) r.query.emplace_back("continuation-token", continuation_token);
  if (max_keys > 0) r.query.emplace_back("max-keys", std::to_string(max_keys));
  ASSIGN_OR_RETURN(HttpResponse resp, Execute(r));
  auto page = ParseListObjectsV2(resp.body);
  if (!page.ok()) return page.status().WithContext("S3 ListObjectsV2 " + ObjectName(bucket, prefix) + " at " + config_.EndpointUrl());
  return page;
}

Result<std::string> S3Client::CreateMultipartUpload(const std::string& bucket, const std::string& key) const {
  S3Request r = Req("CreateMultipartUpload", "POST", bucket, key);
  r.query.emplace_back("uploads", "");
  ASSIGN_OR_RETURN(HttpResponse resp, Execute(r));
  auto id = ParseInitiateMultipartUpload(resp.body);
  if (!id.ok()) return id.status().WithContext("S3 CreateMultipartUpload " + ObjectName(bucket, key));
  return id;
}

Result<std::string> S3Client::UploadPart(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id, int part_number, std::string_view body,
                                         const std::string& md5_hex) const {
  S3Request r = Req("UploadPart", "PUT", bucket, key);
  r.query.emplace_back("partNumber", std::to_string(part_number));
  r.query.emplace_back("uploadId", upload_id);
  r.headers.emplace_back("content-md5", Md5HexToBase64(md5_hex));
  r.body = body;
  r.unsigned_payload = true;
  ASSIGN_OR_RETURN(HttpResponse resp, Execute(r));
  std::string etag = Etag(resp);
  if (etag.empty()) {
    return Status::IoError("S3 UploadPart " + ObjectName(bucket, key) + " part " + std::to_string(part_number) +
                           " at " + config_.EndpointUrl() + ": the answer has no ETag");
  }
  return etag;
}

Status S3Client::CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id, const std::vector<std::string>& part_etags,
                                         uint64_t total_bytes) const {
  const std::string body = CompleteMultipartUploadBody(part_etags);
  S3Request r = Req("CompleteMultipartUpload", "POST", bucket, key);
  r.query.emplace_back("uploadId", upload_id);
  r.headers.emplace_back("content-type", "application/xml");
  r.body = body;
  Result<HttpResponse> resp = Execute(r);
  if (!resp.ok()) {
    // A completion whose answer was lost is resent (by the retry loop, or by libcurl itself on
    // a reused connection) and finds the upload completed and gone: the object tells.
    if (resp.status().code() == StatusCode::kNotFound && resp.status().message().find("NoSuchUpload") != std::string::npos) {
      auto head = HeadObject(bucket, key);
      if (head.ok() && head->size == total_bytes) return Status::OK();
    }
    return resp.status();
  }
  auto result = ParseCompleteMultipartUpload(resp->body);
  if (!result.ok()) return result.status().WithContext("S3 CompleteMultipartUpload " + ObjectName(bucket, key));
  if (!result->code.empty()) {
    return Status(CodeOf(200, result->code), "S3 CompleteMultipartUpload " + ObjectName(bucket, key) + " at " +
                                                 config_.EndpointUrl() + ": HTTP 200 " + result->code + ": " +
                                                 result->message);
  }
  return Status::OK();
}

Status S3Client::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) const {
  S3Request r = Req("AbortMultipartUpload", "DELETE", bucket, key);
  r.query.emplace_back("uploadId", upload_id);
  r.also_ok = {404};  // gone already
  return Execute(r).status();
}

Result<std::vector<S3Upload>> S3Client::ListMultipartUploads(const std::string& bucket, const std::string& prefix) const {
  std::vector<S3Upload> out;
  std::string key_marker;
  std::string id_marker;
  for (int page_no = 0; page_no < 100000; ++page_no) {
    S3Request r = Req("ListMultipartUploads", "GET", bucket, "");
    r.query.emplace_back("uploads", "");
    r.query.emplace_back("prefix", prefix);
    if (!key_marker.empty()) r.query.emplace_back("key-marker", key_marker);
    if (!id_marker.empty()) r.query.emplace_back("upload-id-marker", id_marker);
    ASSIGN_OR_RETURN(HttpResponse resp, Execute(r));
    auto page = ParseListMultipartUploads(resp.body);
    if (!page.ok()) return page.status().WithContext("S3 ListMultipartUploads " + ObjectName(bucket, prefix));
    out.insert(out.end(), page->uploads.begin(), page->uploads.end());
    if (!page->truncated) return out;
    key_marker = page->next_key_marker;
    id_marker = page->next_upload_id_marker;
  }
  return Status::IoError("S3 ListMultipartUploads " + ObjectName(bucket, prefix) + ": too many pages");
}

}  // namespace feb::storage
