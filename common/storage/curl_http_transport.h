// CurlHttpTransport: HttpTransport over libcurl, with a pool of easy handles so that
// consecutive requests to one endpoint reuse their keep-alive connections. One instance per
// endpoint (S3StorageFactory shares it between the storages of that endpoint).
// Thread-safe: each Send() takes a handle from the pool (or makes one) and gives it back.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <vector>

#include "common/storage/http_transport.h"
#include "common/sync/mutex.h"

namespace feb::storage {

struct HttpTimeouts {
  int64_t connect_ms = 10000;  // TCP (and TLS) connect
  // A transfer slower than `low_speed_bytes` per second for `low_speed_ms` is a timeout:
  // a stalled peer is noticed without capping how long a big part may take.
  int64_t low_speed_bytes = 1024;
  int64_t low_speed_ms = 30000;
  int64_t total_ms = 0;  // whole request; 0 = no limit beyond the low-speed rule
};

class CurlHttpTransport : public HttpTransport {
 public:
  explicit CurlHttpTransport(HttpTimeouts timeouts = {}, size_t max_idle_handles = 16);
  ~CurlHttpTransport() override;
  CurlHttpTransport(const CurlHttpTransport&) = delete;
  CurlHttpTransport& operator=(const CurlHttpTransport&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  CURL* Acquire() EXCLUDES(mu_);
  void Release(CURL* handle) EXCLUDES(mu_);

  const HttpTimeouts timeouts_;
  const size_t max_idle_;
  Mutex mu_;
  std::vector<CURL*> idle_ GUARDED_BY(mu_);
};

}  // namespace feb::storage
