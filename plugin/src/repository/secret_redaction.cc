#include "plugin/src/repository/secret_redaction.h"

#include <algorithm>
#include <cctype>

namespace feb::plugin {

bool IsSecretProperty(std::string_view key) {
  static constexpr std::string_view kSecretKey = "aws.s3.secret_key";
  return key.size() == kSecretKey.size() &&
         std::equal(key.begin(), key.end(), kSecretKey.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

std::string RedactSecrets(std::string text, const std::map<std::string, std::string>& properties) {
  for (const auto& [key, value] : properties) {
    if (!IsSecretProperty(key) || value.empty()) continue;
    for (size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + kRedactedValue.size())) {
      text.replace(at, value.size(), kRedactedValue);
    }
  }
  return text;
}

}  // namespace feb::plugin
