// FakeS3Transport: an in-memory S3 service (path-style URLs) behind the HttpTransport
// interface, for S3Client / S3Storage / publish-step tests: objects, ranged GETs with If-Match,
// ListObjectsV2 with delimiter and continuation tokens, Content-MD5 checks (BadDigest), and
// multipart uploads that ListMultipartUploads shows until completed or aborted. A fault hook
// can answer any request instead of the service (a 500, a reset, ...). Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/storage/http_transport.h"
#include "common/storage/s3_config.h"
#include "common/sync/mutex.h"

namespace feb::storage::testing {

// A path-style config for http://127.0.0.1:4568 with access key "AK" and `secret`.
S3Config FakeS3Config(const std::string& secret = "SK");

class FakeS3Transport : public HttpTransport {
 public:
  // Called before each request with its number (from 1); a value answers instead.
  using Fault = std::function<std::optional<Result<HttpResponse>>(const HttpRequest&, int call)>;

  explicit FakeS3Transport(std::set<std::string> buckets = {"bucket"}) : buckets_(std::move(buckets)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override EXCLUDES(mu_);

  void SetFault(Fault fault) EXCLUDES(mu_);
  void PutObject(const std::string& bucket, const std::string& key, std::string data) EXCLUDES(mu_);
  std::map<std::string, std::string> Objects(const std::string& bucket) EXCLUDES(mu_);
  size_t OpenUploads() EXCLUDES(mu_);
  // "PUT /bucket/key?partNumber=1&uploadId=1" per request so far.
  std::vector<std::string> Requests() EXCLUDES(mu_);
  // The last request's headers (lowercase names).
  HeaderList LastHeaders() EXCLUDES(mu_);

  static HttpResponse Error(long status, const std::string& code, const std::string& message);

 private:
  struct Upload {
    std::string bucket;
    std::string key;
    std::map<int, std::string> parts;
  };
  HttpResponse Handle(const std::string& method, const std::string& bucket, const std::string& key,
                      const std::map<std::string, std::string>& query, const HeaderList& headers,
                      std::string_view body) REQUIRES(mu_);

  Mutex mu_;
  std::set<std::string> buckets_ GUARDED_BY(mu_);
  std::map<std::string, std::map<std::string, std::string>> objects_ GUARDED_BY(mu_);
  std::map<std::string, Upload> uploads_ GUARDED_BY(mu_);
  int next_upload_ GUARDED_BY(mu_) = 1;
  int calls_ GUARDED_BY(mu_) = 0;
  Fault fault_ GUARDED_BY(mu_);
  std::vector<std::string> requests_ GUARDED_BY(mu_);
  HeaderList last_headers_ GUARDED_BY(mu_);
};

}  // namespace feb::storage::testing
