// BackupJob's SHOW BACKUP row, read from a copy taken under the job's state mutex.
#include <algorithm>
#include <cstdio>

#include "common/time/time_format.h"
#include "plugin/src/job/backup_job.h"
#include "plugin/src/job/text_list.h"

namespace feb::plugin {

namespace {

// At most this many unfinished tasks are listed; the rest are counted.
constexpr size_t kMaxListedTasks = 100;

}  // namespace

const std::vector<std::string>& BackupJob::ShowColumns() {
  static const std::vector<std::string> kColumns = {
      "JobId",      "SnapshotName",    "DbName",   "State",      "BackupObjs",
      "CreateTime", "SnapshotFinishedTime", "UploadFinishedTime", "FinishedTime", "UnfinishedTasks",
      "Progress",   "TaskErrMsg",      "Status",   "Timeout",    "BytesDone",
      "BytesTotal", "Throughput"};
  return kColumns;
}

std::vector<std::optional<std::string>> BackupJob::ShowRow() const {
  MutexLock l(mu_);
  std::vector<std::optional<std::string>> row;
  row.push_back(std::to_string(job_id_));
  row.push_back(label_);
  row.push_back(db_name_);
  row.push_back(std::string(BackupJobStateName(state_)));
  std::vector<std::string> objs;
  for (const auto& ref : table_refs_) {
    std::string o = "[" + db_name_ + "." + ref.table;
    if (!ref.partitions.empty()) o += " PARTITIONS (" + Join(ref.partitions, ", ") + ")";
    objs.push_back(o + "]");
  }
  for (const auto& view : views_) objs.push_back("[" + db_name_ + "." + view.name + "]");
  row.push_back(Join(objs, ", "));
  row.push_back(FormatShowTime(create_time_ms_));
  row.push_back(FormatShowTime(snapshot_finished_time_ms_));
  row.push_back(FormatShowTime(upload_finished_time_ms_));
  row.push_back(FormatShowTime(finished_time_ms_));
  std::vector<std::string> unfinished;
  const TaskTracker* tracker = state_ == BackupJobState::kSnapshoting ? &snapshots_
                               : state_ == BackupJobState::kUploading ? &upload_tasks_
                                                                       : nullptr;
  if (tracker != nullptr) {
    for (size_t i : tracker->Unfinished(kMaxListedTasks)) {
      int64_t name = state_ == BackupJobState::kSnapshoting ? tablets_[i].id : tracker->SignatureOf(i);
      unfinished.push_back(std::to_string(name) + "=" + std::to_string(tracker->backend(i)));
    }
    size_t left = tracker->size() - tracker->done_count();
    if (left > unfinished.size()) unfinished.push_back("... (" + std::to_string(left) + " in all)");
  }
  row.push_back(Join(unfinished, ", "));
  std::vector<std::string> progress;
  for (const auto& [sig, p] : progress_) {
    if (progress.size() >= kMaxListedTasks) break;
    progress.push_back("[" + std::to_string(sig) + ": " + std::to_string(p.first) + "/" + std::to_string(p.second) + "]");
  }
  row.push_back(Join(progress, ", "));
  std::vector<std::string> errors;
  if (tracker != nullptr) {
    for (const auto& [sig, msg] : tracker->errors()) errors.push_back("[" + std::to_string(sig) + ": " + msg + "]");
  }
  if (!last_info_error_.empty()) errors.push_back("[job info: " + last_info_error_ + "]");
  row.push_back(Join(errors, ", "));
  row.push_back(status_.ToString());
  row.push_back(std::to_string(timeout_ms_ / 1000));
  row.push_back(std::to_string(bytes_done_));
  row.push_back(bytes_total_ >= 0 ? std::optional<std::string>(std::to_string(bytes_total_)) : std::nullopt);
  std::optional<std::string> throughput;
  if (snapshot_finished_time_ms_ > 0 && bytes_done_ > 0) {
    int64_t end = upload_finished_time_ms_ > 0 ? upload_finished_time_ms_ : ctx_.clock->NowMs();
    int64_t ms = std::max<int64_t>(1, end - snapshot_finished_time_ms_);
    throughput = FormatBytes(static_cast<int64_t>(static_cast<double>(bytes_done_) * 1000.0 / static_cast<double>(ms))) + "/s";
  }
  row.push_back(throughput);
  return row;
}

}  // namespace feb::plugin
