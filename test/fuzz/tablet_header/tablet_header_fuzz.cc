// Feeds arbitrary bytes to the tablet header reader. It must answer with a Status, never crash;
// a header it accepts must survive a write/read round trip unchanged, and every md5 it accepts
// must be 32 lowercase hex digits (an upload names files with it).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "backend/storage/tablet_meta.h"
#include "common/storage/uri.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto meta = feb::be::TabletMeta::FromJson(text, "fuzz.hdr");
  if (!meta.ok()) return 0;
  for (const feb::be::VersionEntry& v : meta->versions) {
    if (!v.md5.empty() && !feb::storage::IsMd5Hex(v.md5)) std::abort();
  }
  const std::string once = meta->ToJson();
  auto again = feb::be::TabletMeta::FromJson(once, "fuzz.hdr");
  if (!again.ok() || again->ToJson() != once) std::abort();
  return 0;
}
