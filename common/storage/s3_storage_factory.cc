#include "common/storage/s3_storage_factory.h"

#include "common/storage/s3_uri.h"

namespace feb::storage {

S3StorageFactory::S3StorageFactory(S3FactoryOptions options) : options_(std::move(options)) {}

std::shared_ptr<HttpTransport> S3StorageFactory::TransportFor(const S3Config& config) {
  MutexLock lock(mu_);
  std::shared_ptr<HttpTransport>& t = transports_[config.EndpointUrl()];
  if (!t) {
    t = options_.make_transport ? options_.make_transport(config)
                                : std::make_shared<CurlHttpTransport>(options_.timeouts);
  }
  return t;
}

Result<std::shared_ptr<Storage>> S3StorageFactory::Open(const std::string& uri, const StorageProperties& properties) {
  auto where = ParseS3Uri(uri);
  if (!where.ok()) return where.status();
  auto config = ParseS3Config(properties);
  if (!config.ok()) return config.status().WithContext("repository location " + uri);
  auto client = std::make_shared<const S3Client>(*config, TransportFor(*config), options_.retry, options_.env);
  return std::shared_ptr<Storage>(std::make_shared<S3Storage>(std::move(client), options_.storage));
}

}  // namespace feb::storage
