#include "common/storage/storage_properties.h"

#include <algorithm>
#include <cctype>

#include "common/storage/s3_config.h"

namespace feb::storage {

bool IsSecretStorageProperty(std::string_view key) {
  for (const StoragePropertySpec& spec : S3PropertySpecs()) {
    if (spec.name == key) return spec.secret;
  }
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (std::string_view word : {"secret", "password", "token", "credential"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

StorageProperties RedactStorageProperties(const StorageProperties& properties) {
  StorageProperties out = properties;
  for (auto& [key, value] : out) {
    if (IsSecretStorageProperty(key)) value = std::string(kRedactedValue);
  }
  return out;
}

}  // namespace feb::storage
