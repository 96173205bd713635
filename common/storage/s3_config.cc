#include "common/storage/s3_config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace feb::storage {
namespace {

using Kind = StoragePropertySpec::Kind;

constexpr std::string_view kAccessKey = "aws.s3.access_key";
constexpr std::string_view kSecretKey = "aws.s3.secret_key";
constexpr std::string_view kEndpoint = "aws.s3.endpoint";
constexpr std::string_view kRegion = "aws.s3.region";
constexpr std::string_view kPathStyle = "aws.s3.enable_path_style_access";
constexpr std::string_view kEnableSsl = "aws.s3.enable_ssl";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

Result<bool> ParseBool(std::string_view key, const std::string& value) {
  std::string v = Lower(value);
  if (v == "true") return true;
  if (v == "false") return false;
  return Status::InvalidArgument("property '" + std::string(key) + "' must be true or false, got '" + value + "'");
}

bool IsIpAddress(const std::string& host) {
  unsigned char buf[16];
  std::string h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return ::inet_pton(AF_INET, h.c_str(), buf) == 1 || ::inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

}  // namespace

const std::vector<StoragePropertySpec>& S3PropertySpecs() {
  static const std::vector<StoragePropertySpec> specs = {
      {kAccessKey, Kind::kString, "", false, true, "access key id (required)"},
      {kSecretKey, Kind::kString, "", true, true, "secret access key (required; never shown)"},
      {kEndpoint, Kind::kString, "", false, true,
       "service URL, e.g. http://127.0.0.1:9000; default https://s3.<region>.amazonaws.com"},
      {kRegion, Kind::kString, "us-east-1", false, true, "signing region"},
      {kPathStyle, Kind::kBool, "", false, true,
       "true: http://host/bucket/key; default true for an IP or localhost endpoint, else false"},
      {kEnableSsl, Kind::kBool, "true", false, true, "https for an endpoint given without a scheme"},
      {"aws.s3.use_instance_profile", Kind::kBool, "false", false, false, "EC2 instance profile credentials"},
      {"aws.s3.use_aws_sdk_default_behavior", Kind::kBool, "false", false, false, "AWS SDK credential chain"},
      {"aws.s3.iam_role_arn", Kind::kString, "", false, false, "assumed IAM role"},
      {"aws.s3.external_id", Kind::kString, "", false, false, "external id of an assumed role"},
      {"aws.s3.sts.region", Kind::kString, "", false, false, "STS region of an assumed role"},
      {"aws.s3.sts.endpoint", Kind::kString, "", false, false, "STS endpoint of an assumed role"},
  };
  return specs;
}

std::string S3Config::HostPort() const {
  std::string out = host;
  if (port != 0) out += ":" + std::to_string(port);
  return out;
}

std::string S3Config::EndpointUrl() const { return scheme + "://" + HostPort(); }

Result<S3Config> ParseS3Config(const StorageProperties& properties) {
  std::map<std::string_view, std::string> values;
  for (const auto& [key, value] : properties) {
    if (key.rfind("aws.s3.", 0) != 0) continue;  // the repository's own properties
    const StoragePropertySpec* spec = nullptr;
    for (const StoragePropertySpec& s : S3PropertySpecs()) {
      if (s.name == key) spec = &s;
    }
    if (spec == nullptr) {
      return Status::InvalidArgument("unknown property '" + key + "' for an s3 repository; known: " + [] {
        std::string names;
        for (const StoragePropertySpec& s : S3PropertySpecs()) {
          if (!s.supported) continue;
          if (!names.empty()) names += ", ";
          names += s.name;
        }
        return names;
      }());
    }
    if (spec->kind == Kind::kBool) {
      ASSIGN_OR_RETURN(bool on, ParseBool(key, value));
      if (!spec->supported && on) {
        return Status::NotSupported("property '" + key + "' is not supported: s3 repositories take " +
                                    std::string(kAccessKey) + " and " + std::string(kSecretKey));
      }
    } else if (!spec->supported && !value.empty()) {
      return Status::NotSupported("property '" + key + "' is not supported: s3 repositories take " +
                                  std::string(kAccessKey) + " and " + std::string(kSecretKey));
    }
    values[spec->name] = value;
  }
  S3Config c;
  auto get = [&](std::string_view key) -> std::string {
    auto it = values.find(key);
    return it == values.end() ? std::string() : it->second;
  };
  c.access_key = get(kAccessKey);
  c.secret_key = get(kSecretKey);
  if (c.access_key.empty()) return Status::InvalidArgument("property '" + std::string(kAccessKey) + "' is required for an s3 repository");
  if (c.secret_key.empty()) return Status::InvalidArgument("property '" + std::string(kSecretKey) + "' is required for an s3 repository");
  c.region = get(kRegion);
  if (c.region.empty()) c.region = "us-east-1";
  for (char ch : c.region) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) {
      return Status::InvalidArgument("property '" + std::string(kRegion) + "' is not a region name: '" + c.region + "'");
    }
  }
  bool ssl = true;
  if (values.count(kEnableSsl)) {
    ASSIGN_OR_RETURN(ssl, ParseBool(kEnableSsl, get(kEnableSsl)));
  }
  std::string endpoint = get(kEndpoint);
  if (endpoint.empty()) endpoint = "https://s3." + c.region + ".amazonaws.com";
  const std::string bad_endpoint = "property '" + std::string(kEndpoint) + "' must be [http[s]://]host[:port], got '" + endpoint + "'";
  std::string rest = endpoint;
  size_t sep = rest.find("://");
  if (sep != std::string::npos) {
    c.scheme = Lower(rest.substr(0, sep));
    rest = rest.substr(sep + 3);
    if (c.scheme != "http" && c.scheme != "https") return Status::InvalidArgument(bad_endpoint);
  } else {
    c.scheme = ssl ? "https" : "http";
  }
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty() || rest.find_first_of("/?#@ \t\r\n") != std::string::npos) return Status::InvalidArgument(bad_endpoint);
  size_t colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
    std::string port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) {
      return Status::InvalidArgument(bad_endpoint);
    }
    c.port = std::stoi(port);
    if (c.port <= 0 || c.port > 65535) return Status::InvalidArgument(bad_endpoint);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return Status::InvalidArgument(bad_endpoint);
  c.host = Lower(rest);
  if (values.count(kPathStyle)) {
    ASSIGN_OR_RETURN(c.path_style, ParseBool(kPathStyle, get(kPathStyle)));
  } else {
    c.path_style = IsIpAddress(c.host) || c.host == "localhost";
  }
  return c;
}

}  // namespace feb::storage
