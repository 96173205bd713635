// JobStatus: a job's outcome as StarRocks shows it in SHOW BACKUP's Status column:
// "[OK]" or "[<CODE>, msg: <message>]".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace feb::plugin {

class JobStatus {
 public:
  // StarRocks' backup Status.ErrCode names.
  enum class Code { kOk, kNotFound, kBadFile, kCreateRemotePathFailed, kIsDir, kIsFile, kTimeout, kBadConnection,
                    kCommonError, kOlapVersionAlreadyMerged, kUnsupported, kBadReplace };

  JobStatus() = default;
  JobStatus(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

  static std::string_view CodeName(Code code);
  static std::optional<Code> CodeFromName(std::string_view name);

  bool operator==(const JobStatus&) const = default;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace feb::plugin
