// fe_backup/host.h — the contract between a frontend process (the host) and the backup
// module (libfe_backup.so). This is the only header the two share.
//
// The host implements `Host` (catalog view, locks, access control, journal, backends,
// config). The module implements `Plugin` and exports the three `extern "C"` entry points at
// the bottom. Both sides must be built with the same C++ standard library; the ABI version
// guards the layout of everything below and is bumped on any change to it.
//
// Thread-safety: every `Host` method may be called from any thread at any time after
// `fe_backup_create_plugin` and until `Plugin::Shutdown` has returned. Every `Plugin` method
// may be called concurrently from many threads unless its comment says otherwise.
//
// Units: times are milliseconds since the Unix epoch (int64) unless named otherwise;
// durations are std::chrono types; ids are int64 and never reused by the host.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fe_backup {

// Bumped whenever anything in this header changes in a way that breaks binary compatibility.
inline constexpr uint32_t kHostAbiVersion = 4;

// ---------------------------------------------------------------------------------------------
// Results across the boundary
// ---------------------------------------------------------------------------------------------

enum class HostCode : uint8_t {
  kOk = 0,
  kNotFound,         // the object named does not exist (any more)
  kAlreadyExists,
  kInvalidArgument,
  kTimeout,          // e.g. a lock could not be taken in time
  kUnavailable,      // retriable: the journal or a backend is not reachable now
  kIoError,
  kInternal,
};

// The outcome of a host call. `message` names the object and says what went wrong.
struct HostStatus {
  HostCode code = HostCode::kOk;
  std::string message;

  bool ok() const { return code == HostCode::kOk; }
  static HostStatus Ok() { return {}; }
  static HostStatus Error(HostCode c, std::string msg) { return {c, std::move(msg)}; }
};

// A value or the HostStatus explaining its absence.
template <typename T>
struct HostResult {
  HostStatus status;
  std::optional<T> value;  // set iff status.ok()

  bool ok() const { return status.ok(); }
  static HostResult Of(T v) { return {HostStatus::Ok(), std::move(v)}; }
  static HostResult Error(HostCode c, std::string msg) { return {HostStatus::Error(c, std::move(msg)), std::nullopt}; }
};

// ---------------------------------------------------------------------------------------------
// Catalog view: plain value snapshots. A caller that needs a consistent view of a database
// (all partitions at their visible versions) takes the database's read lock first.
// ---------------------------------------------------------------------------------------------

struct DatabaseInfo {
  int64_t id = 0;
  std::string name;
};

enum class TableKind : uint8_t { kOlap, kMaterializedView, kView, kExternal, kOther };

// StarRocks' name of a table kind ("OLAP", "MATERIALIZED_VIEW", "VIEW", ...), used in errors.
inline const char* TableKindName(TableKind k) {
  switch (k) {
    case TableKind::kOlap: return "OLAP";
    case TableKind::kMaterializedView: return "MATERIALIZED_VIEW";
    case TableKind::kView: return "VIEW";
    case TableKind::kExternal: return "EXTERNAL";
    case TableKind::kOther: return "OTHER";
  }
  return "OTHER";
}

struct ReplicaInfo {
  int64_t id = 0;
  int64_t backend_id = 0;
  int64_t version = 0;              // highest version this replica holds contiguously
  int64_t last_failed_version = -1; // > 0 while the replica is missing a version
  bool bad = false;                 // marked bad by the host (e.g. corrupt)
  int32_t schema_hash = -1;         // -1 = same as its index
};

struct TabletInfo {
  int64_t id = 0;
  std::vector<ReplicaInfo> replicas;  // in ascending replica id order
};

// A materialized index within one partition: the tablets that hold that partition's rows
// of that index.
struct IndexInfo {
  int64_t id = 0;
  std::string name;          // the base index is named after the table
  int32_t schema_hash = 0;
  std::vector<TabletInfo> tablets;  // in bucket order
};

struct PartitionInfo {
  int64_t id = 0;             // also the physical partition id (one physical partition each)
  std::string name;
  int64_t visible_version = 1;
  std::vector<IndexInfo> indexes;  // base index first
};

// A column as written in CREATE TABLE.
struct ColumnDefinition {
  std::string name;
  std::string type;          // SQL type text, e.g. "INT", "VARCHAR(32)", "DECIMAL(10,2)"
  bool nullable = true;
  bool is_key = false;
  std::string aggregation;   // "" or SUM/MIN/MAX/REPLACE/... for AGGREGATE KEY tables
  std::optional<std::string> default_value;
  std::string comment;
};

// A range partition's definition: rows with partition key < upper_bound (exclusive).
struct RangePartitionDefinition {
  std::string name;
  std::vector<std::string> upper_bound;  // one value per partition column; "MAXVALUE" allowed
};

// A portable table definition: enough to recreate the table (RESTORE) and to document it in
// the snapshot's meta file. Equal to what SHOW CREATE TABLE describes.
struct TableDefinition {
  std::string name;
  std::vector<ColumnDefinition> columns;
  std::string keys_type = "DUPLICATE";     // DUPLICATE | AGGREGATE | UNIQUE | PRIMARY
  std::vector<std::string> key_columns;
  std::vector<std::string> partition_columns;          // empty = unpartitioned
  std::vector<RangePartitionDefinition> partitions;    // in range order
  std::vector<std::string> distribution_columns;       // HASH(...)
  int32_t buckets = 1;
  std::map<std::string, std::string> properties;       // e.g. replication_num
};

struct TableInfo {
  int64_t id = 0;
  std::string name;
  TableKind kind = TableKind::kOlap;
  bool has_temp_partitions = false;
  std::vector<PartitionInfo> partitions;  // in range order
  TableDefinition definition;
};

// A logical view as CREATE VIEW defined it. Views share the tables' namespace: a name is a
// table or a view, never both. The host keeps the definition, it need not execute it.
struct ViewColumn {
  std::string name;
  std::string comment;  // "" = none
  bool operator==(const ViewColumn&) const = default;
};

struct ViewDefinition {
  int64_t id = 0;                   // the view's table id (StarRocks gives views one)
  std::string name;
  std::vector<ViewColumn> columns;  // the explicit column list; empty = the query's own columns
  std::string comment;              // "" = none
  std::string select_text;          // the query after AS, verbatim (no trailing ';')
  bool operator==(const ViewDefinition&) const = default;
};

enum class FunctionKind : uint8_t { kScalar, kAggregate, kTable };

// StarRocks' word for a function kind in SHOW FULL FUNCTIONS ("Scalar", "Aggregate", "Table").
inline const char* FunctionKindName(FunctionKind k) {
  switch (k) {
    case FunctionKind::kScalar: return "Scalar";
    case FunctionKind::kAggregate: return "Aggregate";
    case FunctionKind::kTable: return "Table";
  }
  return "Scalar";
}

// A user-defined function of a database as CREATE FUNCTION defined it. Its identity is its
// signature: the name (lower case; StarRocks compares function names case-insensitively) and the
// argument types. Several functions may share a name (overloads).
struct FunctionDefinition {
  std::string name;                                // lower case
  std::vector<std::string> arg_types;              // SQL type text, upper case, e.g. "INT", "VARCHAR(10)"
  bool variadic = false;                           // the last argument repeats ("...")
  std::string return_type;
  FunctionKind kind = FunctionKind::kScalar;
  std::string intermediate_type;                   // aggregates only; "" = none
  // As written in PROPERTIES, e.g. {"symbol": "com.x.Add", "type": "StarrocksJar", "file": "http://..."}.
  std::map<std::string, std::string> properties;
  bool operator==(const FunctionDefinition&) const = default;
};

// "name(INT,VARCHAR(10))", "name(INT, ...)" for a variadic one: StarRocks' signature string.
inline std::string FunctionSignature(const FunctionDefinition& f) {
  std::string s = f.name + "(";
  for (size_t i = 0; i < f.arg_types.size(); ++i) s += (i ? "," : "") + f.arg_types[i];
  if (f.variadic) s += f.arg_types.empty() ? "..." : ", ...";
  return s + ")";
}

// True if the two define the same function (same name, argument types and variadic flag).
inline bool SameSignature(const FunctionDefinition& a, const FunctionDefinition& b) {
  return a.name == b.name && a.arg_types == b.arg_types && a.variadic == b.variadic;
}

class Catalog {
 public:
  virtual ~Catalog() = default;

  // Database names are case-sensitive, as in StarRocks.
  virtual std::optional<DatabaseInfo> FindDatabase(std::string_view name) = 0;
  virtual std::optional<DatabaseInfo> FindDatabaseById(int64_t db_id) = 0;
  // Names of every table in the database, in creation order; empty if the database is gone.
  virtual std::vector<std::string> ListTables(int64_t db_id) = 0;
  // Table names are case-sensitive. Snapshots include partitions, indexes, tablets, replicas.
  virtual std::optional<TableInfo> FindTable(int64_t db_id, std::string_view name) = 0;
  virtual std::optional<TableInfo> FindTableById(int64_t db_id, int64_t table_id) = 0;
  // Views are not tables here: ListTables and FindTable never return them.
  // Every view of the database, in creation order; empty if the database is gone.
  virtual std::vector<ViewDefinition> ListViews(int64_t db_id) = 0;
  // The view named `name` (case-sensitive, as tables).
  virtual std::optional<ViewDefinition> FindView(int64_t db_id, std::string_view name) = 0;
  // Every user-defined function of the database, in creation order (overloads included).
  virtual std::vector<FunctionDefinition> ListFunctions(int64_t db_id) = 0;
  // Materialized views have no calls of their own: a host that keeps them lists them through
  // ListTables with TableKind::kMaterializedView, and the module refuses to back them up.
};

// ---------------------------------------------------------------------------------------------
// Catalog writes for RESTORE.
//
// A restore never writes into tablets that already hold data. The host *stages* new tablets for
// every partition a restore brings back; they are invisible to queries and to SHOW. The module
// downloads the snapshot into them and then commits the stage: one journaled host step that, for
// a new table, registers it under its name, and for an existing table replaces the same-name
// partitions and adds the others. So until the commit an existing table stays readable and
// unchanged, and after a crash it holds either its old data or the restored data, never a mix.
// Aborting a stage drops its tablets. Stages survive a restart (the host journals them) and are
// listed, so the module can abort those that no job of its journal owns.
// ---------------------------------------------------------------------------------------------

struct RestorePartitionSpec {
  std::string name;      // the partition's name in the target table
  int64_t version = 1;   // the snapshot's visible version: the partition's version after commit
};

struct RestoreStageRequest {
  int64_t job_id = 0;            // the owning job (ListRestoreStages reports it)
  std::string table_name;        // the target table's name in the database (alias or original)
  // The snapshot's definition of the table, renamed to `table_name`. For a new table it is the
  // table's definition; for an existing table the host keeps that table's own definition
  // (columns, index, buckets: the module checked they match) and uses this one only for the
  // ranges of partitions it adds.
  TableDefinition definition;
  std::vector<RestorePartitionSpec> partitions;  // in range order
  int32_t replication_num = 3;   // replicas of every staged tablet
};

struct RestoreStage {
  int64_t stage_id = 0;
  int64_t job_id = 0;
  int64_t db_id = 0;
  bool new_table = false;  // the table did not exist when staged: the commit registers it
  bool committed = false;
  // The target table: its id (the existing table's, or the one a new table gets), its name and
  // definition, and only the staged partitions: new partition ids, the base index (id, schema
  // hash) and new tablets with their replicas, created empty (version 1) on the backends; each
  // partition's visible_version is the version it gets at the commit.
  TableInfo table;
};

class CatalogWriter {
 public:
  virtual ~CatalogWriter() = default;
  // The database named `name`, created (and journaled) when it does not exist yet.
  virtual HostResult<DatabaseInfo> CreateDatabase(std::string_view name) = 0;
  // Stages the partitions of `request` in database `db_id`. kNotFound: no such database;
  // kInvalidArgument: a request the host cannot satisfy (e.g. too few alive backends for
  // replication_num, a partition range that overlaps an existing one, a name that is not a
  // table) — the message says which; kAlreadyExists: another stage already targets this table.
  // On error nothing is left behind (catalog or backends).
  virtual HostResult<RestoreStage> StageRestore(int64_t db_id, const RestoreStageRequest& request) = 0;
  // Swaps a stage in, atomically and durably: a new table becomes visible under its name
  // (kAlreadyExists if the name was taken since); an existing table's same-name partitions are
  // replaced and the others added, at their versions (kNotFound if the table was dropped since).
  // The replaced partitions' tablets are dropped on the backends afterwards. A committed stage
  // answers OK again (a module that crashed after the commit may repeat it). kNotFound for a
  // stage the host does not know.
  virtual HostStatus CommitRestore(int64_t stage_id) = 0;
  // Drops an uncommitted stage and its tablets (on the backends, best effort) and forgets it.
  // OK for an unknown stage; kInvalidArgument for a committed one.
  virtual HostStatus AbortRestore(int64_t stage_id) = 0;
  // Every stage the host keeps (uncommitted ones, and committed ones not yet forgotten).
  virtual std::vector<RestoreStage> ListRestoreStages() = 0;
  // Forgets a committed stage (its tablets stay: they are the table's now). OK if unknown.
  virtual HostStatus ForgetRestoreStage(int64_t stage_id) = 0;

  // Views and functions (RESTORE creates them after its last table commit). Both calls take
  // the database's write lock themselves: a caller holding it gets kTimeout.
  //
  // Creates view `view.name` in database `db_id` from its definition, journaled (durable when it
  // returns OK). The host gives it a new id (view.id is ignored). With `replace`, a view of that
  // name is replaced (RESTORE's rule: a restored view replaces a same-name view), so repeating
  // the call after a crash is harmless. Errors: kNotFound (no such database); kAlreadyExists when
  // the name is a table, or a view and !replace (message names it); kUnavailable (journal).
  virtual HostStatus CreateView(int64_t db_id, const ViewDefinition& view, bool replace) = 0;
  // Creates function `fn` in database `db_id`, journaled. With `replace`, a function of the same
  // signature is replaced (RESTORE adds functions with StarRocks' allowExists, which replaces),
  // so a repeated call is harmless; without it that is kAlreadyExists. Functions of the same name
  // and other argument types are kept. kNotFound: no such database; kUnavailable: journal.
  virtual HostStatus CreateFunction(int64_t db_id, const FunctionDefinition& fn, bool replace) = 0;
};

// ---------------------------------------------------------------------------------------------
// Locks
// ---------------------------------------------------------------------------------------------

// Held while alive; destroying it releases the lock. Not copyable.
class LockHandle {
 public:
  virtual ~LockHandle() = default;
};

class LockManager {
 public:
  virtual ~LockManager() = default;
  // Shared lock on a database; kTimeout if not granted within `timeout`, kNotFound if the
  // database does not exist.
  virtual HostResult<std::unique_ptr<LockHandle>> ReadLock(int64_t db_id, std::chrono::milliseconds timeout) = 0;
  // Exclusive lock on a database; same errors.
  virtual HostResult<std::unique_ptr<LockHandle>> WriteLock(int64_t db_id, std::chrono::milliseconds timeout) = 0;
};

// ---------------------------------------------------------------------------------------------
// Sessions and access control
// ---------------------------------------------------------------------------------------------

// Who runs a statement. Copied into the plugin per call; the plugin keeps no reference.
struct Session {
  std::string user;          // e.g. "root"
  std::string host = "%";    // the user's host pattern
  std::string current_db;    // "" when none is selected
  uint64_t connection_id = 0;
  std::vector<std::string> roles;  // active roles, e.g. {"root"} or {"db_admin"}
};

// kCreateDatabase is asked on PrivilegeObject::Kind::kSystem, standing for the default catalog.
enum class Privilege : uint8_t { kRepository, kExport, kSelect, kInsert, kCreateTable, kUsage, kCreateDatabase };

// StarRocks' spelling of a privilege ("REPOSITORY", "EXPORT", ...), used in denial messages.
inline const char* PrivilegeName(Privilege p) {
  switch (p) {
    case Privilege::kRepository: return "REPOSITORY";
    case Privilege::kExport: return "EXPORT";
    case Privilege::kSelect: return "SELECT";
    case Privilege::kInsert: return "INSERT";
    case Privilege::kCreateTable: return "CREATE TABLE";
    case Privilege::kUsage: return "USAGE";
    case Privilege::kCreateDatabase: return "CREATE DATABASE";
  }
  return "UNKNOWN";
}

struct PrivilegeObject {
  enum class Kind : uint8_t { kSystem, kDatabase, kTable };
  Kind kind = Kind::kSystem;
  std::string db;      // for kDatabase and kTable
  std::string table;   // for kTable
};

class AccessControl {
 public:
  virtual ~AccessControl() = default;
  // True if the session's user (through grants or active roles; root and db_admin hold
  // everything) holds `privilege` on `object`.
  virtual bool HasPrivilege(const Session& session, Privilege privilege, const PrivilegeObject& object) = 0;
};

// ---------------------------------------------------------------------------------------------
// Journal: the host's durable, ordered log. The module owns op codes in
// [kModuleOpFirst, kModuleOpLast]; the host never interprets their payloads.
// ---------------------------------------------------------------------------------------------

inline constexpr uint16_t kModuleOpFirst = 10000;
inline constexpr uint16_t kModuleOpLast = 19999;

class Journal {
 public:
  virtual ~Journal() = default;
  // Appends a record; durable (fsynced) when it returns OK. Records are replayed in append
  // order. kInvalidArgument for an op outside the module's range.
  virtual HostStatus Append(uint16_t op, std::string_view payload) = 0;
  // The module's checkpoint: appends `image` as a record of `op` (in the module's range) and,
  // in the same durable step, drops every module record appended before it. A crash leaves
  // either the old records or the checkpoint and nothing before it, never a mix. At startup
  // Replay() therefore sees the latest checkpoint first and then the module records appended
  // after it. Host records (ops below kModuleOpFirst) are untouched. The image is exact only if
  // the module appends nothing concurrently: that ordering is the module's concern.
  // Same errors as Append.
  virtual HostStatus Checkpoint(uint16_t op, std::string_view image) = 0;
  // A new id, unique among all ids the host ever handed out (also across restarts).
  virtual int64_t NextId() = 0;
  // `count` (1..10,000,000) consecutive new ids; returns the first. The same guarantee as
  // NextId for every id of the range; costs about one NextId whatever the count.
  virtual int64_t NextIds(int64_t count) = 0;
};

// ---------------------------------------------------------------------------------------------
// Backends and configuration
// ---------------------------------------------------------------------------------------------

struct BackendInfo {
  int64_t id = 0;
  std::string host;
  int32_t be_port = 9060;     // BackendService (Thrift)
  int32_t http_port = 8040;
  int32_t brpc_port = 8060;
  bool alive = false;         // heartbeats succeed
};

class Backends {
 public:
  virtual ~Backends() = default;
  virtual std::vector<BackendInfo> List() = 0;
  virtual std::optional<BackendInfo> Find(int64_t backend_id) = 0;
};

class Config {
 public:
  virtual ~Config() = default;
  // The value of a key from the frontend's config file or command line, if set.
  // Keys are StarRocks' names (e.g. "max_upload_task_per_be").
  virtual std::optional<std::string> Get(std::string_view key) = 0;
};

// Everything the host gives the module. The references stay valid until the plugin has been
// destroyed.
class Host {
 public:
  virtual ~Host() = default;
  virtual Catalog& catalog() = 0;
  virtual CatalogWriter& catalog_writer() = 0;
  virtual LockManager& locks() = 0;
  virtual AccessControl& access() = 0;
  virtual Journal& journal() = 0;
  virtual Backends& backends() = 0;
  virtual Config& config() = 0;
  // The frontend's own address as backends should reach its FrontendService.
  virtual std::string frontend_host() = 0;
  virtual int32_t frontend_rpc_port() = 0;
};

// ---------------------------------------------------------------------------------------------
// Task reports: the host's FrontendService forwards what backends report for the task types the
// module owns (plain structs, no Thrift types).
// ---------------------------------------------------------------------------------------------

// StarRocks' TTaskType numbers for the task kinds the module sends.
enum class TaskType : int32_t {
  kMakeSnapshot = 8,
  kReleaseSnapshot = 9,
  kUpload = 11,
  kDownload = 12,
  kMove = 14,
};

// StarRocks' TStatusCode numbers that matter to the module.
inline constexpr int32_t kTaskStatusOk = 0;
inline constexpr int32_t kTaskStatusCancelled = 1;
inline constexpr int32_t kTaskStatusRuntimeError = 4;
inline constexpr int32_t kTaskStatusVersionAlreadyMerged = 45;

struct FinishedTask {
  int64_t backend_id = 0;
  TaskType type = TaskType::kMakeSnapshot;
  int64_t signature = 0;
  int32_t status_code = kTaskStatusOk;
  std::vector<std::string> error_msgs;
  std::optional<std::string> snapshot_path;                        // MAKE_SNAPSHOT
  std::optional<std::vector<std::string>> snapshot_files;          // MAKE_SNAPSHOT
  std::optional<std::map<int64_t, std::vector<std::string>>> tablet_files;  // UPLOAD
  std::optional<std::vector<int64_t>> downloaded_tablet_ids;       // DOWNLOAD
  // Bytes the task copied (UPLOAD/DOWNLOAD) or, for MAKE_SNAPSHOT, the size of the snapshot's
  // files, when the backend reports it (TFinishTaskRequest.copy_size); and how long it took.
  std::optional<int64_t> copy_size;
  std::optional<int64_t> copy_time_ms;
};

// What the module answers to a finished task: kOk = accepted (the host forgets it),
// kCancelled = the module does not know it (StarRocks answers CANCELLED).
enum class TaskAnswer : uint8_t { kOk, kCancelled };

struct LoaderProgress {
  int64_t job_id = 0;
  int64_t task_id = 0;
  TaskType type = TaskType::kUpload;
  int32_t finished = 0;
  int32_t total = 0;
};

// A backend's periodic report: signatures of the tasks it is running, per type.
struct BackendTaskReport {
  int64_t backend_id = 0;
  std::map<TaskType, std::vector<int64_t>> running;
};

// ---------------------------------------------------------------------------------------------
// What the module gives the host
// ---------------------------------------------------------------------------------------------

// A statement's result: an error, an OK with affected rows, or a result set.
struct StatementResult {
  bool ok = true;
  // error
  uint16_t mysql_errno = 0;
  std::string sqlstate;   // five characters
  std::string message;
  // OK
  uint64_t affected_rows = 0;
  // result set (has_result_set: columns may be sent even with zero rows); nullopt cell = NULL
  bool has_result_set = false;
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  static StatementResult Error(uint16_t err, std::string state, std::string msg) {
    StatementResult r;
    r.ok = false;
    r.mysql_errno = err;
    r.sqlstate = std::move(state);
    r.message = std::move(msg);
    return r;
  }
};

class Plugin {
 public:
  virtual ~Plugin() = default;

  // A short name for logs, e.g. "fe_backup".
  virtual const char* Name() const = 0;

  // Claim-or-decline: true if `sql` (one statement) belongs to the module. Cheap (looks at the
  // leading keywords only), never fails; a statement it declines goes to the host's parser, so
  // the user sees the host's syntax error for text that is nobody's.
  virtual bool Claims(std::string_view sql) = 0;

  // Runs one claimed statement for `session`. Never throws.
  virtual StatementResult Execute(const Session& session, std::string_view sql) = 0;

  // Startup, in this order, on one thread: Replay() for every module journal record in append
  // order, then Start(). Execute and the task callbacks are only called after Start() is OK.
  virtual HostStatus Replay(uint16_t op, std::string_view payload) = 0;
  virtual HostStatus Start() = 0;

  // Stops background work and waits for it; no other call follows except destruction.
  virtual void Shutdown() = 0;

  // True if the module sent tasks of this type and wants their reports.
  virtual bool OwnsTaskType(TaskType type) const = 0;
  virtual TaskAnswer OnFinishTask(const FinishedTask& task) = 0;
  // kOk: go on; kCancelled: the job is gone or cancelled, the backend should stop.
  virtual TaskAnswer OnLoaderProgress(const LoaderProgress& progress) = 0;
  virtual void OnBackendTaskReport(const BackendTaskReport& report) = 0;
};

}  // namespace fe_backup

// ---------------------------------------------------------------------------------------------
// Entry points the module exports. The host calls fe_backup_abi_version() first and refuses a
// module whose version differs from its own kHostAbiVersion.
// ---------------------------------------------------------------------------------------------
extern "C" {
// Returns kHostAbiVersion as the module was built with it.
uint32_t fe_backup_abi_version();
// Creates the module bound to `host` (not owned; must outlive the plugin). Null on failure,
// with the reason logged.
fe_backup::Plugin* fe_backup_create_plugin(fe_backup::Host* host);
// Destroys a plugin returned by fe_backup_create_plugin, after Shutdown().
void fe_backup_destroy_plugin(fe_backup::Plugin* plugin);
}
