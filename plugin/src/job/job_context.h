// JobContext: the services every job uses, shared by all jobs of a JobManager. Everything is
// injected (tests pass fakes); nothing here is owned by the context.
#pragma once

#include <functional>

#include "common/time/clock.h"
#include "fe_backup/host.h"
#include "plugin/src/agent/report_router.h"
#include "plugin/src/agent/send_lanes.h"
#include "plugin/src/journal/module_journal.h"
#include "plugin/src/repository/snapshot_repository.h"

namespace feb::plugin {

struct JobContext {
  fe_backup::Host* host = nullptr;
  ModuleJournal* journal = nullptr;
  SendLanes* lanes = nullptr;
  ReportRouter* router = nullptr;
  RepositoryRegistry* repos = nullptr;
  const Clock* clock = nullptr;
  std::function<double()> random01;  // jitter source, uniform in [0, 1)
  std::function<void()> wake;        // asks the manager to run jobs again soon; may be empty
};

}  // namespace feb::plugin
