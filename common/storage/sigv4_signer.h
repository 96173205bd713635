// SigV4Signer: AWS Signature Version 4 for S3 requests (Authorization header form), computed
// here so that it can be tested against AWS's worked examples and an independent signer.
// Thread-safe (immutable).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feb::storage {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What is signed of one request.
struct SigV4Request {
  std::string method;         // "GET"
  std::string canonical_uri;  // the path as sent, URI-encoded once: "/bucket/my%20key"
  HeaderList query;           // raw (not encoded) names and values; order does not matter
  HeaderList headers;         // every header to sign, "host" and "x-amz-date" among them
  std::string payload_hash;   // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

class SigV4Signer {
 public:
  SigV4Signer(std::string access_key, std::string secret_key, std::string region, std::string service = "s3");

  // The Authorization header value of `req`, signed at `amz_date` ("20130524T000000Z", the
  // value of req's x-amz-date header).
  std::string Authorization(const SigV4Request& req, std::string_view amz_date) const;

  // The steps, for tests: the canonical request and the string to sign.
  static std::string CanonicalRequest(const SigV4Request& req);
  std::string StringToSign(const SigV4Request& req, std::string_view amz_date) const;

 private:
  std::string access_key_;
  std::string secret_key_;
  std::string region_;
  std::string service_;
};

// RFC 3986 encoding as SigV4 wants it: unreserved characters (A-Z a-z 0-9 - _ . ~) stay,
// everything else is %XX (uppercase); '/' stays unless `encode_slash`.
std::string SigV4UriEncode(std::string_view s, bool encode_slash);
// "a=1&b=x%20y": names and values encoded, sorted by name then value.
std::string SigV4CanonicalQuery(const HeaderList& query);
// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// "20130524T000000Z" for a Unix time in milliseconds (UTC).
std::string SigV4AmzDate(int64_t unix_ms);

}  // namespace feb::storage
