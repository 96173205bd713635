// ThriftBackendDataClient: BackendDataClient over the wire: CREATE and DROP agent tasks through
// BackendService.submit_tasks on be_port (CREATE waits for the tasks' finishTask reports via
// AgentTaskTracker), rows through the reference-only ReferenceDataService on brpc_port.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "frontend/backends/backend_data_client.h"
#include "frontend/rpc/agent_task_tracker.h"

namespace feb::frontend {

class ThriftBackendDataClient : public BackendDataClient {
 public:
  ThriftBackendDataClient(AgentTaskTracker* tracker, std::chrono::milliseconds create_timeout);
  ~ThriftBackendDataClient() override;

  Status CreateTablets(const fe_backup::BackendInfo& backend, const std::vector<TabletSpec>& tablets) override;
  Status DropTablets(const fe_backup::BackendInfo& backend, const std::vector<TabletSpec>& tablets) override;
  Status WriteRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet, int64_t version,
                   const std::vector<DataRow>& rows) override;
  Result<std::vector<DataRow>> ScanRows(const fe_backup::BackendInfo& backend, const TabletSpec& tablet,
                                        int64_t version) override;
  Result<uint64_t> Checksum(const fe_backup::BackendInfo& backend, const TabletSpec& tablet, int64_t version) override;

 private:
  struct Pools;
  AgentTaskTracker* tracker_;
  std::chrono::milliseconds create_timeout_;
  std::unique_ptr<Pools> pools_;
};

}  // namespace feb::frontend
