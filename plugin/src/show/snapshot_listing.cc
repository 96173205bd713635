#include "plugin/src/show/snapshot_listing.h"

#include <algorithm>

#include "common/storage/md5.h"
#include "plugin/src/repository/backup_job_info.h"

namespace feb::plugin {

namespace {

// One row of the short form for `label`.
std::vector<std::optional<std::string>> BriefRow(SnapshotRepository& repo, const std::string& label) {
  Result<std::vector<std::string>> names = repo.ListDir(repo.layout().SnapshotDir(label));
  if (!names.ok()) return {label, "NULL", "ERROR: Failed to get info: " + names.status().message()};
  // Only a published job-info file with a well-formed time stamp makes a snapshot; anything
  // else starting with "__info_" (a staging ".part" of an interrupted upload, a bad name) is
  // shown as "Invalid: <name>", as StarRocks shows names without a checksum, but never
  // counts.
  std::vector<std::string> stamps;
  bool any_valid = false;
  for (const auto& name : *names) {
    if (name.rfind(RepositoryLayout::kInfoPrefix, 0) != 0) continue;
    auto info = RepositoryLayout::ParseInfoFileName(name);
    if (info) {
      any_valid = true;
      stamps.push_back(info->first);
    } else {
      stamps.push_back("Invalid: " + name);
    }
  }
  if (stamps.empty()) return {label, "NULL", "ERROR: no snapshot"};
  std::string joined;
  for (size_t i = 0; i < stamps.size(); ++i) joined += (i ? "\n" : "") + stamps[i];
  return {label, joined, any_valid ? "OK" : "ERROR: no snapshot"};
}

std::vector<std::optional<std::string>> DetailRow(SnapshotRepository& repo, const std::string& label,
                                                  const std::string& timestamp) {
  auto failed = [&](const std::string& why) -> std::vector<std::optional<std::string>> {
    return {label, timestamp, "NULL", "NULL", "Failed to get info: " + why};
  };
  Result<std::vector<std::string>> names = repo.ListDir(repo.layout().SnapshotDir(label));
  if (!names.ok()) return failed(names.status().message());
  std::vector<std::string> matches;
  for (const auto& name : *names) {
    auto info = RepositoryLayout::ParseInfoFileName(name);
    if (info && info->first == timestamp) matches.push_back(name);
  }
  if (matches.empty()) return failed("snapshot " + label + " has no job info file for timestamp " + timestamp);
  if (matches.size() > 1) return failed("more than one job info file for timestamp " + timestamp);
  std::string path = repo.layout().SnapshotDir(label) + "/" + matches[0];
  Result<std::string> content = repo.Read(path);
  if (!content.ok()) return failed(content.status().message());
  std::string expected = RepositoryLayout::ParseInfoFileName(matches[0])->second;
  std::string actual = storage::Md5::Of(*content);
  if (actual != expected) return failed("md5sum does not equal. local: " + actual + ", remote: " + expected);
  Result<BackupJobInfo> info = BackupJobInfo::FromJson(*content);
  if (!info.ok()) return failed(info.status().message());
  return {label, timestamp, info->database, info->ToBriefJson(), "OK"};
}

}  // namespace

Result<fe_backup::StatementResult> SnapshotListing::Show(SnapshotRepository& repo, const SnapshotFilter& filter) {
  fe_backup::StatementResult r;
  r.has_result_set = true;
  if (filter.snapshot && filter.timestamp) {
    r.columns = {"Snapshot", "Timestamp", "Database", "Details", "Status"};
    r.rows.push_back(DetailRow(repo, *filter.snapshot, *filter.timestamp));
    return r;
  }
  r.columns = {"Snapshot", "Timestamp", "Status"};
  std::vector<std::string> labels;
  if (filter.snapshot) {
    labels.push_back(*filter.snapshot);  // shown whether it exists or not, as StarRocks does
  } else {
    Result<std::vector<std::string>> all = repo.ListSnapshots();
    if (!all.ok()) {
      return Status(all.status().code(),
                    "Failed to list snapshot in repo: " + repo.name() + ", err: " + all.status().message());
    }
    for (const auto& l : *all) {
      if (filter.in_list.empty() || std::find(filter.in_list.begin(), filter.in_list.end(), l) != filter.in_list.end()) {
        labels.push_back(l);
      }
    }
  }
  for (const auto& label : labels) r.rows.push_back(BriefRow(repo, label));
  return r;
}

}  // namespace feb::plugin
