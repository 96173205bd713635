// S3Config: how to reach an S3-compatible service, parsed from a repository's properties
// (StarRocks' names: "aws.s3.access_key", "aws.s3.secret_key", "aws.s3.endpoint",
// "aws.s3.region", "aws.s3.enable_path_style_access", "aws.s3.enable_ssl").
#pragma once

#include <string>
#include <vector>

#include "common/status/result.h"
#include "common/storage/storage_properties.h"

namespace feb::storage {

struct S3Config {
  std::string scheme;     // "http" or "https"
  std::string host;       // "127.0.0.1", "s3.us-east-1.amazonaws.com" (no port)
  int port = 0;           // 0 = the scheme's default
  std::string region;     // "us-east-1" unless given
  std::string access_key;
  std::string secret_key;  // never printed (ToString leaves it out)
  bool path_style = false;  // "http://host/bucket/key" instead of "http://bucket.host/key"

  // "http://127.0.0.1:9000": what errors name (no credentials).
  std::string EndpointUrl() const;
  // "host[:port]" as sent in the Host header.
  std::string HostPort() const;
};

// Every aws.s3.* key we know (documented in docs/s3.md), the secret flagged.
const std::vector<StoragePropertySpec>& S3PropertySpecs();

// Validates `properties` for an s3:// location: the aws.s3.* keys must be known
// (InvalidArgument naming the key otherwise), StarRocks keys we do not implement
// (aws.s3.use_instance_profile, aws.s3.iam_role_arn, ...) answer NotSupported when they ask for
// anything, access and secret key are both required. Keys outside aws.s3.* are not ours and
// are ignored. The endpoint defaults to "https://s3.<region>.amazonaws.com"; one without a
// scheme gets https unless aws.s3.enable_ssl is false. Path style defaults to true when the
// endpoint's host is an IP address or "localhost", virtual-hosted otherwise.
Result<S3Config> ParseS3Config(const StorageProperties& properties);

}  // namespace feb::storage
