// ReportRouter: the one index from a task report to the job that owns it. Jobs register the
// signature range of each kind of task they send; a report is routed by (type, signature) in
// O(log jobs). A signature nobody owns (a cancelled job's late report) finds no owner.
// Thread-safe; its mutex is a leaf (nothing is called while it is held).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "common/sync/mutex.h"
#include "fe_backup/host.h"

namespace feb::plugin {

class ReportRouter {
 public:
  // Tasks of `type` with signatures [first, first + count) belong to `owner` (a job id).
  void Register(fe_backup::TaskType type, int64_t first, int64_t count, int64_t owner) EXCLUDES(mu_);
  // Forgets every range of `owner`.
  void Unregister(int64_t owner) EXCLUDES(mu_);
  std::optional<int64_t> OwnerOf(fe_backup::TaskType type, int64_t signature) const EXCLUDES(mu_);

 private:
  struct Range {
    int64_t last;  // inclusive
    int64_t owner;
  };
  mutable Mutex mu_;
  // (type, first signature) -> range
  std::map<std::pair<int32_t, int64_t>, Range> ranges_ GUARDED_BY(mu_);
};

}  // namespace feb::plugin
