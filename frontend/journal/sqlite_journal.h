// SqliteJournal: the frontend's durable, ordered log in `<meta_dir>/journal.db` (SQLite, WAL,
// synchronous=FULL, so a record is on disk when Append returns). Tables:
//   journal(seq INTEGER PRIMARY KEY, op INTEGER, payload BLOB)   records in append order
//   checkpoint(id = 1, last_seq, image BLOB)                      latest catalog snapshot
//   meta(key TEXT PRIMARY KEY, value TEXT)                        "id_limit": ids handed out
// A checkpoint replaces the snapshot and deletes the host records (op < 10000) it covers, in
// one transaction; the module's records (10000..19999) are kept by it. The module bounds its
// own records with AppendModuleCheckpoint: its image is appended and every module record before
// it deleted, in one transaction, so replay sees the module's image and then what came after.
// Ids: NextId() hands out ids below a persisted limit, raising the limit (durably) by
// kIdBatch whenever it is reached, so no id is ever handed out twice, even after kill -9.
// Thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/status/result.h"

struct sqlite3;

namespace feb::frontend {

class SqliteJournal {
 public:
  static constexpr int64_t kIdBatch = 1000;

  struct Checkpoint {
    int64_t last_seq = 0;
    std::string image;
  };

  ~SqliteJournal();
  // Opens (creating when missing) `<dir>/journal.db`; creates `dir` if needed.
  static Result<std::unique_ptr<SqliteJournal>> Open(const std::string& dir);

  // Appends one record; durable on OK. Returns its sequence number.
  Result<int64_t> Append(uint16_t op, std::string_view payload);
  // Appends the module's checkpoint record and deletes every module record (10000..19999)
  // before it, in one transaction. Returns its sequence number.
  Result<int64_t> AppendModuleCheckpoint(uint16_t op, std::string_view image);
  Result<std::optional<Checkpoint>> ReadCheckpoint();
  // Calls `fn` for every record with seq > after_seq, in order; stops at the first error.
  Status ForEach(int64_t after_seq, const std::function<Status(int64_t seq, uint16_t op, std::string_view payload)>& fn);
  // Stores `image` as the host state after record `last_seq` and drops the host records it covers.
  Status WriteCheckpoint(int64_t last_seq, std::string_view image);
  Result<int64_t> NextId() { return NextIds(1); }
  // `count` consecutive ids (>= 1); the first is returned. One durable write at most.
  Result<int64_t> NextIds(int64_t count);
  int64_t last_seq();
  int64_t records_since_checkpoint();

 private:
  explicit SqliteJournal(sqlite3* db) : db_(db) {}
  Status Exec(const char* sql);
  void TruncateWal();
  Status SetMeta(const std::string& key, const std::string& value);
  Result<std::optional<std::string>> GetMeta(const std::string& key);

  std::mutex mu_;
  sqlite3* db_;
  int64_t next_id_ = 0;
  int64_t id_limit_ = 0;
  int64_t last_seq_ = 0;
  int64_t checkpoint_seq_ = 0;
};

}  // namespace feb::frontend
