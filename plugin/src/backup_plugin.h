// BackupPlugin: the module's fe_backup::Plugin. Parses the statements it claims, runs them
// through the StatementExecutor (repositories, backup jobs, SHOW), replays its journal records
// at startup and forwards backend reports to the jobs.
#pragma once

#include <memory>
#include <string_view>

#include "common/status/status.h"
#include "fe_backup/host.h"

namespace feb {

namespace plugin {
class JobManager;
class ModuleJournal;
class RepositoryManager;
class SendLanes;
class StatementExecutor;
class TaskSender;
}  // namespace plugin

class BackupPlugin final : public fe_backup::Plugin {
 public:
  // `host` is not owned and must outlive the plugin. Settings come from the host's config:
  // max_upload_task_per_be (0), history_job_keep_max_second (604800),
  // agent_task_resend_wait_time_ms (5000).
  explicit BackupPlugin(fe_backup::Host* host);
  // For tests: a task sender other than Thrift.
  BackupPlugin(fe_backup::Host* host, std::unique_ptr<plugin::TaskSender> sender);
  ~BackupPlugin() override;

  const char* Name() const override { return "fe_backup"; }
  // The parser's claim-or-decline test (plugin/src/sql/claims.h).
  bool Claims(std::string_view sql) override;
  // Syntax errors come back as MySQL 1064 / 42000 with StarRocks' text; other errors with
  // StarRocks' texts and the errno of common/status/mysql_error.h.
  fe_backup::StatementResult Execute(const fe_backup::Session& session, std::string_view sql) override;
  // Module records: repositories (10001/10002), backup job images (10010) and deltas (10011),
  // and the module checkpoint (kCheckpointOp): an image of every repository and job.
  fe_backup::HostStatus Replay(uint16_t op, std::string_view payload) override;
  // Writes the module checkpoint when what was replayed is worth compacting, then starts the
  // job daemon (jobs replayed in an unfinished state resume).
  fe_backup::HostStatus Start() override;
  void Shutdown() override;
  // MAKE_SNAPSHOT, RELEASE_SNAPSHOT, UPLOAD, DOWNLOAD and MOVE.
  bool OwnsTaskType(fe_backup::TaskType type) const override;
  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task) override;
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress) override;
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& report) override;

  static constexpr uint16_t kCheckpointOp = fe_backup::kModuleOpFirst + 20;
  // A checkpoint is written once kCheckpointRecords module records came after the last one
  // and they hold at least half as many bytes as its image (so a large running job is not
  // imaged over and over), or once kCheckpointBytes came. The journal therefore holds at most
  // about 1.5 images plus kCheckpointRecords records, however many jobs ran.
  static constexpr int64_t kCheckpointRecords = 64;
  static constexpr int64_t kCheckpointBytes = 256LL << 20;
  // Writes the module checkpoint now.
  fe_backup::HostStatus Checkpoint();

 private:
  void CheckpointIfDue();
  Status ReplayCheckpoint(std::string_view payload);

  fe_backup::Host* host_;
  std::unique_ptr<plugin::TaskSender> sender_;
  std::unique_ptr<plugin::ModuleJournal> journal_;
  std::unique_ptr<plugin::SendLanes> lanes_;
  std::unique_ptr<plugin::RepositoryManager> repos_;
  std::unique_ptr<plugin::JobManager> jobs_;
  std::unique_ptr<plugin::StatementExecutor> executor_;
};

}  // namespace feb
