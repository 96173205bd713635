#include "plugin/src/agent/task_tracker.h"

#include <algorithm>

#include "plugin/src/agent/error_text.h"

namespace feb::plugin {

TaskTracker::TaskTracker(int64_t first_signature, std::vector<int64_t> backends, int64_t now_ms,
                         TaskTrackerOptions options, const Backoff* backoff)
    : first_(first_signature), options_(options), backoff_(backoff) {
  slots_.resize(backends.size());
  for (size_t i = 0; i < backends.size(); ++i) {
    slots_[i].backend = backends[i];
    slots_[i].next_ms = now_ms;
  }
}

std::map<int64_t, std::vector<size_t>> TaskTracker::TakeDue(int64_t now_ms,
                                                            const std::function<bool(int64_t)>& usable) {
  std::map<int64_t, std::vector<size_t>> out;
  std::map<int64_t, bool> usable_cache;
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (s.state == State::kSent && now_ms >= s.next_ms) {
      // Never confirmed by a report: send it again (backends de-duplicate).
      Leave(i);
      s.state = State::kWaiting;
    }
    if (s.state != State::kWaiting || s.next_ms > now_ms) continue;
    auto u = usable_cache.find(s.backend);
    if (u == usable_cache.end()) u = usable_cache.emplace(s.backend, usable(s.backend)).first;
    if (!u->second) {
      OnRejected(i, now_ms, "backend " + std::to_string(s.backend) + " is not alive");
      continue;
    }
    std::vector<size_t>& batch = out[s.backend];
    int64_t& in_flight = in_flight_[s.backend];
    if (batch.size() >= static_cast<size_t>(options_.max_batch) || in_flight >= options_.max_in_flight_per_backend) {
      continue;
    }
    batch.push_back(i);
    ++in_flight;
    s.state = State::kSending;
  }
  for (auto it = out.begin(); it != out.end();) it = it->second.empty() ? out.erase(it) : std::next(it);
  return out;
}

void TaskTracker::Leave(size_t i) {
  auto it = in_flight_.find(slots_[i].backend);
  if (it != in_flight_.end() && --it->second <= 0) in_flight_.erase(it);
}

void TaskTracker::OnAccepted(size_t i, int64_t now_ms) {
  Slot& s = slots_[i];
  if (s.state != State::kSending) return;
  s.state = State::kSent;
  s.last_sent_ms = now_ms;
  s.next_ms = now_ms + options_.unconfirmed_resend_ms;
}

void TaskTracker::OnRejected(size_t i, int64_t now_ms, const std::string& error) {
  Slot& s = slots_[i];
  if (s.state == State::kDone) return;
  if (s.state == State::kSending || s.state == State::kSent) Leave(i);
  s.state = State::kWaiting;
  if (s.attempts < UINT16_MAX) ++s.attempts;
  s.next_ms = now_ms + (backoff_ ? backoff_->DelayMs(s.attempts) : 0);
  SetError(SignatureOf(i), error);
}

bool TaskTracker::OnBackendReport(int64_t backend, const std::set<int64_t>& running, int64_t now_ms) {
  bool due = false;
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (s.backend != backend || s.state != State::kSent) continue;
    if (running.count(SignatureOf(i))) {
      s.next_ms = now_ms + options_.unconfirmed_resend_ms;  // confirmed
      continue;
    }
    if (now_ms - s.last_sent_ms < options_.lost_after_ms) continue;
    Leave(i);  // lost: due now, not a failure
    s.state = State::kWaiting;
    s.next_ms = now_ms;
    due = true;
  }
  return due;
}

void TaskTracker::Reassign(size_t i, int64_t backend, int64_t now_ms) {
  Slot& s = slots_[i];
  if (s.state == State::kDone) return;
  if (s.state == State::kSending || s.state == State::kSent) Leave(i);
  s.backend = backend;
  s.state = State::kWaiting;
  s.attempts = 0;
  s.next_ms = now_ms;
}

void TaskTracker::Done(size_t i) {
  Slot& s = slots_[i];
  if (s.state == State::kDone) return;
  if (s.state == State::kSending || s.state == State::kSent) Leave(i);
  s.state = State::kDone;
  ++done_;
  errors_.erase(SignatureOf(i));
}

std::vector<size_t> TaskTracker::Unfinished(size_t limit) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < slots_.size() && out.size() < limit; ++i) {
    if (slots_[i].state != State::kDone) out.push_back(i);
  }
  return out;
}

void TaskTracker::SetError(int64_t signature, const std::string& error) {
  auto it = errors_.find(signature);
  if (it == errors_.end() && errors_.size() >= kMaxErrors) return;
  errors_[signature] = CapText(error, kMaxErrorBytes);
}

void TaskTracker::ApplyOutcome(const std::vector<size_t>& indexes, const SubmitOutcome& outcome, int64_t now_ms) {
  if (!outcome.transport.ok()) {
    std::string why = CapText("failed to send task: " + outcome.transport.message(), kMaxErrorBytes);
    for (size_t i : indexes) OnRejected(i, now_ms, why);
    return;
  }
  std::set<size_t> refused;
  for (const auto& [pos, why] : outcome.rejected) {
    if (pos >= indexes.size()) continue;
    refused.insert(pos);
    OnRejected(indexes[pos], now_ms, "backend refused the task: " + why);
  }
  for (size_t pos = 0; pos < indexes.size(); ++pos) {
    if (!refused.count(pos)) OnAccepted(indexes[pos], now_ms);
  }
}

}  // namespace feb::plugin
