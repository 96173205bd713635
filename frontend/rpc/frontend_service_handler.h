// FrontendServiceHandler: the frontend's FrontendService on rpc_port (what backends call).
// finishTask completes the frontend's own CREATE/DROP tasks, forwards task types a plugin owns
// to it (OnFinishTask) and answers StarRocks' CANCELLED for any task nobody knows; report
// forwards each backend's running-task list to the plugins; snapshotLoaderReport goes to the
// plugin that owns the task type. Thrift types stay in this adapter. Thread-safe.
#pragma once

#include <vector>

#include "FrontendService.h"
#include "fe_backup/host.h"
#include "frontend/backends/backend_registry.h"
#include "frontend/rpc/agent_task_tracker.h"

namespace feb::frontend {

class FrontendServiceHandler : public wire::FrontendServiceIf {
 public:
  FrontendServiceHandler(AgentTaskTracker* tracker, BackendRegistry* backends, std::vector<fe_backup::Plugin*> plugins)
      : tracker_(tracker), backends_(backends), plugins_(std::move(plugins)) {}

  void finishTask(wire::TMasterResult& result, const wire::TFinishTaskRequest& request) override;
  void report(wire::TMasterResult& result, const wire::TReportRequest& request) override;
  void snapshotLoaderReport(wire::TStatus& result, const wire::TSnapshotLoaderReportRequest& request) override;

 private:
  int64_t BackendIdOf(const wire::TBackend& backend);
  fe_backup::Plugin* OwnerOf(int32_t task_type);

  AgentTaskTracker* tracker_;
  BackendRegistry* backends_;
  std::vector<fe_backup::Plugin*> plugins_;
};

}  // namespace feb::frontend
