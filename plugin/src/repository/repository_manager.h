// RepositoryManager: the repositories a frontend knows (CREATE / DROP / SHOW REPOSITORIES),
// journaled through the host. Also the RepositoryRegistry jobs resolve their repository with.
// Thread-safe.
//
// Lock rule: `mu_` guards the map of entries only. It is a leaf lock: nothing is called while
// it is held, neither storage I/O (opening, initialising or pinging a repository), nor the
// host's journal or id generator, nor a caller's callback (Drop's `in_use`, which takes job
// mutexes). So FindById / FindByName / Show may be called while holding any other lock (job
// steps and report handlers hold a job mutex when they resolve their repository), and they
// never wait for storage.
//  - Create reserves the name under the lock (a second CREATE of that name fails at once with
//    AlreadyExists), then opens and initialises the storage and journals without the lock,
//    then publishes the entry; a reserved entry is invisible to the finders and to SHOW.
//  - Drop marks the entry as being dropped under the lock (the finders still return it, so
//    running work is not disturbed), calls `in_use` and journals without the lock, then erases
//    the entry; on refusal or a journal failure the mark is taken back.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/time/clock.h"
#include "fe_backup/host.h"
#include "plugin/src/journal/module_journal.h"
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
  // AlreadyExists while another repository of that name exists or is being created.
  Status Create(const CreateRepositoryRequest& request);
  // `in_use(repo_id)` says whether an unfinished job writes to it; it is called without any
  // lock of this manager held and may call back into it. Remote data is kept. IllegalState
  // while another Drop of the same repository is deciding.
  Status Drop(const std::string& name, const std::function<bool(int64_t)>& in_use);
  // SHOW REPOSITORIES: RepoId, RepoName, CreateTime, IsReadOnly, Location, Broker, ErrMsg.
  fe_backup::StatementResult Show() const;

  std::shared_ptr<SnapshotRepository> FindByName(const std::string& name) override;
  std::shared_ptr<SnapshotRepository> FindById(int64_t repo_id) override;

  Status Replay(uint16_t op, std::string_view payload);
  // Journals through `journal` from now on, so that a module checkpoint never falls between a
  // record and its change (without it: the host's journal directly, for tests).
  void SetJournal(ModuleJournal* journal) { journal_ = journal; }
  // The create record of every repository, for the module's checkpoint.
  std::vector<std::string> CreateRecords() const;
  // Pings every repository whose last ping is older than kPingIntervalMs (or all, with force).
  void PingDue(bool force = false);

 private:
  struct Entry {
    std::shared_ptr<StorageRepository> repo;  // null while a Create of the name is in progress
    std::string err_msg;          // last ping failure, "" when fine
    int64_t last_ping_ms = -1;    // monotonic
    bool dropping = false;        // a Drop is deciding; still found by the finders
  };

  // Appends a record; on success `apply` runs before any module checkpoint can be taken.
  Status AppendRecord(uint16_t op, const std::string& payload, const std::function<void()>& apply);

  fe_backup::Host* host_;
  ModuleJournal* journal_ = nullptr;
  std::shared_ptr<storage::StorageRegistry> storages_;
  const Clock* clock_;
  mutable std::mutex mu_;  // leaf lock, see the rule above
  std::map<std::string, Entry> by_name_;  // guarded by mu_
};

}  // namespace feb::plugin
