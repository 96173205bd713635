// DumpJson: serializes nlohmann JSON without ever throwing. Strings that are not valid UTF-8
// (they can only come from a peer's report) are written with U+FFFD in place of bad bytes
// instead of aborting the caller.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace feb::plugin {

template <typename JsonT>
std::string DumpJson(const JsonT& j, int indent = -1) {
  return j.dump(indent, ' ', false, JsonT::error_handler_t::replace);
}

}  // namespace feb::plugin
