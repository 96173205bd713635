#include "backend/agent/transfer_progress.h"

#include <utility>

namespace feb::be {

TransferProgress::TransferProgress(Report report, std::chrono::milliseconds interval, Clock now)
    : report_(std::move(report)), interval_(interval), now_(std::move(now)) {
  MutexLock l(mu_);
  last_sent_ = now_();
}

void TransferProgress::SetFinished(int32_t finished) { finished_.store(finished); }

Status TransferProgress::Tick() {
  if (cancelled_.load()) return Status::Cancelled("Cancelled");
  if (!mu_.try_lock()) return Status::OK();  // another thread is reporting
  Status s;
  if (now_() - last_sent_ >= interval_) s = Send();
  mu_.unlock();
  return s;
}

Status TransferProgress::Force() {
  if (cancelled_.load()) return Status::Cancelled("Cancelled");
  MutexLock l(mu_);
  return Send();
}

Status TransferProgress::Send() {
  Status s = report_(finished_.load());
  // the next report is due `interval` after this one started, answered or not: an
  // unreachable frontend is asked again no sooner
  last_sent_ = now_();
  if (s.code() == StatusCode::kCancelled) cancelled_.store(true);
  return s;
}

}  // namespace feb::be
