#include "plugin/src/repository/storage_repository.h"

#include <nlohmann/json.hpp>

#include "common/storage/file_publisher.h"
#include "common/storage/md5.h"
#include "common/time/time_format.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

StorageRepository::StorageRepository(RepositoryDefinition def, std::shared_ptr<storage::Storage> storage,
                                     std::string_view prefix)
    : def_(std::move(def)), storage_(std::move(storage)), layout_(def_.location, def_.name, prefix) {}

Result<std::shared_ptr<StorageRepository>> StorageRepository::Open(const RepositoryDefinition& def,
                                                                   const storage::StorageRegistry& registry,
                                                                   bool init) {
  ASSIGN_OR_RETURN(std::shared_ptr<storage::Storage> st, registry.Open(def.location, def.properties));
  // A repository an older frontend created keeps its "__palo_repository_" root.
  RepositoryLayout palo(def.location, def.name, RepositoryLayout::kPaloPrefix);
  Result<bool> palo_exists = st->Exists(palo.RepoInfoPath());
  std::string_view prefix = (palo_exists.ok() && *palo_exists) ? RepositoryLayout::kPaloPrefix
                                                                : RepositoryLayout::kStarRocksPrefix;
  std::shared_ptr<StorageRepository> repo(new StorageRepository(def, st, prefix));
  if (init) {
    RETURN_IF_ERROR(repo->CheckLocation());
    RETURN_IF_ERROR(repo->Init());
  }
  return repo;
}

Status StorageRepository::CheckLocation() {
  // A listing answers with the server's error code (InvalidAccessKeyId, NoSuchBucket...), where
  // a HEAD's error has no body; a root that does not exist yet is fine here.
  Result<std::vector<storage::FileInfo>> entries = storage_->List(layout_.root());
  if (entries.ok() || entries.status().code() == StatusCode::kNotFound) return Status::OK();
  return entries.status();
}

Status StorageRepository::Init() {
  RETURN_IF_ERROR(storage_->MakeDirs(layout_.root()));
  ASSIGN_OR_RETURN(bool exists, storage_->Exists(layout_.RepoInfoPath()));
  if (exists) return Status::OK();
  nlohmann::ordered_json info{{"name", def_.name}, {"create_time", FormatShowTime(def_.create_time_ms)}};
  return storage::WriteFileAtomically(*storage_, layout_.RepoInfoPath(), DumpJson(info));
}

Status StorageRepository::Ping() {
  Result<bool> exists = storage_->Exists(layout_.RepoInfoPath());
  if (!exists.ok()) return exists.status();
  if (!*exists) return Status::NotFound("repository info file " + layout_.RepoInfoPath() + " does not exist");
  return Status::OK();
}

Result<std::vector<std::string>> StorageRepository::ListSnapshots() {
  Result<std::vector<storage::FileInfo>> entries = storage_->List(layout_.root());
  if (!entries.ok()) {
    if (entries.status().code() == StatusCode::kNotFound) return std::vector<std::string>{};
    return entries.status();
  }
  std::vector<std::string> labels;
  std::string_view prefix = RepositoryLayout::kSnapshotDirPrefix;
  for (const auto& e : *entries) {
    if (e.is_dir && e.name.rfind(prefix, 0) == 0) labels.push_back(e.name.substr(prefix.size()));
  }
  return labels;
}

Result<std::vector<std::string>> StorageRepository::ListDir(const std::string& dir) {
  Result<std::vector<storage::FileInfo>> entries = storage_->List(dir);
  if (!entries.ok()) {
    if (entries.status().code() == StatusCode::kNotFound) return std::vector<std::string>{};
    return entries.status();
  }
  std::vector<std::string> names;
  for (const auto& e : *entries) names.push_back(e.name);
  return names;
}

Result<std::string> StorageRepository::Publish(const std::string& path, std::string_view content) {
  std::string final_path = RepositoryLayout::WithChecksum(path, storage::Md5::Of(content));
  ASSIGN_OR_RETURN(bool exists, storage_->Exists(final_path));
  if (exists) {
    // Another attempt (a retry, a frontend before its restart) may have renamed the file into
    // place and died before the directory fsync: the entry is durable only once that is done.
    RETURN_IF_ERROR(storage_->SyncDir(final_path.substr(0, final_path.rfind('/'))));
    return final_path;
  }
  RETURN_IF_ERROR(storage::WriteFileAtomically(*storage_, final_path, content));
  return final_path;
}

Result<std::string> StorageRepository::Read(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadableFile> file, storage_->OpenRead(path));
  std::string out;
  char buf[64 * 1024];
  while (true) {
    ASSIGN_OR_RETURN(size_t n, file->Read(buf, sizeof buf));
    if (n == 0) break;
    out.append(buf, n);
  }
  return out;
}

Result<int> StorageRepository::RemovePartFiles(std::string_view label) {
  return RemovePartFilesBelow(layout_.SnapshotDir(label), 0);
}

Result<int> StorageRepository::RemovePartFilesBelow(const std::string& dir, int depth) {
  // __ss_<label>/__ss_content/__db/__tbl/__part/__idx/__tablet/<files>: 7 levels at most.
  if (depth > 8) return 0;
  Result<std::vector<storage::FileInfo>> entries = storage_->List(dir);
  if (!entries.ok()) return entries.status().code() == StatusCode::kNotFound ? Result<int>(0) : entries.status();
  int removed = 0;
  for (const auto& e : *entries) {
    std::string child = dir + "/" + e.name;
    if (e.is_dir) {
      ASSIGN_OR_RETURN(int n, RemovePartFilesBelow(child, depth + 1));
      removed += n;
    } else if (e.name.size() > 5 && e.name.compare(e.name.size() - 5, 5, ".part") == 0) {
      RETURN_IF_ERROR(storage_->Delete(child));
      ++removed;
    }
  }
  return removed;
}

}  // namespace feb::plugin
