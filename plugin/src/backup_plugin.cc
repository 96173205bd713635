#include "plugin/src/backup_plugin.h"

#include <glog/logging.h>

#include <exception>
#include <random>
#include <string>

#include "common/status/mysql_error.h"
#include "common/storage/storage_registry.h"
#include "common/time/clock.h"
#include "plugin/src/agent/thrift_task_sender.h"
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
  plugin::JobManagerOptions options;
  options.history_keep_ms = ConfigInt(host_, "history_job_keep_max_second", 604800) * 1000;
  options.job.max_upload_task_per_be = static_cast<int32_t>(ConfigInt(host_, "max_upload_task_per_be", 0));
  options.job.resend_wait_ms = ConfigInt(host_, "agent_task_resend_wait_time_ms", 5000);
  options.on_tick = [this] { repos_->PingDue(); };
  plugin::BackupJobDeps deps;
  deps.host = host_;
  deps.sender = sender_.get();
  deps.repos = repos_.get();
  deps.clock = SystemClock::Get();
  deps.random01 = Random01;
  jobs_ = std::make_unique<plugin::JobManager>(deps, options);
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
  Status s = op == plugin::BackupJob::kJournalOp ? jobs_->Replay(op, payload) : repos_->Replay(op, payload);
  if (!s.ok()) {
    // A record this build cannot read is skipped with a loud log line rather than keeping the
    // frontend down; the job or repository it described is then unknown.
    LOG(ERROR) << "fe_backup: skipping journal record op " << op << ": " << s;
  }
  return fe_backup::HostStatus::Ok();
}

fe_backup::HostStatus BackupPlugin::Start() {
  jobs_->Start();
  return fe_backup::HostStatus::Ok();
}

void BackupPlugin::Shutdown() {
  if (jobs_) jobs_->Shutdown();
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
