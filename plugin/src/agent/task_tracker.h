// TaskTracker: the send state of one job's tasks of one kind (e.g. the MAKE_SNAPSHOT tasks of a
// backup), keyed by signature. The signatures are one contiguous range [first, first + count)
// from the host's id generator, so a task is a slot in a vector and costs 32 bytes however many
// there are.
//
// A task is WAITING (due when its next_send time has come), SENDING (handed to a send lane),
// SENT (accepted by its backend, report awaited) or DONE. What moves it:
//   - TakeDue: WAITING and due -> SENDING, at most `max_batch` per backend and never more than
//     `max_in_flight_per_backend` SENDING+SENT on one backend (a backend queue is bounded too);
//   - OnAccepted -> SENT; OnRejected / OnFailed -> WAITING after a jittered exponential backoff
//     (1 s doubling to 60 s by default), the error kept (capped, see below);
//   - OnBackendReport: a SENT task the backend does not list as running, sent at least
//     `lost_after_ms` ago, was lost -> WAITING, due now. Tasks in backoff are never re-sent early.
//     A SENT task that no report confirms for `unconfirmed_resend_ms` is re-sent as well.
//   - Reassign (another replica) -> WAITING, due now, attempts reset; Done -> DONE.
// Error text: at most kMaxErrors tasks keep their last error, each capped at kMaxErrorBytes.
// Not thread-safe: the owning job serializes calls under its own mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "plugin/src/agent/backoff.h"
#include "plugin/src/agent/task_sender.h"

namespace feb::plugin {

struct TaskTrackerOptions {
  int64_t lost_after_ms = 5000;            // StarRocks' agent_task_resend_wait_time_ms
  int64_t unconfirmed_resend_ms = 60000;   // no report listed it running for this long
  int32_t max_batch = 1000;                // tasks per submit_tasks call
  int32_t max_in_flight_per_backend = 5000;  // below the backend's queue (10,000 per type)
};

class TaskTracker {
 public:
  enum class State : uint8_t { kWaiting, kSending, kSent, kDone };
  static constexpr size_t kMaxErrors = 100;
  static constexpr size_t kMaxErrorBytes = 256;

  TaskTracker() = default;
  // `backends[i]` is the backend of task first_signature + i; all due at `now_ms`.
  TaskTracker(int64_t first_signature, std::vector<int64_t> backends, int64_t now_ms, TaskTrackerOptions options,
              const Backoff* backoff);

  int64_t first_signature() const { return first_; }
  size_t size() const { return slots_.size(); }
  bool Owns(int64_t signature) const { return signature >= first_ && signature < first_ + static_cast<int64_t>(slots_.size()); }
  size_t IndexOf(int64_t signature) const { return static_cast<size_t>(signature - first_); }
  int64_t SignatureOf(size_t index) const { return first_ + static_cast<int64_t>(index); }
  State state(size_t i) const { return slots_[i].state; }
  int64_t backend(size_t i) const { return slots_[i].backend; }
  int attempts(size_t i) const { return slots_[i].attempts; }
  size_t done_count() const { return done_; }
  bool all_done() const { return done_ == slots_.size(); }

  // Due tasks by backend (indexes), now SENDING. `usable(backend)` false keeps a backend's
  // tasks WAITING (it is not alive); they are retried after a backoff with `why_unusable`.
  std::map<int64_t, std::vector<size_t>> TakeDue(int64_t now_ms, const std::function<bool(int64_t)>& usable);
  void OnAccepted(size_t i, int64_t now_ms);
  // A refusal by the backend, a failed send or a failed report: retried after the backoff.
  void OnRejected(size_t i, int64_t now_ms, const std::string& error);
  void OnFailed(size_t i, int64_t now_ms, const std::string& error) { OnRejected(i, now_ms, error); }
  // The outcome of one submit of tasks `indexes` (in the order sent): a failed transport backs
  // all of them off, refused ones back off with the backend's reason, the others are SENT.
  void ApplyOutcome(const std::vector<size_t>& indexes, const SubmitOutcome& outcome, int64_t now_ms);
  // A backend's periodic report: `running` are the signatures it has queued or running.
  // Returns true if a task became due.
  bool OnBackendReport(int64_t backend, const std::set<int64_t>& running, int64_t now_ms);
  void Reassign(size_t i, int64_t backend, int64_t now_ms);
  void Done(size_t i);

  // Indexes of unfinished tasks (for SHOW's UnfinishedTasks), at most `limit`.
  std::vector<size_t> Unfinished(size_t limit) const;
  const std::map<int64_t, std::string>& errors() const { return errors_; }
  void ClearError(int64_t signature) { errors_.erase(signature); }

 private:
  struct Slot {
    int64_t backend = 0;
    int64_t next_ms = 0;       // WAITING: when due; SENT: when re-sent if never confirmed
    int64_t last_sent_ms = -1;
    uint16_t attempts = 0;
    State state = State::kWaiting;
  };
  void SetError(int64_t signature, const std::string& error);
  void Leave(size_t i);  // bookkeeping when a task leaves SENDING/SENT

  int64_t first_ = 0;
  std::vector<Slot> slots_;
  TaskTrackerOptions options_;
  const Backoff* backoff_ = nullptr;
  size_t done_ = 0;
  std::map<int64_t, int64_t> in_flight_;  // backend -> SENDING + SENT
  std::map<int64_t, std::string> errors_;  // signature -> last error (bounded)
};

}  // namespace feb::plugin
