#include "backend/agent/task_executor.h"

#include <glog/logging.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "common/storage/file_publisher.h"
#include "common/storage/local_storage.h"
#include "common/storage/uri.h"

namespace feb::be {
namespace {

// "<...>/<tablet_id>/<schema_hash>" -> tablet_id (the validator checked the shape).
int64_t TabletIdOfDir(const std::string& dir) {
  std::filesystem::path p(dir);
  return std::stoll(p.parent_path().filename().string());
}

}  // namespace

TaskExecutor::TaskExecutor(TabletStore* store, SnapshotManager* snapshots,
                           std::shared_ptr<storage::StorageRegistry> registry, FeClient* fe,
                           const std::atomic<bool>* stopping, ExecutorOptions options)
    : store_(store), snapshots_(snapshots), registry_(std::move(registry)), fe_(fe), stopping_(stopping),
      options_(options) {}

TaskReport TaskExecutor::Execute(const AgentTask& task) {
  TaskReport report;
  report.type = task.type;
  report.signature = task.signature;
  Status s;
  switch (task.type) {
    case TaskType::kCreate:
      s = Create(std::get<CreateTabletTask>(task.payload), &report);
      if (!s.ok()) s = s.WithContext("create tablet failed. status");
      break;
    case TaskType::kDrop:
      s = Drop(std::get<DropTabletTask>(task.payload));
      if (!s.ok()) s = s.WithContext("drop tablet failed. status");
      break;
    case TaskType::kMakeSnapshot:
      s = MakeSnapshot(std::get<SnapshotTask>(task.payload), &report);
      break;
    case TaskType::kReleaseSnapshot:
      s = Release(std::get<ReleaseSnapshotTask>(task.payload));
      if (!s.ok()) s = s.WithContext("release_snapshot failed. status");
      break;
    case TaskType::kUpload:
      s = Upload(task.signature, std::get<TransferTask>(task.payload), &report);
      break;
    case TaskType::kDownload:
      s = Download(task.signature, std::get<TransferTask>(task.payload), &report);
      break;
    case TaskType::kMove:
      s = Move(std::get<MoveTask>(task.payload));
      if (!s.ok()) s = s.WithContext("move failed. status");
      break;
  }
  report.status = s;
  if (!s.ok()) {
    LOG(WARNING) << TaskTypeName(task.type) << " task " << task.signature << " failed: " << s;
  } else {
    VLOG(1) << TaskTypeName(task.type) << " task " << task.signature << " done";
  }
  return report;
}

Status TaskExecutor::Create(const CreateTabletTask& t, TaskReport* report) {
  RETURN_IF_ERROR(store_->CreateTablet(t.meta));
  ASSIGN_OR_RETURN(TabletMeta meta, store_->Get(t.meta.tablet_id, t.meta.schema_hash));
  report->finish_tablet_infos.push_back(
      ReportedTablet{meta.tablet_id, meta.schema_hash, meta.MaxVersion(), meta.RowCount(meta.MaxVersion()), 0});
  return Status::OK();
}

Status TaskExecutor::Drop(const DropTabletTask& t) { return store_->DropTablet(t.tablet_id, t.schema_hash); }

Status TaskExecutor::MakeSnapshot(const SnapshotTask& t, TaskReport* report) {
  auto r = snapshots_->MakeSnapshot(t.tablet_id, t.schema_hash, t.version, t.timeout_s);
  if (!r.ok()) return r.status().WithContext("make_snapshot failed. status");
  report->snapshot_path = r->snapshot_path;
  if (t.list_files) report->snapshot_files = r->files;
  // The snapshot's size lets the frontend show how many bytes a backup will upload.
  storage::LocalStorage local;
  auto listing = local.List(r->snapshot_path + "/" + std::to_string(t.tablet_id) + "/" +
                            std::to_string(t.schema_hash));
  if (listing.ok()) {
    int64_t bytes = 0;
    for (const storage::FileInfo& f : *listing) bytes += static_cast<int64_t>(f.size);
    report->copy_size = bytes;
  }
  return Status::OK();
}

Status TaskExecutor::Release(const ReleaseSnapshotTask& t) { return snapshots_->Release(t.snapshot_path); }

Status TaskExecutor::Progress(int64_t job_id, int64_t signature, TaskType type, int32_t finished, int32_t total) {
  if (stopping_->load()) return Status::Cancelled("Cancelled: backend is shutting down");
  auto go_on = fe_->LoaderReport(job_id, signature, type, finished, total);
  if (!go_on.ok()) {
    LOG(WARNING) << "snapshotLoaderReport for job " << job_id << " task " << signature << " failed: " << go_on.status();
    return Status::OK();  // the frontend is unreachable: keep going, it will decide when it answers
  }
  if (!*go_on) return Status::Cancelled("Cancelled");
  return Status::OK();
}

Status TaskExecutor::Upload(int64_t signature, const TransferTask& t, TaskReport* report) {
  storage::LocalStorage local;
  report->tablet_files.emplace();
  const auto started = std::chrono::steady_clock::now();
  int64_t bytes = 0;
  const int32_t total = static_cast<int32_t>(t.src_dest.size());
  int32_t finished = 0;
  RETURN_IF_ERROR(Progress(t.job_id, signature, TaskType::kUpload, finished, total));
  int files_since_report = 0;
  storage::CopyOptions copy;
  copy.chunk_size = options_.copy_chunk_bytes;
  copy.on_chunk = [this](uint64_t) {
    return stopping_->load() ? Status::Cancelled("Cancelled: backend is shutting down") : Status::OK();
  };
  for (const auto& [src, dest] : t.src_dest) {
    int64_t tablet_id = TabletIdOfDir(src);
    auto listing = local.List(src);
    if (!listing.ok()) return Status::IoError("snapshot path is not directory: " + src + " (" + listing.status().message() + ")");
    ASSIGN_OR_RETURN(std::shared_ptr<storage::Storage> repo, registry_->Open(dest));
    std::vector<storage::FileInfo> remote;
    auto remote_listing = repo->List(dest);
    if (remote_listing.ok()) {
      remote = std::move(*remote_listing);
    } else if (remote_listing.status().code() != StatusCode::kNotFound) {
      return remote_listing.status().WithContext("list " + dest);
    }
    std::vector<std::string>& names = (*report->tablet_files)[tablet_id];
    std::vector<storage::PublishSource> sources;
    for (const storage::FileInfo& f : *listing) {
      if (!f.is_dir) sources.push_back(storage::PublishSource{src + "/" + f.name, f.name});
    }
    // progress every `report_every_files` files, in batches published together
    for (size_t start = 0; start < sources.size(); start += static_cast<size_t>(options_.report_every_files)) {
      size_t end = std::min(sources.size(), start + static_cast<size_t>(options_.report_every_files));
      std::vector<storage::PublishSource> part(sources.begin() + static_cast<std::ptrdiff_t>(start),
                                               sources.begin() + static_cast<std::ptrdiff_t>(end));
      auto published = storage::PublishFiles(local, part, *repo, dest, remote, copy);
      if (!published.ok()) return published.status().WithContext("upload " + src + " to " + dest);
      for (const storage::PublishedFile& p : *published) {
        names.push_back(p.name);
        bytes += static_cast<int64_t>(p.bytes);
      }
      files_since_report += static_cast<int>(part.size());
      if (files_since_report >= options_.report_every_files) {
        files_since_report = 0;
        RETURN_IF_ERROR(Progress(t.job_id, signature, TaskType::kUpload, finished, total));
      }
    }
    ++finished;
  }
  report->copy_size = bytes;
  report->copy_time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return Progress(t.job_id, signature, TaskType::kUpload, finished, total);
}

Status TaskExecutor::Download(int64_t signature, const TransferTask& t, TaskReport* report) {
  storage::LocalStorage local;
  report->downloaded_tablet_ids.emplace();
  const int32_t total = static_cast<int32_t>(t.src_dest.size());
  int32_t finished = 0;
  RETURN_IF_ERROR(Progress(t.job_id, signature, TaskType::kDownload, finished, total));
  storage::CopyOptions copy;
  copy.chunk_size = options_.copy_chunk_bytes;
  copy.on_chunk = [this](uint64_t) {
    return stopping_->load() ? Status::Cancelled("Cancelled: backend is shutting down") : Status::OK();
  };
  for (const auto& [src, dest] : t.src_dest) {
    ASSIGN_OR_RETURN(std::shared_ptr<storage::Storage> repo, registry_->Open(src));
    auto remote = repo->List(src);
    if (!remote.ok()) return remote.status().WithContext("list " + src);
    RETURN_IF_ERROR(local.MakeDirs(dest));
    std::set<std::string> wanted;
    for (const storage::FileInfo& f : *remote) {
      if (f.is_dir) continue;
      auto split = storage::SplitChecksumName(f.name);
      if (!split) continue;  // ".part" leftovers and foreign files are not snapshot content
      if (!wanted.insert(split->name).second) {
        return Status::Corruption("repository directory " + src + " holds more than one copy of " + split->name);
      }
      auto got = storage::FetchVerified(*repo, storage::JoinUri(src, f.name), split->md5, local, dest + "/" + split->name, copy);
      if (!got.ok()) return got.status().WithContext("download " + storage::JoinUri(src, f.name));
    }
    ASSIGN_OR_RETURN(auto local_files, local.List(dest));
    for (const storage::FileInfo& f : local_files) {
      if (!f.is_dir && wanted.count(f.name) == 0) RETURN_IF_ERROR(local.Delete(dest + "/" + f.name));
    }
    report->downloaded_tablet_ids->push_back(TabletIdOfDir(dest));
    ++finished;
    RETURN_IF_ERROR(Progress(t.job_id, signature, TaskType::kDownload, finished, total));
  }
  return Status::OK();
}

Status TaskExecutor::Move(const MoveTask& t) {
  return store_->LoadFromDir(t.tablet_id, t.schema_hash, t.src, t.overwrite);
}

}  // namespace feb::be
