#include "fake_s3_transport.h"

#include <algorithm>
#include <cctype>

#include "common/storage/md5.h"
#include "common/storage/s3_client.h"

namespace feb::storage::testing {
namespace {

std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string Header(const HeaderList& h, const std::string& name) {
  for (const auto& [n, v] : h) {
    std::string lower = n;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == name) return v;
  }
  return "";
}

HttpResponse Ok(long status, std::string body = "") {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string Etag(const std::string& data) { return "\"" + Md5::Of(data) + "\""; }

}  // namespace

S3Config FakeS3Config(const std::string& secret) {
  S3Config c;
  c.scheme = "http";
  c.host = "127.0.0.1";
  c.port = 4568;
  c.region = "us-east-1";
  c.access_key = "AK";
  c.secret_key = secret;
  c.path_style = true;
  return c;
}

HttpResponse FakeS3Transport::Error(long status, const std::string& code, const std::string& message) {
  return Ok(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message +
                        "</Message></Error>");
}

void FakeS3Transport::SetFault(Fault fault) {
  MutexLock lock(mu_);
  fault_ = std::move(fault);
}

void FakeS3Transport::PutObject(const std::string& bucket, const std::string& key, std::string data) {
  MutexLock lock(mu_);
  objects_[bucket][key] = std::move(data);
}

std::map<std::string, std::string> FakeS3Transport::Objects(const std::string& bucket) {
  MutexLock lock(mu_);
  return objects_[bucket];
}

size_t FakeS3Transport::OpenUploads() {
  MutexLock lock(mu_);
  return uploads_.size();
}

std::vector<std::string> FakeS3Transport::Requests() {
  MutexLock lock(mu_);
  return requests_;
}

HeaderList FakeS3Transport::LastHeaders() {
  MutexLock lock(mu_);
  return last_headers_;
}

Result<HttpResponse> FakeS3Transport::Send(const HttpRequest& request) {
  MutexLock lock(mu_);
  // http://host[:port]/bucket/key?query
  std::string_view url = request.url;
  size_t scheme_end = url.find("://");
  size_t path_start = url.find('/', scheme_end + 3);
  std::string_view path = path_start == std::string_view::npos ? "/" : url.substr(path_start);
  std::string_view query_text;
  size_t q = path.find('?');
  if (q != std::string_view::npos) {
    query_text = path.substr(q + 1);
    path = path.substr(0, q);
  }
  requests_.push_back(request.method + " " + Decode(path) + (query_text.empty() ? "" : "?" + Decode(query_text)));
  last_headers_ = request.headers;
  const int call = ++calls_;
  if (fault_) {
    std::optional<Result<HttpResponse>> injected = fault_(request, call);
    if (injected) return *injected;
  }
  std::map<std::string, std::string> query;
  while (!query_text.empty()) {
    size_t amp = query_text.find('&');
    std::string_view pair = query_text.substr(0, amp);
    size_t eq = pair.find('=');
    query[Decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : Decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query_text.remove_prefix(amp + 1);
  }
  std::string p = Decode(path.substr(1));
  size_t slash = p.find('/');
  std::string bucket = p.substr(0, slash);
  std::string key = slash == std::string::npos ? "" : p.substr(slash + 1);
  if (Header(request.headers, "x-amz-content-sha256").empty() || Header(request.headers, "authorization").empty()) {
    return Error(400, "MissingSecurityHeader", "no signature");
  }
  return Handle(request.method, bucket, key, query, request.headers, request.body);
}

HttpResponse FakeS3Transport::Handle(const std::string& method, const std::string& bucket, const std::string& key,
                                     const std::map<std::string, std::string>& query, const HeaderList& headers,
                                     std::string_view body) {
  if (buckets_.count(bucket) == 0) return Error(404, "NoSuchBucket", "The specified bucket does not exist");
  auto& objects = objects_[bucket];
  auto has = [&](const char* name) { return query.count(name) > 0; };
  auto arg = [&](const char* name) {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  };
  auto md5_ok = [&]() {
    std::string want = Header(headers, "content-md5");
    return want.empty() || want == Md5HexToBase64(Md5::Of(body));
  };
  if (method == "PUT" && has("partNumber")) {
    auto it = uploads_.find(arg("uploadId"));
    if (it == uploads_.end()) return Error(404, "NoSuchUpload", "The specified upload does not exist");
    if (!md5_ok()) return Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
    it->second.parts[std::stoi(arg("partNumber"))] = std::string(body);
    HttpResponse r = Ok(200);
    r.headers.emplace_back("etag", Etag(std::string(body)));
    return r;
  }
  if (method == "PUT") {
    if (!md5_ok()) return Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
    objects[key] = std::string(body);
    HttpResponse r = Ok(200);
    r.headers.emplace_back("etag", Etag(objects[key]));
    return r;
  }
  if (method == "POST" && has("uploads")) {
    std::string id = std::to_string(next_upload_++);
    uploads_[id] = Upload{bucket, key, {}};
    return Ok(200, "<InitiateMultipartUploadResult><Bucket>" + bucket + "</Bucket><Key>" + key + "</Key><UploadId>" +
                       id + "</UploadId></InitiateMultipartUploadResult>");
  }
  if (method == "POST" && has("uploadId")) {
    auto it = uploads_.find(arg("uploadId"));
    if (it == uploads_.end()) return Error(404, "NoSuchUpload", "The specified upload does not exist");
    std::string data;
    for (const auto& [n, part] : it->second.parts) data += part;
    objects[key] = data;
    uploads_.erase(it);
    return Ok(200, "<CompleteMultipartUploadResult><Key>" + key + "</Key></CompleteMultipartUploadResult>");
  }
  if (method == "DELETE" && has("uploadId")) {
    if (uploads_.erase(arg("uploadId")) == 0) return Error(404, "NoSuchUpload", "The specified upload does not exist");
    return Ok(204);
  }
  if (method == "DELETE") {
    objects.erase(key);
    return Ok(204);
  }
  if (method == "GET" && has("uploads")) {
    std::string xml = "<ListMultipartUploadsResult><IsTruncated>false</IsTruncated>";
    for (const auto& [id, u] : uploads_) {
      if (u.bucket == bucket && u.key.rfind(arg("prefix"), 0) == 0) {
        xml += "<Upload><Key>" + u.key + "</Key><UploadId>" + id + "</UploadId></Upload>";
      }
    }
    return Ok(200, xml + "</ListMultipartUploadsResult>");
  }
  if (method == "GET" && key.empty()) {  // ListObjectsV2
    const std::string prefix = arg("prefix");
    const std::string delimiter = arg("delimiter");
    const std::string after = arg("continuation-token");
    const int max_keys = has("max-keys") ? std::stoi(arg("max-keys")) : 1000;
    std::string xml = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Prefix>" + prefix + "</Prefix>";
    std::set<std::string> prefixes;
    int n = 0;
    std::string last;
    bool truncated = false;
    for (const auto& [k, v] : objects) {
      if (k.rfind(prefix, 0) != 0 || (!after.empty() && k <= after)) continue;
      std::string rest = k.substr(prefix.size());
      size_t d = delimiter.empty() ? std::string::npos : rest.find(delimiter);
      std::string entry;
      if (d != std::string::npos) {
        std::string cp = prefix + rest.substr(0, d + 1);
        if (prefixes.count(cp)) {
          last = k;
          continue;
        }
        if (n == max_keys) {
          truncated = true;
          break;
        }
        prefixes.insert(cp);
        entry = "<CommonPrefixes><Prefix>" + cp + "</Prefix></CommonPrefixes>";
      } else {
        if (n == max_keys) {
          truncated = true;
          break;
        }
        entry = "<Contents><Key>" + k + "</Key><Size>" + std::to_string(v.size()) + "</Size><ETag>" + Etag(v) +
                "</ETag></Contents>";
      }
      xml += entry;
      ++n;
      last = k;
    }
    xml += std::string("<IsTruncated>") + (truncated ? "true" : "false") + "</IsTruncated>";
    if (truncated) xml += "<NextContinuationToken>" + last + "</NextContinuationToken>";
    return Ok(200, xml + "</ListBucketResult>");
  }
  auto it = objects.find(key);
  if (method == "HEAD") {
    if (it == objects.end()) return Ok(404);
    HttpResponse r = Ok(200);
    r.headers.emplace_back("content-length", std::to_string(it->second.size()));
    r.headers.emplace_back("etag", Etag(it->second));
    return r;
  }
  if (method == "GET") {
    if (it == objects.end()) return Error(404, "NoSuchKey", "The specified key does not exist.");
    const std::string& data = it->second;
    std::string if_match = Header(headers, "if-match");
    if (!if_match.empty() && if_match != Etag(data)) return Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    std::string range = Header(headers, "range");
    HttpResponse r;
    r.headers.emplace_back("etag", Etag(data));
    if (range.rfind("bytes=", 0) != 0) {
      r.status = 200;
      r.body = data;
      return r;
    }
    size_t dash = range.find('-');
    uint64_t from = std::stoull(range.substr(6, dash - 6));
    uint64_t to = std::stoull(range.substr(dash + 1));
    if (from >= data.size()) return Error(416, "InvalidRange", "The requested range is not satisfiable");
    to = std::min<uint64_t>(to, data.size() - 1);
    r.status = 206;
    r.body = data.substr(from, to - from + 1);
    r.headers.emplace_back("content-range", "bytes " + std::to_string(from) + "-" + std::to_string(to) + "/" +
                                                 std::to_string(data.size()));
    return r;
  }
  return Error(405, "MethodNotAllowed", "not in the fake");
}

}  // namespace feb::storage::testing
