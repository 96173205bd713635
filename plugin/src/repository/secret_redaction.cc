#include "plugin/src/repository/secret_redaction.h"

#include "common/storage/storage_properties.h"

namespace feb::plugin {

std::string RedactSecrets(std::string text, const std::map<std::string, std::string>& properties) {
  const std::string_view hidden = storage::kRedactedValue;
  for (const auto& [key, value] : properties) {
    if (!storage::IsSecretStorageProperty(key) || value.empty()) continue;
    for (size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + hidden.size())) {
      text.replace(at, value.size(), hidden);
    }
  }
  return text;
}

}  // namespace feb::plugin
