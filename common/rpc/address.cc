#include "common/rpc/address.h"

#include <charconv>

namespace feb::rpc {

Result<Address> Address::Parse(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return Status::InvalidArgument("expected host:port, got '" + text + "'");
  }
  int port = 0;
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, port);
  if (ec != std::errc() || ptr != last || port <= 0 || port > 65535) {
    return Status::InvalidArgument("bad port in '" + text + "'");
  }
  return Address{text.substr(0, colon), port};
}

}  // namespace feb::rpc
