#include "frontend/journal/meta_log.h"

#include <mutex>

namespace feb::frontend {

Status MetaLog::Append(uint16_t op, std::string_view payload) {
  auto seq = journal_->Append(op, payload);
  return seq.status();
}

Status MetaLog::Checkpoint(const std::function<std::string()>& snapshot) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  int64_t seq = journal_->last_seq();
  std::string image = snapshot();
  return journal_->WriteCheckpoint(seq, image);
}

}  // namespace feb::frontend
