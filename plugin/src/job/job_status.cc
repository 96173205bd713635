#include "plugin/src/job/job_status.h"

#include <array>

namespace feb::plugin {

namespace {
constexpr std::array<std::pair<JobStatus::Code, std::string_view>, 12> kNames{{
    {JobStatus::Code::kOk, "OK"},
    {JobStatus::Code::kNotFound, "NOT_FOUND"},
    {JobStatus::Code::kBadFile, "BAD_FILE"},
    {JobStatus::Code::kCreateRemotePathFailed, "CREATE_REMOTE_PATH_FAILED"},
    {JobStatus::Code::kIsDir, "IS_DIR"},
    {JobStatus::Code::kIsFile, "IS_FILE"},
    {JobStatus::Code::kTimeout, "TIMEOUT"},
    {JobStatus::Code::kBadConnection, "BAD_CONNECTION"},
    {JobStatus::Code::kCommonError, "COMMON_ERROR"},
    {JobStatus::Code::kOlapVersionAlreadyMerged, "OLAP_VERSION_ALREADY_MERGED"},
    {JobStatus::Code::kUnsupported, "UNSUPPORTED"},
    {JobStatus::Code::kBadReplace, "BAD_REPLACE"},
}};
}  // namespace

std::string_view JobStatus::CodeName(Code code) {
  for (const auto& [c, n] : kNames) {
    if (c == code) return n;
  }
  return "COMMON_ERROR";
}

std::optional<JobStatus::Code> JobStatus::CodeFromName(std::string_view name) {
  for (const auto& [c, n] : kNames) {
    if (n == name) return c;
  }
  return std::nullopt;
}

std::string JobStatus::ToString() const {
  if (ok()) return "[OK]";
  return "[" + std::string(CodeName(code_)) + ", msg: " + message_ + "]";
}

}  // namespace feb::plugin
