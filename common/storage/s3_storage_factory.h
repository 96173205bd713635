// S3StorageFactory: builds the S3Storage of an s3:// location from the repository's
// properties (s3_config.h), keeping one HTTP connection pool per endpoint: every storage opened
// for the same endpoint URL shares its transport, so tablets uploaded one after another reuse
// their keep-alive connections. Registered under "s3" and "s3a" by MakeDefaultStorageRegistry.
// Thread-safe: Open() may run concurrently (the pool map is the only shared state).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/status/result.h"
#include "common/storage/curl_http_transport.h"
#include "common/storage/retry_policy.h"
#include "common/storage/s3_config.h"
#include "common/storage/s3_storage.h"
#include "common/sync/mutex.h"

namespace feb::storage {

struct S3FactoryOptions {
  S3StorageOptions storage;
  RetryPolicy retry;
  RetryEnv env;
  HttpTimeouts timeouts;
  // Makes the transport of an endpoint; empty: a CurlHttpTransport. Tests inject fakes here.
  std::function<std::shared_ptr<HttpTransport>(const S3Config&)> make_transport;
};

class S3StorageFactory {
 public:
  explicit S3StorageFactory(S3FactoryOptions options = {});

  // InvalidArgument for a bad location or properties (naming the key), NotSupported for
  // credentials we do not implement. Does not touch the network.
  Result<std::shared_ptr<Storage>> Open(const std::string& uri, const StorageProperties& properties) EXCLUDES(mu_);

 private:
  std::shared_ptr<HttpTransport> TransportFor(const S3Config& config) EXCLUDES(mu_);

  const S3FactoryOptions options_;
  Mutex mu_;
  std::map<std::string, std::shared_ptr<HttpTransport>> transports_ GUARDED_BY(mu_);  // by endpoint URL
};

}  // namespace feb::storage
