// Small functions for repository URIs and checksum-suffixed file names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status/result.h"

namespace feb::storage {

// "file:///a/b" -> "file". Empty when the URI has no "scheme://".
std::string UriScheme(std::string_view uri);
// Joins a directory URI and a relative name with exactly one '/'.
std::string JoinUri(std::string_view dir, std::string_view name);
// True when the path (or URI) has a "." or ".." component or an empty component in its middle.
bool HasUnsafeComponent(std::string_view path);
// True when `path` equals `root` or lies below it (component-wise, no "..": call
// HasUnsafeComponent first).
bool IsWithin(std::string_view root, std::string_view path);

// "<name>.<32 lowercase hex>" -> {name, md5}; nullopt when the suffix is not an md5.
struct ChecksumName {
  std::string name;
  std::string md5;
};
std::optional<ChecksumName> SplitChecksumName(std::string_view file_name);
bool IsMd5Hex(std::string_view s);

}  // namespace feb::storage
