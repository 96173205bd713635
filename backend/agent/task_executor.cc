#include "backend/agent/task_executor.h"

#include <glog/logging.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "backend/agent/transfer_progress.h"
#include "common/storage/file_publisher.h"
#include "common/storage/local_storage.h"
#include "common/storage/md5.h"
#include "common/storage/uri.h"

namespace feb::be {
namespace {

// StarRocks' TPREFER_SNAPSHOT_REQ_VERSION, the only snapshot format there is.
constexpr int32_t kSnapshotFormat = 4;

// "<...>/<tablet_id>/<schema_hash>" -> tablet_id (the validator checked the shape).
int64_t TabletIdOfDir(const std::string& dir) {
  std::filesystem::path p(dir);
  return std::stoll(p.parent_path().filename().string());
}
int32_t SchemaHashOfDir(const std::string& dir) {
  return static_cast<int32_t>(std::stoll(std::filesystem::path(dir).filename().string()));
}
// The last two components, "<tablet_id>/<schema_hash>".
std::string TabletPart(const std::string& dir) {
  std::filesystem::path p(dir);
  return p.parent_path().filename().string() + "/" + p.filename().string();
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// StarRocks' _replace_tablet_id: the name a downloaded tablet file gets locally.
Result<std::string> LocalTabletFileName(const std::string& name, int64_t local_tablet_id) {
  if (EndsWith(name, ".hdr")) return std::to_string(local_tablet_id) + ".hdr";
  if (EndsWith(name, ".dcgs_snapshot")) return std::to_string(local_tablet_id) + ".dcgs_snapshot";
  for (std::string_view kept : {".idx", ".dat", "meta", ".del", ".cols", ".upt", ".vi"}) {
    if (EndsWith(name, kept)) return name;
  }
  return Status::InvalidArgument("invalid tablet file name: " + name);
}

// The checksums the snapshot's header "<tablet_id>.hdr" records for its rowset files (md5,
// crc32c and size, computed by this backend when it wrote them), by file name; empty when the
// header is missing or unreadable (the upload then hashes every file itself).
std::map<std::string, VersionEntry> RecordedChecksums(storage::LocalStorage& local, const std::string& snapshot_dir) {
  std::map<std::string, VersionEntry> by_file;
  const std::string hdr = snapshot_dir + "/" + TabletStore::HeaderName(TabletIdOfDir(snapshot_dir));
  auto text = storage::ReadFileToString(local, hdr, 16u << 20);
  if (!text.ok()) return by_file;
  auto meta = TabletMeta::FromJson(*text, hdr);
  if (!meta.ok()) return by_file;
  for (VersionEntry& e : meta->versions) {
    if (!e.file.empty() && !e.md5.empty()) by_file.emplace(e.file, std::move(e));
  }
  return by_file;
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
    case TaskType::kMove: {
      const MoveTask& m = std::get<MoveTask>(task.payload);
      s = Move(m);
      if (!s.ok()) {
        s = Status(s.code(), s.message() + "; Fail to move dir=" + m.src + " tablet id=" + std::to_string(m.tablet_id));
      }
      break;
    }
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
  if (t.snapshot_format != kSnapshotFormat) {
    return Status::InvalidArgument("invalid snapshot_format").WithContext("make_snapshot failed. status");
  }
  auto r = t.is_restore_task ? snapshots_->MakeRestoreSnapshot(t.tablet_id, t.schema_hash, t.timeout_s)
                             : snapshots_->MakeSnapshot(t.tablet_id, t.schema_hash, t.version, t.timeout_s);
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

Status TaskExecutor::Progress(int64_t job_id, int64_t signature, TaskType type, int32_t finished, int32_t total,
                              bool* delivered) {
  if (delivered != nullptr) *delivered = false;
  if (stopping_->load()) return Status::Cancelled("Cancelled: backend is shutting down");
  auto go_on = fe_->LoaderReport(job_id, signature, type, finished, total);
  if (!go_on.ok()) {
    LOG(WARNING) << "snapshotLoaderReport for job " << job_id << " task " << signature << " failed: " << go_on.status();
    return Status::OK();  // the frontend is unreachable: keep going, it will decide when it answers
  }
  if (delivered != nullptr) *delivered = true;
  if (!*go_on) return Status::Cancelled("Cancelled");
  return Status::OK();
}

storage::CopyOptions TaskExecutor::TransferCopyOptions(TransferProgress& progress) const {
  storage::CopyOptions copy;
  copy.chunk_size = options_.copy_chunk_bytes;
  copy.max_batch_files = options_.max_batch_files;
  copy.parallel_files = options_.parallel_files;
  copy.on_chunk = [this, &progress](uint64_t) {
    return stopping_->load() ? Status::Cancelled("Cancelled: backend is shutting down") : progress.Tick();
  };
  return copy;
}

Status TaskExecutor::Upload(int64_t signature, const TransferTask& t, TaskReport* report) {
  storage::LocalStorage local;
  report->tablet_files.emplace();
  const auto started = std::chrono::steady_clock::now();
  const int32_t total = static_cast<int32_t>(t.src_dest.size());
  TransferProgress progress(
      [&](int32_t finished) { return Progress(t.job_id, signature, TaskType::kUpload, finished, total); },
      std::chrono::milliseconds(options_.report_interval_ms));
  RETURN_IF_ERROR(progress.Force());
  if (t.src_dest.empty()) return Status::OK();
  // Every tablet of the task is published in one go: one durability barrier per
  // `max_batch_files` files across all of them, not one per tablet or per few files.
  ASSIGN_OR_RETURN(std::shared_ptr<storage::Storage> repo, registry_->Open(t.src_dest.front().second, t.properties));
  std::vector<storage::PublishDir> dirs;
  std::vector<size_t> files_up_to;  // files of dirs [0, d]: which tablets a barrier finished
  for (const auto& [src, dest] : t.src_dest) {
    auto listing = local.List(src);
    if (!listing.ok()) return Status::IoError("snapshot path is not directory: " + src + " (" + listing.status().message() + ")");
    storage::PublishDir dir;
    dir.dest_dir_uri = dest;
    auto remote_listing = repo->List(dest);
    if (remote_listing.ok()) {
      dir.dest_entries = std::move(*remote_listing);
    } else if (remote_listing.status().code() != StatusCode::kNotFound) {
      return remote_listing.status().WithContext("list " + dest);
    }
    const std::map<std::string, VersionEntry> recorded = RecordedChecksums(local, src);
    for (const storage::FileInfo& f : *listing) {
      if (f.is_dir) continue;
      storage::PublishSource source{src + "/" + f.name, f.name};
      auto known = recorded.find(f.name);
      if (known != recorded.end()) {
        source.md5 = known->second.md5;
        source.crc32c = known->second.crc32c;
        source.bytes = known->second.bytes;
      }
      dir.files.push_back(std::move(source));
    }
    files_up_to.push_back((files_up_to.empty() ? 0 : files_up_to.back()) + dir.files.size());
    dirs.push_back(std::move(dir));
  }
  storage::CopyOptions copy = TransferCopyOptions(progress);
  copy.on_batch = [&](size_t published) {
    int32_t finished = 0;
    while (static_cast<size_t>(finished) < files_up_to.size() && files_up_to[finished] <= published) ++finished;
    progress.SetFinished(finished);
    return progress.Tick();
  };
  auto published = storage::PublishDirs(local, dirs, *repo, copy);
  if (!published.ok()) return published.status().WithContext("upload to " + t.src_dest.front().second);
  int64_t bytes = 0;
  for (size_t d = 0; d < dirs.size(); ++d) {
    std::vector<std::string>& names = (*report->tablet_files)[TabletIdOfDir(t.src_dest[d].first)];
    for (const storage::PublishedFile& p : (*published)[d]) {
      names.push_back(p.name);
      bytes += static_cast<int64_t>(p.bytes);
    }
  }
  report->copy_size = bytes;
  report->copy_time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  progress.SetFinished(total);
  return progress.Force();
}

Status TaskExecutor::Download(int64_t signature, const TransferTask& t, TaskReport* report) {
  storage::LocalStorage local;
  report->downloaded_tablet_ids.emplace();
  const int32_t total = static_cast<int32_t>(t.src_dest.size());
  // every local directory first: MAKE_SNAPSHOT (restore) made them, a DOWNLOAD never does
  for (const auto& [src, dest] : t.src_dest) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dest, ec)) return Status::IoError("snapshot path is not directory: " + dest);
  }
  TransferProgress progress(
      [&](int32_t finished) { return Progress(t.job_id, signature, TaskType::kDownload, finished, total); },
      std::chrono::milliseconds(options_.report_interval_ms));
  storage::CopyOptions copy = TransferCopyOptions(progress);
  // What the tablets restored hold (fetched now or verified in place by an earlier attempt).
  int64_t bytes = 0;
  const auto started = std::chrono::steady_clock::now();
  // Files of every tablet of the task are fetched together, `max_batch_files` per barrier
  // (verified parts, fsynced in parallel, renamed, one fsync per directory): as durable as
  // one file at a time, without a barrier per file or per tablet. The tablets of a task all
  // come from one repository.
  if (t.src_dest.empty()) return progress.Force();
  ASSIGN_OR_RETURN(std::shared_ptr<storage::Storage> repo, registry_->Open(t.src_dest.front().first, t.properties));
  RETURN_IF_ERROR(progress.Force());
  std::vector<storage::FetchItem> batch;
  int32_t finished = 0;  // tablets whose files are all in place
  int32_t queued = 0;    // tablets whose last files are in `batch`: done when it is flushed
  auto flush = [&]() -> Status {
    if (!batch.empty()) {
      auto got = storage::FetchVerifiedFiles(*repo, batch, local, "", copy);
      batch.clear();
      if (!got.ok()) return got.status();
    }
    finished += queued;
    queued = 0;
    progress.SetFinished(finished);
    return progress.Tick();
  };
  for (const auto& [src, dest] : t.src_dest) {
    const int64_t local_tablet_id = TabletIdOfDir(dest);
    report->downloaded_tablet_ids->push_back(local_tablet_id);
    std::vector<storage::FileInfo> remote;
    auto listing = repo->List(src);
    if (listing.ok()) {
      remote = std::move(*listing);
    } else if (listing.status().code() != StatusCode::kNotFound) {
      return listing.status().WithContext("list " + src);
    }
    // remote "<name>.<md5>" -> local name; "<name>.part" is an upload's staging file
    struct Wanted {
      std::string remote_name;
      std::string md5;
      std::string local_name;
    };
    std::vector<Wanted> wanted;
    std::map<std::string, std::string> by_local;  // local name -> remote name
    for (const storage::FileInfo& f : remote) {
      if (f.is_dir) continue;
      size_t dot = f.name.rfind('.');
      if (dot == std::string::npos || dot + 1 == f.name.size() || dot == 0) continue;
      std::string name = f.name.substr(0, dot);
      std::string md5 = f.name.substr(dot + 1);
      if (md5 == "part") continue;
      ASSIGN_OR_RETURN(std::string local_name, LocalTabletFileName(name, local_tablet_id));
      auto [it, fresh] = by_local.emplace(local_name, f.name);
      if (!fresh) {
        return Status::Corruption("remote path " + src + " holds both " + it->second + " and " + f.name +
                                  " for local file " + local_name);
      }
      wanted.push_back(Wanted{f.name, md5, local_name});
      bytes += static_cast<int64_t>(f.size);
    }
    if (wanted.empty()) return Status::NotFound("get nothing from remote path: " + src);
    if (!store_->Get(local_tablet_id, SchemaHashOfDir(dest)).ok()) {
      return Status::NotFound("failed to get local tablet: " + std::to_string(local_tablet_id));
    }
    // local files the repository does not have (and leftover parts) go
    ASSIGN_OR_RETURN(auto local_files, local.List(dest));
    for (const storage::FileInfo& f : local_files) {
      if (!f.is_dir && by_local.count(f.name) == 0) (void)local.Delete(dest + "/" + f.name);
    }
    for (const Wanted& w : wanted) {
      if (stopping_->load()) return Status::Cancelled("Cancelled: backend is shutting down");
      const std::string target = dest + "/" + w.local_name;
      // a re-sent task finds what a first attempt verified and renamed into place
      if (!EndsWith(w.local_name, ".hdr")) {
        auto in = local.OpenRead(target);
        if (in.ok()) {
          auto have = storage::Md5OfStream(**in, options_.copy_chunk_bytes);
          if (have.ok() && *have == w.md5) continue;
        }
      }
      batch.push_back(storage::FetchItem{storage::JoinUri(src, w.remote_name), w.md5, w.local_name, dest});
      if (batch.size() >= options_.max_batch_files) RETURN_IF_ERROR(flush());
    }
    ++queued;
  }
  RETURN_IF_ERROR(flush());
  report->copy_size = bytes;
  report->copy_time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return progress.Force();
}

Status TaskExecutor::Move(const MoveTask& t) {
  auto tablet = store_->GetById(t.tablet_id);
  if (!tablet.ok()) return Status::NotFound("failed to get tablet");
  const std::string tablet_path = store_->TabletDir(tablet->tablet_id, tablet->schema_hash);
  if (TabletPart(t.src) != TabletPart(tablet_path)) {
    return Status::InvalidArgument("path does not match. snapshot: " + t.src + ", tablet path: " + tablet_path);
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(tablet_path, ec)) return Status::NotFound("tablet path does not exist: " + tablet_path);
  if (!std::filesystem::is_directory(t.src, ec)) return Status::NotFound("snapshot path does not exist: " + t.src);
  return store_->LoadFromDir(tablet->tablet_id, tablet->schema_hash, t.src, t.overwrite);
}

}  // namespace feb::be
