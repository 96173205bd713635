#include "plugin/src/journal/module_journal.h"

namespace feb::plugin {

Status ModuleJournal::Append(uint16_t op, std::string_view payload, const std::function<void()>& apply) {
  ReaderLock gate(gate_);
  fe_backup::HostStatus s = host_->Append(op, payload);
  if (!s.ok()) return Status::Unavailable("journal: " + s.message);
  {
    MutexLock l(stats_mu_);
    ++records_;
    bytes_ += static_cast<int64_t>(payload.size());
  }
  if (apply) apply();
  return Status::OK();
}

Status ModuleJournal::Checkpoint(uint16_t op, const std::function<std::string()>& image) {
  WriterLock gate(gate_);
  std::string bytes = image();
  fe_backup::HostStatus s = host_->Checkpoint(op, bytes);
  if (!s.ok()) return Status::Unavailable("journal checkpoint: " + s.message);
  MutexLock l(stats_mu_);
  records_ = 0;
  bytes_ = 0;
  image_bytes_ = static_cast<int64_t>(bytes.size());
  return Status::OK();
}

int64_t ModuleJournal::last_image_bytes() const {
  MutexLock l(stats_mu_);
  return image_bytes_;
}

int64_t ModuleJournal::records_since_checkpoint() const {
  MutexLock l(stats_mu_);
  return records_;
}

int64_t ModuleJournal::bytes_since_checkpoint() const {
  MutexLock l(stats_mu_);
  return bytes_;
}

void ModuleJournal::CountReplayed(size_t bytes) {
  MutexLock l(stats_mu_);
  ++records_;
  bytes_ += static_cast<int64_t>(bytes);
}

}  // namespace feb::plugin
