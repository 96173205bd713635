#include "common/storage/curl_http_transport.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <new>

namespace feb::storage {
namespace {

struct Exchange {
  std::string_view body;
  size_t sent = 0;
  HttpResponse* response = nullptr;
  bool out_of_memory = false;
};

// libcurl calls these from C: nothing may throw through them.
size_t ReadBody(char* buf, size_t size, size_t nitems, void* user) noexcept {
  auto* ex = static_cast<Exchange*>(user);
  size_t n = std::min(size * nitems, ex->body.size() - ex->sent);
  std::memcpy(buf, ex->body.data() + ex->sent, n);
  ex->sent += n;
  return n;
}

// curl rewinds the body to resend it (after a reset on a reused connection, a redirect).
int SeekBody(void* user, curl_off_t offset, int origin) noexcept {
  auto* ex = static_cast<Exchange*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<size_t>(offset) > ex->body.size()) return CURL_SEEKFUNC_FAIL;
  ex->sent = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

size_t WriteBody(char* data, size_t size, size_t nmemb, void* user) noexcept {
  auto* ex = static_cast<Exchange*>(user);
  try {
    ex->response->body.append(data, size * nmemb);
  } catch (const std::bad_alloc&) {
    ex->out_of_memory = true;
    return 0;  // aborts the transfer
  }
  return size * nmemb;
}

size_t WriteHeader(char* data, size_t size, size_t nitems, void* user) noexcept {
  auto* ex = static_cast<Exchange*>(user);
  try {
    std::string_view line(data, size * nitems);
    if (line.rfind("HTTP/", 0) == 0) {
      ex->response->headers.clear();  // a new response (after "100 Continue" or a redirect)
      return size * nitems;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return size * nitems;
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    ex->response->headers.emplace_back(std::move(name), std::string(value));
  } catch (const std::bad_alloc&) {
    ex->out_of_memory = true;
    return 0;
  }
  return size * nitems;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string HttpResponse::Header(std::string_view lowercase_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lowercase_name) return value;
  }
  return "";
}

CurlHttpTransport::CurlHttpTransport(HttpTimeouts timeouts, size_t max_idle_handles)
    : timeouts_(timeouts), max_idle_(max_idle_handles) {
  GlobalInit();
}

CurlHttpTransport::~CurlHttpTransport() {
  MutexLock lock(mu_);
  for (CURL* h : idle_) curl_easy_cleanup(h);
  idle_.clear();
}

CURL* CurlHttpTransport::Acquire() {
  {
    MutexLock lock(mu_);
    if (!idle_.empty()) {
      CURL* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void CurlHttpTransport::Release(CURL* handle) {
  {
    MutexLock lock(mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(handle);
}

Result<HttpResponse> CurlHttpTransport::Send(const HttpRequest& request) {
  CURL* h = Acquire();
  if (h == nullptr) return Status::Internal("curl_easy_init failed for " + request.url);
  curl_easy_reset(h);  // keeps the connection and DNS caches
  HttpResponse response;
  Exchange ex{request.body, 0, &response, false};
  char error[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  headers = curl_slist_append(headers, "Accept:");
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect_ms));
  if (timeouts_.total_ms > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.total_ms));
  if (timeouts_.low_speed_ms > 0) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(timeouts_.low_speed_bytes));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(std::max<int64_t>(1, timeouts_.low_speed_ms / 1000)));
  }
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    if (request.method == "PUT" || request.method == "POST") {
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadBody);
      curl_easy_setopt(h, CURLOPT_READDATA, &ex);
      curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, SeekBody);
      curl_easy_setopt(h, CURLOPT_SEEKDATA, &ex);
      curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    curl_easy_cleanup(h);  // its connection state is unknown: do not reuse it
    std::string what = std::string(curl_easy_strerror(rc)) + (error[0] != '\0' ? std::string(": ") + error : "");
    std::string msg = request.method + " " + request.url + " failed: " + what;
    if (ex.out_of_memory) return Status::ResourceExhausted(msg);
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        return Status::Timeout(msg);
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
      case CURLE_SEND_FAIL_REWIND:
      case CURLE_SSL_CONNECT_ERROR:
        return Status::Unavailable(msg);
      default:
        return Status::IoError(msg);
    }
  }
  response.status = status;
  Release(h);
  return response;
}

}  // namespace feb::storage
