// BackupJob: the reports backends send (finishTask, loader progress, the periodic task list).
// Report handlers take only the state mutex and never do I/O: what must be journaled is left
// for the next step.
#include "plugin/src/job/backup_job.h"

#include <glog/logging.h>

#include <algorithm>

#include "common/time/time_format.h"
#include "plugin/src/agent/error_text.h"
#include "plugin/src/job/job_manager.h"
#include "plugin/src/job/replica_chooser.h"
#include "plugin/src/job/text_list.h"
#include "plugin/src/repository/backup_job_info.h"
#include "plugin/src/repository/backup_meta.h"
#include "plugin/src/repository/json_text.h"
#include "plugin/src/repository/repository_layout.h"

namespace feb::plugin {

using fe_backup::TaskAnswer;
using fe_backup::TaskType;

namespace {

// A backend's snapshot report must name plain file names (they become repository file names)
// and an absolute path without NUL bytes.
bool ValidSnapshotReport(const std::string& path, const std::vector<std::string>& files) {
  if (path.empty() || path.size() > 4096 || path.find('\0') != std::string::npos || path[0] != '/') return false;
  for (const auto& f : files) {
    if (!RepositoryLayout::IsSafeFileName(f) || f.find('\n') != std::string::npos) return false;
  }
  return true;
}

}  // namespace

// ------------------------------------------------------------------------------------------
// Reports
// ------------------------------------------------------------------------------------------

TaskTracker* BackupJob::TrackerLocked(TaskType type) {
  switch (type) {
    case TaskType::kMakeSnapshot: return &snapshots_;
    case TaskType::kUpload: return &upload_tasks_;
    case TaskType::kReleaseSnapshot: return &release_tasks_;
    default: return nullptr;
  }
}

TaskAnswer BackupJob::OnFinishTask(const fe_backup::FinishedTask& task) {
  bool wake = false;
  TaskAnswer answer = TaskAnswer::kCancelled;
  {
    MutexLock l(mu_);
    size_t before = new_snapshots_.size() + new_uploads_.size();
    bool fatal_before = fatal_.has_value();
    if (task.type == TaskType::kMakeSnapshot) {
      answer = OnSnapshotReportLocked(task);
      wake = snapshots_.all_done();
    } else if (task.type == TaskType::kUpload) {
      answer = OnUploadReportLocked(task);
      wake = upload_tasks_.all_done();
    } else if (task.type == TaskType::kReleaseSnapshot && release_tasks_.Owns(task.signature)) {
      size_t i = release_tasks_.IndexOf(task.signature);
      int64_t now = ctx_.clock->MonotonicMs();
      if (release_tasks_.backend(i) != task.backend_id) return TaskAnswer::kCancelled;
      if (task.status_code == fe_backup::kTaskStatusOk || release_tasks_.attempts(i) + 1 >= options_.release_attempts) {
        if (release_tasks_.state(i) != TaskTracker::State::kDone) {
          release_tasks_.Done(i);
          new_releases_.push_back(static_cast<uint32_t>(i));
        }
      } else {
        release_tasks_.OnFailed(i, now, CapText(task.error_msgs.empty() ? "release failed" : task.error_msgs[0], 256));
      }
      answer = TaskAnswer::kOk;
    }
    wake = wake && new_snapshots_.size() + new_uploads_.size() > before;
    wake = wake || (fatal_.has_value() && !fatal_before);
  }
  if (wake) Wake();
  return answer;
}

TaskAnswer BackupJob::OnSnapshotReportLocked(const fe_backup::FinishedTask& task) {
  if (!snapshots_.Owns(task.signature)) return TaskAnswer::kCancelled;
  size_t i = snapshots_.IndexOf(task.signature);
  Tablet& t = tablets_[i];
  bool good = task.status_code == fe_backup::kTaskStatusOk && task.snapshot_path;
  if (state_ != BackupJobState::kSnapshoting || snapshots_.state(i) == TaskTracker::State::kDone ||
      task.backend_id != snapshots_.backend(i)) {
    // A duplicate (a re-sent task that ran twice) or a replica the task moved away from: that
    // snapshot is not needed.
    if (good && (task.backend_id != t.backend || *task.snapshot_path != t.path)) {
      ReleaseExtraLocked(task.backend_id, task.signature, *task.snapshot_path);
    }
    return TaskAnswer::kOk;
  }
  int64_t now = ctx_.clock->MonotonicMs();
  std::string errors = CapText(Join(task.error_msgs, ","), TaskTracker::kMaxErrorBytes);
  if (task.status_code != fe_backup::kTaskStatusOk) {
    if (task.status_code == fe_backup::kTaskStatusVersionAlreadyMerged) {
      fatal_ = JobStatus(JobStatus::Code::kOlapVersionAlreadyMerged, "make snapshot failed, version already merged");
    }
    snapshots_.OnFailed(i, now, errors);
    return TaskAnswer::kOk;
  }
  if (!task.snapshot_path || !task.snapshot_files || task.snapshot_files->empty()) {
    snapshots_.OnFailed(i, now, "snapshot report of tablet " + std::to_string(t.id) + " has no snapshot path or file list");
    return TaskAnswer::kOk;
  }
  if (!ValidSnapshotReport(*task.snapshot_path, *task.snapshot_files)) {
    snapshots_.OnFailed(i, now, "snapshot report of tablet " + std::to_string(t.id) +
                                    " names a file or path that cannot be stored in a repository");
    ReleaseExtraLocked(task.backend_id, task.signature, *task.snapshot_path);
    return TaskAnswer::kOk;
  }
  std::vector<std::string> files = *task.snapshot_files;
  std::sort(files.begin(), files.end());
  t.path = *task.snapshot_path;
  t.files = JoinLines(files);
  t.bytes = std::clamp<int64_t>(task.copy_size.value_or(-1), -1, int64_t{1} << 50);
  snapshots_.Done(i);
  new_snapshots_.push_back(static_cast<uint32_t>(i));
  return TaskAnswer::kOk;
}

TaskAnswer BackupJob::OnUploadReportLocked(const fe_backup::FinishedTask& task) {
  if (!upload_tasks_.Owns(task.signature)) return TaskAnswer::kCancelled;
  size_t j = upload_tasks_.IndexOf(task.signature);
  if (state_ != BackupJobState::kUploading) return TaskAnswer::kCancelled;
  if (upload_tasks_.state(j) == TaskTracker::State::kDone) return TaskAnswer::kOk;
  int64_t now = ctx_.clock->MonotonicMs();
  if (task.status_code != fe_backup::kTaskStatusOk) {
    upload_tasks_.OnFailed(j, now, CapText(Join(task.error_msgs, ","), TaskTracker::kMaxErrorBytes));
    return TaskAnswer::kOk;
  }
  const Upload& u = uploads_[j];
  std::string problem;
  std::vector<std::pair<uint32_t, std::string>> verified;
  if (!task.tablet_files || task.tablet_files->empty()) problem = "upload task reported no tablet files";
  for (uint32_t k = u.first; problem.empty() && k < u.first + u.count; ++k) {
    const Tablet& t = tablets_[upload_tablets_[k]];
    auto reported = task.tablet_files->find(t.id);
    if (reported == task.tablet_files->end()) {
      problem = "upload of tablet " + std::to_string(t.id) + " reported no files";
      break;
    }
    std::vector<std::string> bare, named = reported->second;
    for (const auto& name : named) {
      auto split = RepositoryLayout::SplitChecksum(name);
      if (!split) {
        problem = "upload of tablet " + std::to_string(t.id) + " reported '" + name + "' without an md5 suffix";
        break;
      }
      bare.push_back(split->first);
    }
    if (!problem.empty()) break;
    std::sort(bare.begin(), bare.end());
    if (JoinLines(bare) != t.files) {
      problem = "upload of tablet " + std::to_string(t.id) + " does not match its snapshot: expected [" +
                Join(FilesOf(t), ", ") + "], got [" + Join(bare, ", ") + "]";
      break;
    }
    std::sort(named.begin(), named.end());
    verified.emplace_back(upload_tablets_[k], JoinLines(named));
  }
  if (!problem.empty()) {
    // The backend uploaded something else than the snapshot: retrying cannot fix it.
    fatal_ = JobStatus(JobStatus::Code::kCommonError, CapText(problem, 1024));
    upload_tasks_.OnFailed(j, now, problem);
    return TaskAnswer::kOk;
  }
  for (auto& [idx, files] : verified) tablets_[idx].files = std::move(files);
  upload_tasks_.Done(j);
  progress_.erase(task.signature);
  int64_t copied = std::clamp<int64_t>(task.copy_size.value_or(0), 0, int64_t{1} << 50);
  new_uploads_.emplace_back(static_cast<uint32_t>(j), copied);
  bytes_done_ = std::min(bytes_done_ + copied, int64_t{1} << 60);  // the largest a record reads back
  return TaskAnswer::kOk;
}

TaskAnswer BackupJob::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  MutexLock l(mu_);
  if (state_ != BackupJobState::kUploading || progress.type != TaskType::kUpload || progress.job_id != job_id_ ||
      !upload_tasks_.Owns(progress.task_id)) {
    return TaskAnswer::kCancelled;
  }
  progress_[progress.task_id] = {progress.finished, progress.total};
  return TaskAnswer::kOk;
}

void BackupJob::OnBackendTaskReport(const fe_backup::BackendTaskReport& report) {
  bool due = false;
  {
    MutexLock l(mu_);
    int64_t now = ctx_.clock->MonotonicMs();
    for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kUpload, TaskType::kReleaseSnapshot}) {
      TaskTracker* tracker = TrackerLocked(type);
      if (tracker->all_done()) continue;
      std::set<int64_t> running;
      auto it = report.running.find(type);
      if (it != report.running.end()) running.insert(it->second.begin(), it->second.end());
      due = tracker->OnBackendReport(report.backend_id, running, now) || due;
    }
  }
  if (due) Wake();
}

}  // namespace feb::plugin
