#include "plugin/src/backup_plugin.h"

#include <glog/logging.h>

#include <exception>
#include <random>
#include <string>

#include "common/status/mysql_error.h"
#include "common/storage/storage_registry.h"
#include "common/time/clock.h"
#include "common/json/json_reader.h"
#include "plugin/src/agent/send_lanes.h"
#include "plugin/src/agent/thrift_task_sender.h"
#include "plugin/src/journal/module_journal.h"
#include "plugin/src/repository/json_text.h"
#include "plugin/src/job/job_manager.h"
#include "plugin/src/repository/repository_manager.h"
#include "plugin/src/sql/claims.h"
#include "plugin/src/sql/parser.h"
#include "plugin/src/statement_executor.h"

namespace feb {

namespace {

fe_backup::StatementResult ErrorResult(const Status& status) {
  MysqlError e = ToMysqlError(status);
  return fe_backup::StatementResult::Error(e.code, std::string(e.sqlstate), status.message());
}

int64_t ConfigInt(fe_backup::Host* host, const char* key, int64_t fallback) {
  std::optional<std::string> v = host->config().Get(key);
  if (!v) return fallback;
  try {
    return std::stoll(*v);
  } catch (const std::exception&) {
    LOG(WARNING) << "config " << key << " = '" << *v << "' is not a number; using " << fallback;
    return fallback;
  }
}

double Random01() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

namespace {
// submit_tasks only queues tasks on the backend: a short receive timeout keeps a hung backend
// from holding the job daemon.
rpc::ClientOptions TaskSenderOptions() {
  rpc::ClientOptions o;
  o.connect_timeout_ms = 3000;
  o.send_timeout_ms = 10000;
  o.recv_timeout_ms = 10000;
  return o;
}
}  // namespace

BackupPlugin::BackupPlugin(fe_backup::Host* host)
    : BackupPlugin(host, std::make_unique<plugin::ThriftTaskSender>(TaskSenderOptions())) {}

BackupPlugin::BackupPlugin(fe_backup::Host* host, std::unique_ptr<plugin::TaskSender> sender)
    : host_(host), sender_(std::move(sender)) {
  repos_ = std::make_unique<plugin::RepositoryManager>(host_, storage::MakeDefaultStorageRegistry(),
                                                       SystemClock::Get());
  journal_ = std::make_unique<plugin::ModuleJournal>(&host_->journal());
  repos_->SetJournal(journal_.get());
  lanes_ = std::make_unique<plugin::SendLanes>(sender_.get());
  plugin::JobManagerOptions options;
  options.history_keep_ms = ConfigInt(host_, "history_job_keep_max_second", 604800) * 1000;
  options.job.max_upload_task_per_be = static_cast<int32_t>(ConfigInt(host_, "max_upload_task_per_be", 0));
  options.job.tasks.lost_after_ms = ConfigInt(host_, "agent_task_resend_wait_time_ms", 5000);
  options.restore.max_download_task_per_be = static_cast<int32_t>(ConfigInt(host_, "max_download_task_per_be", 0));
  options.restore.tasks.lost_after_ms = options.job.tasks.lost_after_ms;
  options.on_tick = [this] {
    repos_->PingDue();
    CheckpointIfDue();
  };
  plugin::JobContext context;
  context.host = host_;
  context.journal = journal_.get();
  context.lanes = lanes_.get();
  context.repos = repos_.get();
  context.clock = SystemClock::Get();
  context.random01 = Random01;
  jobs_ = std::make_unique<plugin::JobManager>(context, options);
  executor_ = std::make_unique<plugin::StatementExecutor>(host_, repos_.get(), jobs_.get());
}

BackupPlugin::~BackupPlugin() { Shutdown(); }

bool BackupPlugin::Claims(std::string_view sql) { return sql::Claims(sql); }

fe_backup::StatementResult BackupPlugin::Execute(const fe_backup::Session& session, std::string_view sql) {
  try {
    Result<std::unique_ptr<sql::Statement>> parsed = sql::Parse(sql);
    if (!parsed.ok()) return ErrorResult(parsed.status());
    return executor_->Execute(**parsed, session);
  } catch (const std::exception& e) {
    return ErrorResult(Status::Internal(std::string("the backup module failed: ") + e.what()));
  }
}

fe_backup::HostStatus BackupPlugin::Replay(uint16_t op, std::string_view payload) {
  journal_->CountReplayed(payload.size());
  Status s;
  if (op == kCheckpointOp) {
    s = ReplayCheckpoint(payload);
  } else if (jobs_->HandlesOp(op)) {
    s = jobs_->Replay(op, payload);
  } else {
    s = repos_->Replay(op, payload);
  }
  if (!s.ok()) {
    // A record this build cannot read is skipped with a loud log line rather than keeping the
    // frontend down; the job or repository it described is then unknown.
    LOG(ERROR) << "fe_backup: skipping journal record op " << op << ": " << s;
  }
  return fe_backup::HostStatus::Ok();
}

Status BackupPlugin::ReplayCheckpoint(std::string_view payload) {
  ASSIGN_OR_RETURN(nlohmann::json image, json::ParseObject<nlohmann::json>(payload));
  ASSIGN_OR_RETURN(const nlohmann::json* repos, json::GetArray(image, "repositories"));
  ASSIGN_OR_RETURN(const nlohmann::json* jobs, json::GetArray(image, "jobs"));
  jobs_->Clear();
  for (const auto& r : *repos) {
    Status s = repos_->Replay(plugin::RepositoryManager::kJournalOpCreate, plugin::DumpJson(r));
    if (!s.ok()) LOG(ERROR) << "fe_backup: checkpoint: skipping a repository: " << s;
  }
  for (const auto& j : *jobs) {
    // Each image says its kind ("type"), as StarRocks' job JSON does.
    bool restore = j.is_object() && j.contains("type") && j["type"] == "RESTORE";
    Status s = jobs_->Replay(restore ? plugin::RestoreJob::kImageOp : plugin::BackupJob::kImageOp, plugin::DumpJson(j));
    if (!s.ok()) LOG(ERROR) << "fe_backup: checkpoint: skipping a job: " << s;
  }
  return Status::OK();
}

fe_backup::HostStatus BackupPlugin::Checkpoint() {
  Status s = journal_->Checkpoint(kCheckpointOp, [this] {
    std::string out = "{\"repositories\":[";
    std::vector<std::string> repos = repos_->CreateRecords();
    for (size_t i = 0; i < repos.size(); ++i) out += (i ? "," : "") + repos[i];
    out += "],\"jobs\":[";
    std::vector<std::string> jobs = jobs_->Images();
    for (size_t i = 0; i < jobs.size(); ++i) out += (i ? "," : "") + jobs[i];
    return out + "]}";
  });
  if (!s.ok()) {
    LOG(WARNING) << "fe_backup: module checkpoint failed: " << s;
    return fe_backup::HostStatus::Error(fe_backup::HostCode::kUnavailable, s.message());
  }
  return fe_backup::HostStatus::Ok();
}

void BackupPlugin::CheckpointIfDue() {
  int64_t records = journal_->records_since_checkpoint();
  int64_t bytes = journal_->bytes_since_checkpoint();
  if ((records >= kCheckpointRecords && bytes >= journal_->last_image_bytes() / 2) || bytes >= kCheckpointBytes) {
    (void)Checkpoint();
  }
}

fe_backup::HostStatus BackupPlugin::Start() {
  // What was replayed is folded into one record, so the next start replays little.
  if (journal_->records_since_checkpoint() > 1) (void)Checkpoint();
  jobs_->AbortOrphanStages();
  jobs_->Start();
  return fe_backup::HostStatus::Ok();
}

void BackupPlugin::Shutdown() {
  if (jobs_) jobs_->Shutdown();
  if (lanes_) lanes_->Shutdown();  // joins every lane: no callback runs after this
}

bool BackupPlugin::OwnsTaskType(fe_backup::TaskType type) const {
  switch (type) {
    case fe_backup::TaskType::kMakeSnapshot:
    case fe_backup::TaskType::kReleaseSnapshot:
    case fe_backup::TaskType::kUpload:
    case fe_backup::TaskType::kDownload:
    case fe_backup::TaskType::kMove: return true;
  }
  return false;
}

fe_backup::TaskAnswer BackupPlugin::OnFinishTask(const fe_backup::FinishedTask& task) {
  return jobs_->OnFinishTask(task);
}

fe_backup::TaskAnswer BackupPlugin::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  return jobs_->OnLoaderProgress(progress);
}

void BackupPlugin::OnBackendTaskReport(const fe_backup::BackendTaskReport& report) {
  jobs_->OnBackendTaskReport(report);
}

}  // namespace feb
