#include "common/storage/sigv4_signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace feb::storage {
namespace {

std::string Hex(const unsigned char* d, size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[d[i] >> 4];
    out[2 * i + 1] = kDigits[d[i] & 15];
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Leading/trailing blanks removed, inner runs of blanks made one space.
std::string TrimValue(std::string_view v) {
  std::string out;
  bool blank = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

struct Canonical {
  std::string headers;         // "name:value\n" lines
  std::string signed_headers;  // "host;x-amz-date"
};

Canonical CanonicalHeaders(const HeaderList& headers) {
  std::vector<std::pair<std::string, std::string>> lowered;
  for (const auto& [name, value] : headers) lowered.emplace_back(Lower(name), TrimValue(value));
  std::stable_sort(lowered.begin(), lowered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Canonical c;
  for (size_t i = 0; i < lowered.size(); ++i) {
    if (i > 0 && lowered[i].first == lowered[i - 1].first) {
      c.headers.back() = ',';  // repeated header: values joined with ','
      c.headers += lowered[i].second + "\n";
      continue;
    }
    if (!c.signed_headers.empty()) c.signed_headers += ';';
    c.signed_headers += lowered[i].first;
    c.headers += lowered[i].first + ":" + lowered[i].second + "\n";
  }
  return c;
}

std::string Scope(std::string_view amz_date, const std::string& region, const std::string& service) {
  return std::string(amz_date.substr(0, 8)) + "/" + region + "/" + service + "/aws4_request";
}

}  // namespace

std::string SigV4UriEncode(std::string_view s, bool encode_slash) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encode_slash)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
  }
  return out;
}

std::string SigV4CanonicalQuery(const HeaderList& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [name, value] : query) encoded.emplace_back(SigV4UriEncode(name, true), SigV4UriEncode(value, true));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return Hex(md, sizeof md);
}

std::string SigV4AmzDate(int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

SigV4Signer::SigV4Signer(std::string access_key, std::string secret_key, std::string region, std::string service)
    : access_key_(std::move(access_key)),
      secret_key_(std::move(secret_key)),
      region_(std::move(region)),
      service_(std::move(service)) {}

std::string SigV4Signer::CanonicalRequest(const SigV4Request& req) {
  Canonical h = CanonicalHeaders(req.headers);
  return req.method + "\n" + (req.canonical_uri.empty() ? "/" : req.canonical_uri) + "\n" +
         SigV4CanonicalQuery(req.query) + "\n" + h.headers + "\n" + h.signed_headers + "\n" + req.payload_hash;
}

std::string SigV4Signer::StringToSign(const SigV4Request& req, std::string_view amz_date) const {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + Scope(amz_date, region_, service_) + "\n" +
         Sha256Hex(CanonicalRequest(req));
}

std::string SigV4Signer::Authorization(const SigV4Request& req, std::string_view amz_date) const {
  std::string key = Hmac("AWS4" + secret_key_, amz_date.substr(0, 8));
  key = Hmac(key, region_);
  key = Hmac(key, service_);
  key = Hmac(key, "aws4_request");
  std::string sig = Hmac(key, StringToSign(req, amz_date));
  return "AWS4-HMAC-SHA256 Credential=" + access_key_ + "/" + Scope(amz_date, region_, service_) +
         ",SignedHeaders=" + CanonicalHeaders(req.headers).signed_headers +
         ",Signature=" + Hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

}  // namespace feb::storage
