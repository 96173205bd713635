// Feeds arbitrary bytes to every S3 response parser and, split into key=value lines, to the
// S3 properties parser and the redaction. Each must answer with a Status, never crash; what
// a listing parser accepts must be self-consistent, and a redacted map never shows a secret.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/storage/s3_config.h"
#include "common/storage/s3_responses.h"
#include "common/storage/storage_properties.h"
#include "common/storage/xml_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace feb::storage;

  (void)ParseXml(text);
  (void)ParseS3Error(text);
  auto page = ParseListObjectsV2(text);
  if (page.ok()) {
    if (page->truncated && page->next_continuation_token.empty()) std::abort();
    for (const S3Object& o : page->objects) {
      if (o.key.empty()) std::abort();
    }
  }
  (void)ParseInitiateMultipartUpload(text);
  (void)ParseCompleteMultipartUpload(text);
  (void)ParseListMultipartUploads(text);

  // "key=value" lines as repository properties
  StorageProperties props;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    size_t eq = line.find('=');
    if (eq != std::string_view::npos) props[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    start = end + 1;
  }
  auto config = ParseS3Config(props);
  if (config.ok()) {
    if (config->access_key.empty() || config->secret_key.empty() || config->host.empty()) std::abort();
    if (config->scheme != "http" && config->scheme != "https") std::abort();
  } else if (props.count("aws.s3.secret_key") != 0) {
    // no error text carries the secret: the same properties with a secret of a shape the
    // input cannot hold (so no fixed text or other value contains it) must fail without it
    StorageProperties marked = props;
    const std::string marker = "\x01secret-marker\x01";
    marked["aws.s3.secret_key"] = marker;
    bool marker_elsewhere = false;
    for (const auto& [key, value] : props) {
      marker_elsewhere = marker_elsewhere || key.find(marker) != std::string::npos || value.find(marker) != std::string::npos;
    }
    auto again = ParseS3Config(marked);
    if (!marker_elsewhere && !again.ok() && again.status().message().find(marker) != std::string::npos) std::abort();
  }
  for (const auto& [key, value] : RedactStorageProperties(props)) {
    if (IsSecretStorageProperty(key) && value != kRedactedValue) std::abort();
  }
  return 0;
}
