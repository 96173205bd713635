// HttpTransport: one HTTP request/response exchange, the only thing the S3 client needs from
// the network. CurlHttpTransport is the real one; tests inject fakes that script responses and
// failures.
#pragma once

#include <string>
#include <string_view>

#include "common/status/result.h"
#include "common/storage/sigv4_signer.h"

namespace feb::storage {

struct HttpRequest {
  std::string method;  // "GET", "PUT", "POST", "DELETE", "HEAD"
  std::string url;     // absolute and already encoded: "http://127.0.0.1:9000/b/k%20x?uploads="
  HeaderList headers;  // sent as given (the transport adds Content-Length)
  std::string_view body;  // not owned; must outlive Send()
};

struct HttpResponse {
  long status = 0;     // 200, 404, ...
  HeaderList headers;  // names lowercased
  std::string body;
  // The first header named `lowercase_name`, or "".
  std::string Header(std::string_view lowercase_name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Any HTTP status is a response (the caller interprets it). Errors are the transport's:
  // Unavailable (cannot connect, connection reset, nothing received), Timeout (connect or
  // transfer timeout), IoError (anything else); each message names the URL.
  // Thread-safe: called from several threads at once.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace feb::storage
