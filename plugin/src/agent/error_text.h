// CapText: error text kept by the module is bounded, whatever a backend or a storage says, so
// that a job of a million tasks cannot hold gigabytes of repeated messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace feb::plugin {

// `text` cut to at most `max_bytes` bytes (on a UTF-8 boundary), with "..." when cut.
inline std::string CapText(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t n = max_bytes >= 3 ? max_bytes - 3 : 0;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n)) + "...";
}

}  // namespace feb::plugin
