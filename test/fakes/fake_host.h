// FakeHost: an in-memory fe_backup::Host for unit tests of the module. Every piece is
// scriptable (databases, tables, backends, grants, config) and observable (journal records,
// lock calls). Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fe_backup/host.h"

namespace feb::testing {

class FakeHost : public fe_backup::Host,
                 public fe_backup::Catalog,
                 public fe_backup::LockManager,
                 public fe_backup::AccessControl,
                 public fe_backup::Journal,
                 public fe_backup::Backends,
                 public fe_backup::Config,
                 public fe_backup::CatalogWriter {
 public:
  struct JournalRecord {
    uint16_t op;
    std::string payload;
  };

  FakeHost() = default;

  // ---- scripting ----
  int64_t AddDatabase(const std::string& name);
  // Adds an OLAP table with one partition per name (unpartitioned: one named after the table),
  // `buckets` tablets per partition and `replicas` replicas per tablet on backends 1..replicas
  // (created when missing). Returns the table id.
  int64_t AddOlapTable(int64_t db_id, const std::string& name, const std::vector<std::string>& partitions,
                       int buckets = 1, int replicas = 1, int64_t visible_version = 2);
  // Adds a table of another kind (no partitions).
  int64_t AddTable(int64_t db_id, const std::string& name, fe_backup::TableKind kind);
  // Adds a view (a new id); returns it.
  int64_t AddView(int64_t db_id, fe_backup::ViewDefinition view);
  void AddFunction(int64_t db_id, fe_backup::FunctionDefinition fn);
  // Makes the next CreateView / CreateFunction fail with `code`.
  void FailNextObjectCreate(fe_backup::HostCode code);
  // How many CreateView / CreateFunction calls succeeded.
  int objects_created() const;
  // Direct access for tests that tweak replicas, versions, temp partitions, etc.
  fe_backup::TableInfo* MutableTable(int64_t db_id, const std::string& name);
  void AddBackend(int64_t id, bool alive = true);
  void SetBackendAlive(int64_t id, bool alive);
  void Grant(const std::string& user, fe_backup::Privilege p, fe_backup::PrivilegeObject::Kind kind,
             const std::string& db = "", const std::string& table = "");
  void SetConfig(const std::string& key, const std::string& value);
  // Makes the next `n` lock requests time out.
  void FailNextLocks(int n);
  // Makes Append fail with kUnavailable while set.
  void SetJournalDown(bool down);
  // With false, Append keeps only the op of each record, not its payload (benchmarks).
  void SetRetainJournalPayloads(bool retain);

  // Makes the next StageRestore fail with `code`.
  void FailNextStage(fe_backup::HostCode code);
  // Every stage the host keeps, and how many stages were aborted so far.
  std::vector<fe_backup::RestoreStage> stages() const;
  int aborted_stages() const;

  std::vector<JournalRecord> journal_records() const;
  int lock_calls() const;

  // ---- fe_backup::Host ----
  fe_backup::Catalog& catalog() override { return *this; }
  fe_backup::LockManager& locks() override { return *this; }
  fe_backup::AccessControl& access() override { return *this; }
  fe_backup::Journal& journal() override { return *this; }
  fe_backup::Backends& backends() override { return *this; }
  fe_backup::Config& config() override { return *this; }
  fe_backup::CatalogWriter& catalog_writer() override { return *this; }
  std::string frontend_host() override { return "127.0.0.1"; }
  int32_t frontend_rpc_port() override { return 9020; }

  // ---- fe_backup::Catalog ----
  std::optional<fe_backup::DatabaseInfo> FindDatabase(std::string_view name) override;
  std::optional<fe_backup::DatabaseInfo> FindDatabaseById(int64_t db_id) override;
  std::vector<std::string> ListTables(int64_t db_id) override;
  std::optional<fe_backup::TableInfo> FindTable(int64_t db_id, std::string_view name) override;
  std::optional<fe_backup::TableInfo> FindTableById(int64_t db_id, int64_t table_id) override;

  // ---- fe_backup::LockManager ----
  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> ReadLock(int64_t db_id,
                                                                        std::chrono::milliseconds timeout) override;
  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> WriteLock(int64_t db_id,
                                                                         std::chrono::milliseconds timeout) override;

  // ---- fe_backup::AccessControl ----
  bool HasPrivilege(const fe_backup::Session& session, fe_backup::Privilege privilege,
                    const fe_backup::PrivilegeObject& object) override;

  // ---- fe_backup::Journal ----
  fe_backup::HostStatus Append(uint16_t op, std::string_view payload) override;
  // Drops the module records before the checkpoint, as the real host does.
  fe_backup::HostStatus Checkpoint(uint16_t op, std::string_view image) override;
  int64_t NextId() override;
  int64_t NextIds(int64_t count) override;

  // ---- fe_backup::Backends ----
  std::vector<fe_backup::BackendInfo> List() override;
  std::optional<fe_backup::BackendInfo> Find(int64_t backend_id) override;

  // ---- fe_backup::Config ----
  std::optional<std::string> Get(std::string_view key) override;

  // ---- fe_backup::CatalogWriter ----
  fe_backup::HostResult<fe_backup::DatabaseInfo> CreateDatabase(std::string_view name) override;
  fe_backup::HostResult<fe_backup::RestoreStage> StageRestore(int64_t db_id,
                                                              const fe_backup::RestoreStageRequest& request) override;
  fe_backup::HostStatus CommitRestore(int64_t stage_id) override;
  fe_backup::HostStatus AbortRestore(int64_t stage_id) override;
  std::vector<fe_backup::RestoreStage> ListRestoreStages() override;
  fe_backup::HostStatus ForgetRestoreStage(int64_t stage_id) override;
  fe_backup::HostStatus CreateView(int64_t db_id, const fe_backup::ViewDefinition& view, bool replace) override;
  fe_backup::HostStatus CreateFunction(int64_t db_id, const fe_backup::FunctionDefinition& fn, bool replace) override;

  // ---- fe_backup::Catalog: views and functions ----
  std::vector<fe_backup::ViewDefinition> ListViews(int64_t db_id) override;
  std::optional<fe_backup::ViewDefinition> FindView(int64_t db_id, std::string_view name) override;
  std::vector<fe_backup::FunctionDefinition> ListFunctions(int64_t db_id) override;

 private:
  struct Db {
    fe_backup::DatabaseInfo info;
    std::vector<fe_backup::TableInfo> tables;
    std::vector<fe_backup::ViewDefinition> views;
    std::vector<fe_backup::FunctionDefinition> functions;
  };
  struct Grant_ {
    fe_backup::Privilege privilege;
    fe_backup::PrivilegeObject::Kind kind;
    std::string db;
    std::string table;
  };

  fe_backup::HostResult<std::unique_ptr<fe_backup::LockHandle>> Lock(int64_t db_id);
  Db* FindDbLocked(int64_t db_id);

  mutable std::mutex mu_;
  int64_t next_id_ = 10000;
  std::vector<Db> dbs_;
  std::map<int64_t, fe_backup::BackendInfo> backends_;
  std::map<std::string, std::vector<Grant_>> grants_;
  std::map<std::string, std::string> config_;
  std::vector<JournalRecord> journal_;
  int fail_locks_ = 0;
  int lock_calls_ = 0;
  bool journal_down_ = false;
  bool retain_payloads_ = true;
  std::map<int64_t, fe_backup::RestoreStage> stages_;
  std::optional<fe_backup::HostCode> fail_stage_;
  int aborted_stages_ = 0;
  std::optional<fe_backup::HostCode> fail_object_;
  int objects_created_ = 0;
};

}  // namespace feb::testing
