// StorageRegistry: picks the Storage implementation for a URI by its scheme, configured by the
// repository's properties (e.g. "aws.s3.endpoint" for s3://). Build one with
// MakeDefaultStorageRegistry() (file:// registered) and pass it where storage is needed;
// tests register fakes (e.g. a fault-injecting wrapper) under any scheme.
// Thread-safe: Register() and Open() may be called concurrently.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status/result.h"
#include "common/storage/storage.h"
#include "common/storage/storage_properties.h"

namespace feb::storage {

class StorageRegistry {
 public:
  // Builds the storage for `uri` with `properties`; InvalidArgument naming the key for a
  // property it does not know or a value it cannot use.
  using Factory =
      std::function<Result<std::shared_ptr<Storage>>(const std::string& uri, const StorageProperties& properties)>;

  // Registers (or replaces) the factory for a lowercase scheme ("file", "s3").
  void Register(const std::string& scheme, Factory factory);
  // The storage for `uri`: InvalidArgument when the URI has no scheme, NotSupported
  // ("storage scheme 's3' is not supported yet: s3://b/p") when none is registered.
  Result<std::shared_ptr<Storage>> Open(const std::string& uri, const StorageProperties& properties = {}) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, Factory> factories_;  // guarded by mu_
};

// A registry with LocalStorage under "file" and S3Storage under "s3" and "s3a" (one
// connection pool per endpoint, shared by every storage the registry opens for it).
std::shared_ptr<StorageRegistry> MakeDefaultStorageRegistry();
// The same with S3 tuned (retries, timeouts, part size; tests inject a transport).
struct S3FactoryOptions;
std::shared_ptr<StorageRegistry> MakeDefaultStorageRegistry(const S3FactoryOptions& s3_options);

}  // namespace feb::storage
