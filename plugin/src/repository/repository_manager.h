// RepositoryManager: the repositories a frontend knows (CREATE / DROP / SHOW REPOSITORIES),
// journaled through the host. Also the RepositoryRegistry jobs resolve their repository with.
// Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/time/clock.h"
#include "fe_backup/host.h"
#include "plugin/src/repository/storage_repository.h"

namespace feb::plugin {

struct CreateRepositoryRequest {
  std::string name;
  bool read_only = false;
  std::optional<std::string> broker;  // WITH BROKER <name>; nullopt = broker-less
  std::string location;
  std::map<std::string, std::string> properties;
};

// StarRocks' rule for a repository name (FeNameFormat): a letter and up to 63 more of
// [A-Za-z0-9_], or '_', a letter or digit and up to 62 more. Otherwise InvalidArgument
// "Incorrect repository name '<name>'" (errno 1105). CREATE and DROP REPOSITORY both check it.
Status CheckRepositoryName(const std::string& name);

class RepositoryManager final : public RepositoryRegistry {
 public:
  static constexpr uint16_t kJournalOpCreate = fe_backup::kModuleOpFirst + 1;
  static constexpr uint16_t kJournalOpDrop = fe_backup::kModuleOpFirst + 2;
  // How often Ping() refreshes ErrMsg (StarRocks pings every 10 minutes).
  static constexpr int64_t kPingIntervalMs = 10 * 60 * 1000;

  RepositoryManager(fe_backup::Host* host, std::shared_ptr<storage::StorageRegistry> storages, const Clock* clock);

  // Creates the repository root (and __repo_info) in storage, then journals the definition.
  Status Create(const CreateRepositoryRequest& request);
  // `in_use(repo_id)` says whether an unfinished job writes to it. Remote data is kept.
  Status Drop(const std::string& name, const std::function<bool(int64_t)>& in_use);
  // SHOW REPOSITORIES: RepoId, RepoName, CreateTime, IsReadOnly, Location, Broker, ErrMsg.
  fe_backup::StatementResult Show() const;

  std::shared_ptr<SnapshotRepository> FindByName(const std::string& name) override;
  std::shared_ptr<SnapshotRepository> FindById(int64_t repo_id) override;

  Status Replay(uint16_t op, std::string_view payload);
  // Pings every repository whose last ping is older than kPingIntervalMs (or all, with force).
  void PingDue(bool force = false);

 private:
  struct Entry {
    std::shared_ptr<StorageRepository> repo;
    std::string err_msg;          // last ping failure, "" when fine
    int64_t last_ping_ms = -1;    // monotonic
  };
  Status AddLocked(const RepositoryDefinition& def, bool init);

  fe_backup::Host* host_;
  std::shared_ptr<storage::StorageRegistry> storages_;
  const Clock* clock_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> by_name_;
};

}  // namespace feb::plugin
