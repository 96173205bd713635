#include "plugin/src/agent/report_router.h"

namespace feb::plugin {

void ReportRouter::Register(fe_backup::TaskType type, int64_t first, int64_t count, int64_t owner) {
  if (count <= 0) return;
  MutexLock l(mu_);
  ranges_[{static_cast<int32_t>(type), first}] = Range{first + count - 1, owner};
}

void ReportRouter::Unregister(int64_t owner) {
  MutexLock l(mu_);
  for (auto it = ranges_.begin(); it != ranges_.end();) {
    it = it->second.owner == owner ? ranges_.erase(it) : std::next(it);
  }
}

std::optional<int64_t> ReportRouter::OwnerOf(fe_backup::TaskType type, int64_t signature) const {
  MutexLock l(mu_);
  auto it = ranges_.upper_bound({static_cast<int32_t>(type), signature});
  if (it == ranges_.begin()) return std::nullopt;
  --it;
  if (it->first.first != static_cast<int32_t>(type) || signature > it->second.last) return std::nullopt;
  return it->second.owner;
}

}  // namespace feb::plugin
