#include "common/storage/storage_registry.h"

#include "common/storage/local_storage.h"
#include "common/storage/s3_storage_factory.h"
#include "common/storage/uri.h"

namespace feb::storage {

void StorageRegistry::Register(const std::string& scheme, Factory factory) {
  std::lock_guard<std::mutex> lock(mu_);
  factories_[scheme] = std::move(factory);
}

Result<std::shared_ptr<Storage>> StorageRegistry::Open(const std::string& uri, const StorageProperties& properties) const {
  std::string scheme = UriScheme(uri);
  if (scheme.empty()) {
    return Status::InvalidArgument("repository location must be a URI such as file:///path, got '" + uri + "'");
  }
  Factory factory;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = factories_.find(scheme);
    if (it == factories_.end()) {
      return Status::NotSupported("storage scheme '" + scheme + "' is not supported yet: " + uri);
    }
    factory = it->second;
  }
  return factory(uri, properties);
}

std::shared_ptr<StorageRegistry> MakeDefaultStorageRegistry() { return MakeDefaultStorageRegistry(S3FactoryOptions{}); }

std::shared_ptr<StorageRegistry> MakeDefaultStorageRegistry(const S3FactoryOptions& s3_options) {
  auto registry = std::make_shared<StorageRegistry>();
  auto s3 = std::make_shared<S3StorageFactory>(s3_options);
  for (const char* scheme : {"s3", "s3a"}) {
    registry->Register(scheme, [s3](const std::string& uri, const StorageProperties& properties) {
      return s3->Open(uri, properties);
    });
  }
  auto local = std::make_shared<LocalStorage>();
  registry->Register("file", [local](const std::string&,
                                     const StorageProperties&) -> Result<std::shared_ptr<Storage>> {
    return std::shared_ptr<Storage>(local);
  });
  return registry;
}

}  // namespace feb::storage
