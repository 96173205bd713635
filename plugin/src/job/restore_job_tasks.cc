// RestoreJob's tasks: what it sends, what each backend report does (report handlers take only
// the state mutex and do no I/O), and its SHOW RESTORE row.
#include <glog/logging.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "common/time/time_format.h"
#include "plugin/src/agent/error_text.h"
#include "plugin/src/job/restore_job.h"
#include "plugin/src/job/text_list.h"

namespace feb::plugin {

using fe_backup::TaskAnswer;
using fe_backup::TaskType;

namespace {

constexpr size_t kMaxListedTasks = 100;
// The backend's words for a downloaded file whose bytes do not match its name's md5: retrying
// cannot help, the repository holds a bad file.
constexpr std::string_view kBadMd5 = "invalid md5 of downloaded file";

bool ValidPath(const std::string& path) {
  return !path.empty() && path.size() <= 4096 && path[0] == '/' && path.find('\0') == std::string::npos &&
         path.find("/../") == std::string::npos;
}

}  // namespace

AgentTask RestoreJob::MakeTaskLocked(TaskType type, size_t i, const SnapshotRepository* repo) const {
  AgentTask task;
  task.type = type;
  auto local_dir = [](const Replica& r) {
    return r.path + "/" + std::to_string(r.tablet) + "/" + std::to_string(r.schema_hash);
  };
  if (type == TaskType::kMakeSnapshot) {
    const Replica& r = replicas_[i];
    task.signature = snapshots_.SignatureOf(i);
    task.backend_id = r.backend;
    SnapshotRequest req{r.tablet, r.schema_hash, r.version, timeout_ms_ / 1000, true};
    req.is_restore = true;
    task.snapshot = req;
  } else if (type == TaskType::kDownload) {
    const Download& d = downloads_[i];
    task.signature = download_tasks_.SignatureOf(i);
    task.backend_id = d.backend;
    DownloadRequest req;
    req.job_id = job_id_;
    req.properties = repo->properties();
    for (uint32_t k = d.first; k < d.first + d.count; ++k) {
      const Replica& r = replicas_[download_replicas_[k]];
      req.src_dest.emplace_back(
          repo->layout().TabletDir(label_, snapshot_db_id_, r.src_table, r.src_partition, r.src_index, r.src_tablet),
          local_dir(r));
    }
    task.download = std::move(req);
  } else {
    const Replica& r = replicas_[i];
    task.signature = moves_.SignatureOf(i);
    task.backend_id = r.backend;
    task.move = MoveRequest{r.tablet, r.schema_hash, local_dir(r), job_id_};
  }
  return task;
}

void RestoreJob::SendDue() {
  std::shared_ptr<SnapshotRepository> repo = ctx_.repos->FindById(repo_id_);
  std::vector<OutBatch> outs;
  {
    MutexLock l(mu_);
    int64_t now = ctx_.clock->MonotonicMs();
    auto usable = [this](int64_t be) { return BackendAlive(be); };
    for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kDownload, TaskType::kMove}) {
      if (type == TaskType::kDownload && repo == nullptr) continue;
      for (OutBatch& o : CollectDue(*TrackerLocked(type), type, generation_, now, ctx_.host->backends(), usable,
                                    [&](size_t i) NO_THREAD_SAFETY_ANALYSIS { return MakeTaskLocked(type, i, repo.get()); })) {
        outs.push_back(std::move(o));
      }
    }
  }
  std::weak_ptr<RestoreJob> self = weak_from_this();
  PostBatches(*ctx_.lanes, std::move(outs), [self](const SentBatch& sent, const SubmitOutcome& outcome) {
    if (std::shared_ptr<RestoreJob> job = self.lock()) job->OnSent(sent, outcome);
  });
}

void RestoreJob::OnSent(const SentBatch& sent, const SubmitOutcome& outcome) {
  MutexLock l(mu_);
  if (sent.generation != generation_) return;
  TaskTracker* tracker = TrackerLocked(sent.type);
  if (tracker == nullptr) return;
  tracker->ApplyOutcome(sent.indexes, outcome, ctx_.clock->MonotonicMs());
}

// ------------------------------------------------------------------------------------------
// Reports
// ------------------------------------------------------------------------------------------

TaskAnswer RestoreJob::OnFinishTask(const fe_backup::FinishedTask& task) {
  bool wake = false;
  TaskAnswer answer = TaskAnswer::kCancelled;
  {
    MutexLock l(mu_);
    bool fatal_before = fatal_.has_value();
    TaskTracker* tracker = TrackerLocked(task.type);
    size_t done_before = tracker ? tracker->done_count() : 0;
    if (task.type == TaskType::kMakeSnapshot) {
      answer = OnSnapshotReportLocked(task);
    } else if (task.type == TaskType::kDownload) {
      answer = OnDownloadReportLocked(task);
    } else if (task.type == TaskType::kMove) {
      answer = OnMoveReportLocked(task);
    }
    wake = tracker != nullptr && tracker->size() > 0 && tracker->all_done() && tracker->done_count() > done_before;
    wake = wake || (fatal_.has_value() && !fatal_before);
  }
  if (wake) Wake();
  return answer;
}

TaskAnswer RestoreJob::OnSnapshotReportLocked(const fe_backup::FinishedTask& task) {
  if (!snapshots_.Owns(task.signature)) return TaskAnswer::kCancelled;
  size_t i = snapshots_.IndexOf(task.signature);
  if (state_ != RestoreJobState::kSnapshoting || snapshots_.state(i) == TaskTracker::State::kDone ||
      task.backend_id != snapshots_.backend(i)) {
    return TaskAnswer::kOk;  // a duplicate: its directory is the same or expires on the backend
  }
  int64_t now = ctx_.clock->MonotonicMs();
  if (task.status_code != fe_backup::kTaskStatusOk) {
    snapshots_.OnFailed(i, now, CapText(Join(task.error_msgs, ","), TaskTracker::kMaxErrorBytes));
    return TaskAnswer::kOk;
  }
  if (!task.snapshot_path || !ValidPath(*task.snapshot_path)) {
    snapshots_.OnFailed(i, now, "snapshot report of tablet " + std::to_string(replicas_[i].tablet) +
                                    " has no valid snapshot path");
    return TaskAnswer::kOk;
  }
  replicas_[i].path = *task.snapshot_path;
  snapshots_.Done(i);
  snapshots_.ClearError(task.signature);
  new_snapshots_.push_back(static_cast<uint32_t>(i));
  return TaskAnswer::kOk;
}

TaskAnswer RestoreJob::OnDownloadReportLocked(const fe_backup::FinishedTask& task) {
  if (!download_tasks_.Owns(task.signature)) return TaskAnswer::kCancelled;
  size_t i = download_tasks_.IndexOf(task.signature);
  if (state_ != RestoreJobState::kDownloading || download_tasks_.state(i) == TaskTracker::State::kDone ||
      task.backend_id != download_tasks_.backend(i)) {
    return TaskAnswer::kOk;
  }
  int64_t now = ctx_.clock->MonotonicMs();
  if (task.status_code != fe_backup::kTaskStatusOk) {
    std::string msg = Join(task.error_msgs, ",");
    if (msg.find(kBadMd5) != std::string::npos) {
      fatal_ = JobStatus(JobStatus::Code::kBadFile, CapText(msg, 1024));
    }
    download_tasks_.OnFailed(i, now, CapText(msg, TaskTracker::kMaxErrorBytes));
    return TaskAnswer::kOk;
  }
  // Every tablet of the batch must be reported downloaded.
  std::set<int64_t> got;
  if (task.downloaded_tablet_ids) got.insert(task.downloaded_tablet_ids->begin(), task.downloaded_tablet_ids->end());
  const Download& d = downloads_[i];
  for (uint32_t k = d.first; k < d.first + d.count; ++k) {
    int64_t tablet = replicas_[download_replicas_[k]].tablet;
    if (!got.count(tablet)) {
      download_tasks_.OnFailed(i, now, "download report does not list tablet " + std::to_string(tablet));
      return TaskAnswer::kOk;
    }
  }
  if (task.copy_size && *task.copy_size > 0) bytes_done_ = std::min<int64_t>(bytes_done_ + *task.copy_size, int64_t{1} << 50);
  download_tasks_.Done(i);
  download_tasks_.ClearError(task.signature);
  progress_.erase(task.signature);
  return TaskAnswer::kOk;
}

TaskAnswer RestoreJob::OnMoveReportLocked(const fe_backup::FinishedTask& task) {
  if (!moves_.Owns(task.signature)) return TaskAnswer::kCancelled;
  size_t i = moves_.IndexOf(task.signature);
  if (state_ != RestoreJobState::kCommitting || moves_.state(i) == TaskTracker::State::kDone ||
      task.backend_id != moves_.backend(i)) {
    return TaskAnswer::kOk;
  }
  if (task.status_code != fe_backup::kTaskStatusOk) {
    moves_.OnFailed(i, ctx_.clock->MonotonicMs(), CapText(Join(task.error_msgs, ","), TaskTracker::kMaxErrorBytes));
    return TaskAnswer::kOk;
  }
  moves_.Done(i);
  moves_.ClearError(task.signature);
  return TaskAnswer::kOk;
}

TaskAnswer RestoreJob::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  MutexLock l(mu_);
  if (IsDoneState(state_) || progress.type != TaskType::kDownload || !download_tasks_.Owns(progress.task_id)) {
    return TaskAnswer::kCancelled;
  }
  if (progress_.size() < 10000 || progress_.count(progress.task_id)) {
    progress_[progress.task_id] = {progress.finished, progress.total};
  }
  return TaskAnswer::kOk;
}

void RestoreJob::OnBackendTaskReport(const fe_backup::BackendTaskReport& report) {
  bool due = false;
  {
    MutexLock l(mu_);
    int64_t now = ctx_.clock->MonotonicMs();
    for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kDownload, TaskType::kMove}) {
      TaskTracker* tracker = TrackerLocked(type);
      if (tracker->size() == 0 || tracker->all_done()) continue;
      std::set<int64_t> running;
      auto it = report.running.find(type);
      if (it != report.running.end()) running.insert(it->second.begin(), it->second.end());
      due = tracker->OnBackendReport(report.backend_id, running, now) || due;
    }
  }
  if (due) Wake();
}

// ------------------------------------------------------------------------------------------
// SHOW RESTORE
// ------------------------------------------------------------------------------------------

const std::vector<std::string>& RestoreJob::ShowColumns() {
  static const std::vector<std::string> kColumns = {
      "JobId",          "Label",           "Timestamp",     "DbName",          "State",
      "AllowLoad",      "ReplicationNum",  "RestoreObjs",   "CreateTime",      "MetaPreparedTime",
      "SnapshotFinishedTime", "DownloadFinishedTime", "FinishedTime", "UnfinishedTasks", "Progress",
      "TaskErrMsg",     "Status",          "Timeout",       "BytesDone",       "BytesTotal",
      "Throughput"};
  return kColumns;
}

std::vector<std::optional<std::string>> RestoreJob::ShowRow() const {
  MutexLock l(mu_);
  std::vector<std::optional<std::string>> row;
  row.push_back(std::to_string(job_id_));
  row.push_back(label_);
  row.push_back(backup_timestamp_);
  row.push_back(db_name_);
  row.push_back(std::string(RestoreJobStateName(state_)));
  row.push_back(allow_load_ ? "true" : "false");
  row.push_back(std::to_string(replication_num_));
  std::vector<std::string> objs;
  for (const auto& t : tables_) {
    std::string o = t.source.name;
    std::vector<std::string> parts;
    for (const auto& p : t.source.partitions) {
      if (p.name != t.source.name) parts.push_back(p.name);
    }
    if (!parts.empty()) o += " PARTITIONS [" + Join(parts, ", ") + "]";
    objs.push_back(o);
  }
  for (const auto& v : views_) objs.push_back(v.source);
  row.push_back(Join(objs, ", "));
  row.push_back(FormatShowTime(create_time_ms_));
  row.push_back(FormatShowTime(meta_prepared_time_ms_));
  row.push_back(FormatShowTime(snapshot_finished_time_ms_));
  row.push_back(FormatShowTime(download_finished_time_ms_));
  row.push_back(FormatShowTime(finished_time_ms_));
  const TaskTracker* tracker = state_ == RestoreJobState::kSnapshoting   ? &snapshots_
                               : state_ == RestoreJobState::kDownloading ? &download_tasks_
                               : state_ == RestoreJobState::kCommitting  ? &moves_
                                                                         : nullptr;
  std::vector<std::string> unfinished;
  if (tracker != nullptr && tracker->size() > 0) {
    for (size_t i : tracker->Unfinished(kMaxListedTasks)) {
      // StarRocks: signature=tabletId while snapshotting and committing, signature=beId while downloading.
      int64_t value = state_ == RestoreJobState::kDownloading ? tracker->backend(i) : replicas_[i].tablet;
      unfinished.push_back(std::to_string(tracker->SignatureOf(i)) + "=" + std::to_string(value));
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
  if (!last_error_.empty()) errors.push_back("[" + last_error_ + "]");
  row.push_back(Join(errors, ", "));
  row.push_back(status_.ToString());
  row.push_back(std::to_string(timeout_ms_ / 1000));
  row.push_back(std::to_string(bytes_done_));
  row.push_back(std::nullopt);  // the job info does not carry file sizes
  std::optional<std::string> throughput;
  if (snapshot_finished_time_ms_ > 0 && bytes_done_ > 0) {
    int64_t end = download_finished_time_ms_ > 0 ? download_finished_time_ms_ : ctx_.clock->NowMs();
    int64_t ms = std::max<int64_t>(1, end - snapshot_finished_time_ms_);
    throughput = FormatBytes(static_cast<int64_t>(static_cast<double>(bytes_done_) * 1000.0 / static_cast<double>(ms))) + "/s";
  }
  row.push_back(throughput);
  return row;
}

}  // namespace feb::plugin
