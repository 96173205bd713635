// TransferProgress: when an UPLOAD or DOWNLOAD task tells the frontend how far it is
// (snapshotLoaderReport). Reports go by time, not by file count: one at the start, then at
// most one per `interval` while bytes move, and one at the end; so a task of thousands of
// small files is not slowed by a round trip every few files, and a task of one huge file
// still reports while it copies. The frontend's answer "cancel" stops the task.
// Thread-safe: Tick() is called from every copying thread; a thread that finds a report in
// flight goes on without waiting for it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "common/status/status.h"
#include "common/sync/mutex.h"

namespace feb::be {

class TransferProgress {
 public:
  // Sends one report of `finished` tablets; Cancelled when the frontend said so, OK when it
  // was unreachable (the caller logs it).
  using Report = std::function<Status(int32_t finished)>;
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  TransferProgress(Report report, std::chrono::milliseconds interval, Clock now = std::chrono::steady_clock::now);

  // The number of tablets done so far (reported with the next report).
  void SetFinished(int32_t finished);
  // Reports when `interval` has passed since the last report was sent. Cancelled once the
  // frontend said so (from then on every call).
  Status Tick();
  // Reports now, whatever the time (start and end of a task).
  Status Force();

 private:
  Status Send() REQUIRES(mu_);

  const Report report_;
  const std::chrono::milliseconds interval_;
  const Clock now_;
  std::atomic<int32_t> finished_{0};
  std::atomic<bool> cancelled_{false};
  Mutex mu_;  // one report at a time
  std::chrono::steady_clock::time_point last_sent_ GUARDED_BY(mu_);
};

}  // namespace feb::be
