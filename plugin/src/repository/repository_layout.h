// RepositoryLayout: where StarRocks puts things inside a repository. Pure path arithmetic,
// no I/O. Paths are "<location>/<prefix><repo>/..." joined with '/', the location verbatim
// without a trailing '/'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace feb::plugin {

class RepositoryLayout {
 public:
  static constexpr std::string_view kStarRocksPrefix = "__starrocks_repository_";
  static constexpr std::string_view kPaloPrefix = "__palo_repository_";
  static constexpr std::string_view kRepoInfoName = "__repo_info";
  static constexpr std::string_view kSnapshotDirPrefix = "__ss_";
  static constexpr std::string_view kContentDirName = "__ss_content";
  static constexpr std::string_view kMetaName = "__meta";
  static constexpr std::string_view kInfoPrefix = "__info_";

  // `prefix` is kStarRocksPrefix, or kPaloPrefix for a repository a Doris/old FE created.
  RepositoryLayout(std::string location, std::string repo_name, std::string_view prefix = kStarRocksPrefix);

  const std::string& location() const { return location_; }
  // <location>/<prefix><repo>
  const std::string& root() const { return root_; }
  std::string RepoInfoPath() const;
  // <root>/__ss_<label>
  std::string SnapshotDir(std::string_view label) const;
  // <root>/__ss_<label>/__meta (the published file adds ".<md5>")
  std::string MetaPath(std::string_view label) const;
  // <root>/__ss_<label>/__info_<timestamp> (the published file adds ".<md5>")
  std::string InfoPath(std::string_view label, std::string_view timestamp) const;
  // <root>/__ss_<label>/__ss_content/__db_<db>/__tbl_<tbl>/__part_<part>/__idx_<idx>/__<tablet>
  std::string TabletDir(std::string_view label, int64_t db_id, int64_t table_id, int64_t partition_id,
                        int64_t index_id, int64_t tablet_id) const;

  // "<name>.<md5>" -> {name, md5} when the suffix after the last '.' is 32 lowercase hex digits.
  static std::optional<std::pair<std::string, std::string>> SplitChecksum(std::string_view file_name);
  static std::string WithChecksum(std::string_view name, std::string_view md5_hex);
  // True for a snapshot time stamp as written in job-info file names:
  // "yyyy-MM-dd-HH-mm-ss-SSS", digits in their fields' ranges (month 01-12, day 01-31,
  // hour 00-23, minute 00-59, second 00-60).
  static bool IsInfoTimestamp(std::string_view timestamp);
  // "__info_<timestamp>.<md5>" -> {timestamp, md5} for a published job-info file; nullopt for
  // anything else: a staging "__info_<timestamp>.part", a bad time stamp, a bad checksum.
  static std::optional<std::pair<std::string, std::string>> ParseInfoFileName(std::string_view file_name);
  // True for a label that is safe as one directory name: 1-128 characters of [A-Za-z0-9_-],
  // not starting with '-'.
  static bool IsSafeLabel(std::string_view label);
  // True for one file name a backend may report: 1-255 bytes of valid UTF-8, no '/', no
  // control characters, not "." or "..".
  static bool IsSafeFileName(std::string_view name);

 private:
  std::string location_;
  std::string root_;
};

}  // namespace feb::plugin
