// Address: host + port of a Thrift peer.
#pragma once

#include <string>
#include <tuple>

#include "common/status/result.h"

namespace feb::rpc {

struct Address {
  std::string host;
  int port = 0;

  std::string ToString() const { return host + ":" + std::to_string(port); }
  bool operator<(const Address& o) const { return std::tie(host, port) < std::tie(o.host, o.port); }
  bool operator==(const Address& o) const { return host == o.host && port == o.port; }

  // "host:port" -> Address; InvalidArgument names the text on error.
  static Result<Address> Parse(const std::string& text);
};

}  // namespace feb::rpc
