// StorageRepository: a SnapshotRepository on a storage back end (common/storage), laid out as
// StarRocks lays repositories out. Thread-safe (the storage is).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/storage/storage.h"
#include "common/storage/storage_registry.h"
#include "plugin/src/repository/snapshot_repository.h"

namespace feb::plugin {

// What CREATE REPOSITORY defines; journaled by the RepositoryManager.
struct RepositoryDefinition {
  int64_t id = 0;
  std::string name;
  std::string location;  // URI without a trailing '/'
  bool read_only = false;
  std::string broker;    // "" = broker-less
  std::map<std::string, std::string> properties;  // may hold credentials: never shown or logged
  int64_t create_time_ms = 0;
};

class StorageRepository final : public SnapshotRepository {
 public:
  // Binds `def` to its storage. With `init`, makes sure the repository root exists: reuses a
  // "__palo_repository_<name>" root that has a __repo_info, else uses (and creates, with its
  // __repo_info) "__starrocks_repository_<name>". Without `init` (journal replay) nothing is
  // touched and the StarRocks prefix is assumed until the first Ping().
  static Result<std::shared_ptr<StorageRepository>> Open(const RepositoryDefinition& def,
                                                         const storage::StorageRegistry& registry, bool init);

  const RepositoryDefinition& definition() const { return def_; }
  // Checks that the repository root is reachable; the error says what failed.
  Status Ping();
  // Checks that the location answers (credentials, endpoint, bucket) with a listing of the
  // root, whose error carries the server's code; a root that does not exist yet is OK. Open
  // with `init` calls it first.
  Status CheckLocation();

  int64_t id() const override { return def_.id; }
  const std::string& name() const override { return def_.name; }
  bool read_only() const override { return def_.read_only; }
  const RepositoryLayout& layout() const override { return layout_; }
  std::map<std::string, std::string> properties() const override { return def_.properties; }
  Result<std::vector<std::string>> ListSnapshots() override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  Result<std::string> Publish(const std::string& path, std::string_view content) override;
  Result<std::string> Read(const std::string& path) override;
  Result<int> RemovePartFiles(std::string_view label) override;

 private:
  StorageRepository(RepositoryDefinition def, std::shared_ptr<storage::Storage> storage, std::string_view prefix);
  Status Init();
  Result<int> RemovePartFilesBelow(const std::string& dir, int depth);

  RepositoryDefinition def_;
  std::shared_ptr<storage::Storage> storage_;
  RepositoryLayout layout_;
};

}  // namespace feb::plugin
