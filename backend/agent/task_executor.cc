#include "backend/agent/task_executor.h"

#include <glog/logging.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

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
    ASSIGN_OR_RETURN(std::shared_ptr<storage::Storage> repo, registry_->Open(dest, t.properties));
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
  // every local directory first: MAKE_SNAPSHOT (restore) made them, a DOWNLOAD never does
  for (const auto& [src, dest] : t.src_dest) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dest, ec)) return Status::IoError("snapshot path is not directory: " + dest);
  }
  storage::CopyOptions copy;
  copy.chunk_size = options_.copy_chunk_bytes;
  // Every byte written is a byte hashed: no read-back pass (see CopyOptions::kernel_copy).
  copy.kernel_copy = false;
  copy.on_chunk = [this](uint64_t) {
    return stopping_->load() ? Status::Cancelled("Cancelled: backend is shutting down") : Status::OK();
  };
  int files_since_report = 0;
  // What the tablets restored hold (fetched now or verified in place by an earlier attempt).
  int64_t bytes = 0;
  const auto started = std::chrono::steady_clock::now();
  for (const auto& [src, dest] : t.src_dest) {
    const int64_t local_tablet_id = TabletIdOfDir(dest);
    report->downloaded_tablet_ids->push_back(local_tablet_id);
    ASSIGN_OR_RETURN(std::shared_ptr<storage::Storage> repo, registry_->Open(src, t.properties));
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
    // Files are fetched in batches (those between two progress reports): verified parts,
    // fsynced together, renamed, one directory fsync — as durable as one file at a time,
    // without a barrier per file.
    std::vector<storage::FetchItem> batch;
    const std::string& dest_dir = dest;  // a structured binding cannot be captured (clang)
    auto flush = [&]() -> Status {
      auto got = storage::FetchVerifiedFiles(*repo, batch, local, dest_dir, copy);
      batch.clear();
      return got.ok() ? Status::OK() : got.status();
    };
    for (const Wanted& w : wanted) {
      // as StarRocks: a report is tried once more than `report_every_files` files were
      // counted, and the count restarts only when one got through
      if (++files_since_report > options_.report_every_files) {
        RETURN_IF_ERROR(flush());
        bool delivered = false;
        RETURN_IF_ERROR(Progress(t.job_id, signature, TaskType::kDownload, finished, total, &delivered));
        if (delivered) files_since_report = 0;
      }
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
      batch.push_back(storage::FetchItem{storage::JoinUri(src, w.remote_name), w.md5, w.local_name});
    }
    RETURN_IF_ERROR(flush());
    // local files the repository does not have (and leftover parts) go
    ASSIGN_OR_RETURN(auto local_files, local.List(dest));
    for (const storage::FileInfo& f : local_files) {
      if (!f.is_dir && by_local.count(f.name) == 0) (void)local.Delete(dest + "/" + f.name);
    }
    ++finished;
    bool delivered = false;
    RETURN_IF_ERROR(Progress(t.job_id, signature, TaskType::kDownload, finished, total, &delivered));
    if (delivered) files_since_report = 0;
  }
  report->copy_size = bytes;
  report->copy_time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return Status::OK();
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
