#include "frontend/journal/sqlite_journal.h"

#include <sqlite3.h>

#include <filesystem>

namespace feb::frontend {

namespace {

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_;
};

Status SqlError(sqlite3* db, const std::string& what) {
  return Status::IoError("journal " + what + ": " + sqlite3_errmsg(db));
}

}  // namespace

SqliteJournal::~SqliteJournal() { sqlite3_close(db_); }

Status SqliteJournal::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError(std::string("journal: ") + msg + " (" + sql + ")");
  }
  return Status::OK();
}

Result<std::unique_ptr<SqliteJournal>> SqliteJournal::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create meta_dir " + dir + ": " + ec.message());
  std::string path = dir + "/journal.db";
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError("cannot open journal " + path + ": " + msg);
  }
  std::unique_ptr<SqliteJournal> j(new SqliteJournal(db));
  sqlite3_busy_timeout(db, 5000);
  // auto_vacuum (effective when the file is new) returns the pages of trimmed records to the
  // file system at each commit, so the file shrinks after a checkpoint instead of keeping its
  // largest size.
  RETURN_IF_ERROR(j->Exec("PRAGMA auto_vacuum=FULL"));
  RETURN_IF_ERROR(j->Exec("PRAGMA journal_mode=WAL"));
  RETURN_IF_ERROR(j->Exec("PRAGMA synchronous=FULL"));
  RETURN_IF_ERROR(j->Exec(
      "CREATE TABLE IF NOT EXISTS journal(seq INTEGER PRIMARY KEY, op INTEGER NOT NULL, payload BLOB NOT NULL);"
      "CREATE TABLE IF NOT EXISTS checkpoint(id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL,"
      " image BLOB NOT NULL);"
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"));
  ASSIGN_OR_RETURN(auto limit, j->GetMeta("id_limit"));
  j->id_limit_ = limit ? std::stoll(*limit) : 10000;
  j->next_id_ = j->id_limit_;  // ids below the old limit may have been handed out
  {
    Stmt s(db, "SELECT COALESCE(MAX(seq), 0) FROM journal");
    if (!s.ok() || sqlite3_step(s.get()) != SQLITE_ROW) return SqlError(db, "read last seq");
    j->last_seq_ = sqlite3_column_int64(s.get(), 0);
  }
  {
    Stmt s(db, "SELECT last_seq FROM checkpoint WHERE id = 1");
    if (!s.ok()) return SqlError(db, "read checkpoint seq");
    if (sqlite3_step(s.get()) == SQLITE_ROW) j->checkpoint_seq_ = sqlite3_column_int64(s.get(), 0);
  }
  if (j->checkpoint_seq_ > j->last_seq_) j->last_seq_ = j->checkpoint_seq_;
  return j;
}

void SqliteJournal::TruncateWal() {
  // Copies the WAL into the database and empties it: after a checkpoint the WAL would
  // otherwise keep its largest size on disk. Best effort: a busy reader only delays it.
  (void)sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

Result<std::optional<std::string>> SqliteJournal::GetMeta(const std::string& key) {
  Stmt s(db_, "SELECT value FROM meta WHERE key = ?");
  if (!s.ok()) return SqlError(db_, "read meta");
  sqlite3_bind_text(s.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_ROW) return std::optional<std::string>(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return SqlError(db_, "read meta");
}

Status SqliteJournal::SetMeta(const std::string& key, const std::string& value) {
  Stmt s(db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!s.ok()) return SqlError(db_, "write meta");
  sqlite3_bind_text(s.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.get(), 2, value.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return SqlError(db_, "write meta");
  return Status::OK();
}

Result<int64_t> SqliteJournal::Append(uint16_t op, std::string_view payload) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "INSERT INTO journal(seq, op, payload) VALUES(?, ?, ?)");
  if (!s.ok()) return SqlError(db_, "append");
  sqlite3_bind_int64(s.get(), 1, last_seq_ + 1);
  sqlite3_bind_int(s.get(), 2, op);
  sqlite3_bind_blob(s.get(), 3, payload.data(), static_cast<int>(payload.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return SqlError(db_, "append");
  return ++last_seq_;
}

Result<int64_t> SqliteJournal::AppendModuleCheckpoint(uint16_t op, std::string_view image) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  int64_t seq = last_seq_ + 1;
  Status st = [&]() -> Status {
    Stmt s(db_, "INSERT INTO journal(seq, op, payload) VALUES(?, ?, ?)");
    if (!s.ok()) return SqlError(db_, "append module checkpoint");
    sqlite3_bind_int64(s.get(), 1, seq);
    sqlite3_bind_int(s.get(), 2, op);
    sqlite3_bind_blob(s.get(), 3, image.data(), static_cast<int>(image.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) return SqlError(db_, "append module checkpoint");
    Stmt d(db_, "DELETE FROM journal WHERE seq < ? AND op >= 10000 AND op <= 19999");
    if (!d.ok()) return SqlError(db_, "trim module records");
    sqlite3_bind_int64(d.get(), 1, seq);
    if (sqlite3_step(d.get()) != SQLITE_DONE) return SqlError(db_, "trim module records");
    return Status::OK();
  }();
  if (!st.ok()) {
    (void)Exec("ROLLBACK");
    return st;
  }
  RETURN_IF_ERROR(Exec("COMMIT"));
  last_seq_ = seq;
  TruncateWal();
  return seq;
}

Result<std::optional<SqliteJournal::Checkpoint>> SqliteJournal::ReadCheckpoint() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT last_seq, image FROM checkpoint WHERE id = 1");
  if (!s.ok()) return SqlError(db_, "read checkpoint");
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return std::optional<Checkpoint>();
  if (rc != SQLITE_ROW) return SqlError(db_, "read checkpoint");
  Checkpoint c;
  c.last_seq = sqlite3_column_int64(s.get(), 0);
  const void* blob = sqlite3_column_blob(s.get(), 1);
  c.image.assign(static_cast<const char*>(blob ? blob : ""), static_cast<size_t>(sqlite3_column_bytes(s.get(), 1)));
  return std::optional<Checkpoint>(std::move(c));
}

Status SqliteJournal::ForEach(int64_t after_seq,
                              const std::function<Status(int64_t, uint16_t, std::string_view)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT seq, op, payload FROM journal WHERE seq > ? ORDER BY seq");
  if (!s.ok()) return SqlError(db_, "read records");
  sqlite3_bind_int64(s.get(), 1, after_seq);
  while (true) {
    int rc = sqlite3_step(s.get());
    if (rc == SQLITE_DONE) return Status::OK();
    if (rc != SQLITE_ROW) return SqlError(db_, "read records");
    const void* blob = sqlite3_column_blob(s.get(), 2);
    std::string_view payload(static_cast<const char*>(blob ? blob : ""),
                             static_cast<size_t>(sqlite3_column_bytes(s.get(), 2)));
    RETURN_IF_ERROR(fn(sqlite3_column_int64(s.get(), 0), static_cast<uint16_t>(sqlite3_column_int(s.get(), 1)), payload));
  }
}

Status SqliteJournal::WriteCheckpoint(int64_t last_seq, std::string_view image) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status st = [&]() -> Status {
    Stmt s(db_, "INSERT OR REPLACE INTO checkpoint(id, last_seq, image) VALUES(1, ?, ?)");
    if (!s.ok()) return SqlError(db_, "write checkpoint");
    sqlite3_bind_int64(s.get(), 1, last_seq);
    sqlite3_bind_blob(s.get(), 2, image.data(), static_cast<int>(image.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) return SqlError(db_, "write checkpoint");
    Stmt d(db_, "DELETE FROM journal WHERE seq <= ? AND op < 10000");
    if (!d.ok()) return SqlError(db_, "trim journal");
    sqlite3_bind_int64(d.get(), 1, last_seq);
    if (sqlite3_step(d.get()) != SQLITE_DONE) return SqlError(db_, "trim journal");
    return Status::OK();
  }();
  if (!st.ok()) {
    (void)Exec("ROLLBACK");
    return st;
  }
  RETURN_IF_ERROR(Exec("COMMIT"));
  checkpoint_seq_ = last_seq;
  TruncateWal();
  return Status::OK();
}

Result<int64_t> SqliteJournal::NextIds(int64_t count) {
  if (count < 1) return Status::InvalidArgument("id range of " + std::to_string(count) + " ids");
  std::lock_guard<std::mutex> lock(mu_);
  if (next_id_ + count > id_limit_) {
    int64_t new_limit = std::max(id_limit_, next_id_ + count) + kIdBatch;
    RETURN_IF_ERROR(SetMeta("id_limit", std::to_string(new_limit)));
    id_limit_ = new_limit;
  }
  int64_t first = next_id_;
  next_id_ += count;
  return first;
}

int64_t SqliteJournal::last_seq() {
  std::lock_guard<std::mutex> lock(mu_);
  return last_seq_;
}

int64_t SqliteJournal::records_since_checkpoint() {
  std::lock_guard<std::mutex> lock(mu_);
  return last_seq_ - checkpoint_seq_;
}

}  // namespace feb::frontend
