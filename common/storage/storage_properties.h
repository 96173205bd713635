// Repository properties (CREATE REPOSITORY ... PROPERTIES) as the storage layer sees them, and
// the one place that knows which of them are secret.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace feb::storage {

// A repository's properties as the user typed them in CREATE REPOSITORY (key -> value). They
// may hold secrets: never log or show them unredacted (RedactStorageProperties).
using StorageProperties = std::map<std::string, std::string>;

// One property a storage understands (STYLE rule 5): the table is the documentation, the
// validator's input and the redaction list.
struct StoragePropertySpec {
  enum class Kind { kString, kBool };
  std::string_view name;           // "aws.s3.access_key"
  Kind kind = Kind::kString;
  std::string_view default_value;  // "" = none
  bool secret = false;             // redacted in SHOW, logs and error texts
  bool supported = true;           // false: a StarRocks key we refuse when it asks for anything
  std::string_view doc;
};

// The text a secret value is shown as.
inline constexpr std::string_view kRedactedValue = "******";

// True for a key whose value must never be shown: a secret of a known table (s3), or any key
// whose name says it is one ("secret", "password", "token", "credential"; case-insensitive).
bool IsSecretStorageProperty(std::string_view key);

// A copy of `properties` with every secret value replaced by kRedactedValue, for SHOW output,
// logs and messages.
StorageProperties RedactStorageProperties(const StorageProperties& properties);

}  // namespace feb::storage
