#include "common/rpc/rejected_task.h"

#include <charconv>

namespace feb::rpc {

std::string FormatRejectedTask(int32_t type, int64_t signature, std::string_view why) {
  return "[task " + std::to_string(type) + " " + std::to_string(signature) + "] " + std::string(why);
}

std::optional<RejectedTask> ParseRejectedTask(std::string_view text) {
  constexpr std::string_view kPrefix = "[task ";
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const char* p = text.data() + kPrefix.size();
  const char* end = text.data() + text.size();
  RejectedTask r;
  auto [after_type, e1] = std::from_chars(p, end, r.type);
  if (e1 != std::errc() || after_type == end || *after_type != ' ') return std::nullopt;
  auto [after_sig, e2] = std::from_chars(after_type + 1, end, r.signature);
  if (e2 != std::errc() || after_sig == end || *after_sig != ']') return std::nullopt;
  const char* msg = after_sig + 1;
  if (msg != end && *msg == ' ') ++msg;
  r.message.assign(msg, end);
  return r;
}

}  // namespace feb::rpc
