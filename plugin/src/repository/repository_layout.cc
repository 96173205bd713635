#include "plugin/src/repository/repository_layout.h"

namespace feb::plugin {

namespace {
bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
}  // namespace

RepositoryLayout::RepositoryLayout(std::string location, std::string repo_name, std::string_view prefix)
    : location_(std::move(location)) {
  while (location_.size() > 1 && location_.back() == '/' && location_.substr(location_.size() - 3) != "://") {
    location_.pop_back();
  }
  root_ = location_ + "/" + std::string(prefix) + repo_name;
}

std::string RepositoryLayout::RepoInfoPath() const { return root_ + "/" + std::string(kRepoInfoName); }

std::string RepositoryLayout::SnapshotDir(std::string_view label) const {
  return root_ + "/" + std::string(kSnapshotDirPrefix) + std::string(label);
}

std::string RepositoryLayout::MetaPath(std::string_view label) const {
  return SnapshotDir(label) + "/" + std::string(kMetaName);
}

std::string RepositoryLayout::InfoPath(std::string_view label, std::string_view timestamp) const {
  return SnapshotDir(label) + "/" + std::string(kInfoPrefix) + std::string(timestamp);
}

std::string RepositoryLayout::TabletDir(std::string_view label, int64_t db_id, int64_t table_id,
                                        int64_t partition_id, int64_t index_id, int64_t tablet_id) const {
  return SnapshotDir(label) + "/" + std::string(kContentDirName) + "/__db_" + std::to_string(db_id) + "/__tbl_" +
         std::to_string(table_id) + "/__part_" + std::to_string(partition_id) + "/__idx_" + std::to_string(index_id) +
         "/__" + std::to_string(tablet_id);
}

std::optional<std::pair<std::string, std::string>> RepositoryLayout::SplitChecksum(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string_view md5 = file_name.substr(dot + 1);
  if (md5.size() != 32) return std::nullopt;
  for (char c : md5) {
    if (!IsLowerHex(c)) return std::nullopt;
  }
  return std::make_pair(std::string(file_name.substr(0, dot)), std::string(md5));
}

std::string RepositoryLayout::WithChecksum(std::string_view name, std::string_view md5_hex) {
  std::string out(name);
  out += '.';
  out += md5_hex;
  return out;
}

bool RepositoryLayout::IsInfoTimestamp(std::string_view ts) {
  // yyyy-MM-dd-HH-mm-ss-SSS
  static constexpr std::string_view kShape = "dddd-dd-dd-dd-dd-dd-ddd";
  if (ts.size() != kShape.size()) return false;
  for (size_t i = 0; i < ts.size(); ++i) {
    bool digit = ts[i] >= '0' && ts[i] <= '9';
    if (kShape[i] == 'd' ? !digit : ts[i] != '-') return false;
  }
  auto field = [&](size_t pos) { return (ts[pos] - '0') * 10 + (ts[pos + 1] - '0'); };
  int month = field(5), day = field(8), hour = field(11), minute = field(14), second = field(17);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

std::optional<std::pair<std::string, std::string>> RepositoryLayout::ParseInfoFileName(std::string_view file_name) {
  if (file_name.substr(0, kInfoPrefix.size()) != kInfoPrefix) return std::nullopt;
  auto split = SplitChecksum(file_name);
  if (!split) return std::nullopt;
  std::string timestamp = split->first.substr(kInfoPrefix.size());
  if (!IsInfoTimestamp(timestamp)) return std::nullopt;
  return std::make_pair(std::move(timestamp), std::move(split->second));
}

bool RepositoryLayout::IsSafeFileName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
  for (size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f || c == '/') return false;
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > name.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0xff >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(name[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

bool RepositoryLayout::IsSafeLabel(std::string_view label) {
  if (label.empty() || label.size() > 128 || label.front() == '-') return false;
  for (char c : label) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace feb::plugin
