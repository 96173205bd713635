#include "plugin/src/backup_plugin.h"

#include <exception>
#include <string>

#include "common/status/mysql_error.h"
#include "plugin/src/sql/claims.h"
#include "plugin/src/sql/parser.h"

namespace feb {

namespace {

fe_backup::StatementResult ErrorResult(const Status& status) {
  MysqlError e = ToMysqlError(status);
  return fe_backup::StatementResult::Error(e.code, std::string(e.sqlstate), status.message());
}

}  // namespace

bool BackupPlugin::Claims(std::string_view sql) { return sql::Claims(sql); }

fe_backup::StatementResult BackupPlugin::Execute(const fe_backup::Session& session, std::string_view sql) {
  try {
    Result<std::unique_ptr<sql::Statement>> parsed = sql::Parse(sql);
    if (!parsed.ok()) return ErrorResult(parsed.status());
    const sql::Statement& stmt = **parsed;
    std::string what(sql::StatementKindName(stmt.kind()));
    return ErrorResult(Status::NotSupported(what + " is parsed but not executed yet: the backup job is not built (issue 5)"));
  } catch (const std::exception& e) {
    return ErrorResult(Status::Internal(std::string("the backup module failed: ") + e.what()));
  }
}

fe_backup::HostStatus BackupPlugin::Replay(uint16_t op, std::string_view payload) { return fe_backup::HostStatus::Ok(); }

fe_backup::HostStatus BackupPlugin::Start() { return fe_backup::HostStatus::Ok(); }

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
  return fe_backup::TaskAnswer::kCancelled;
}

fe_backup::TaskAnswer BackupPlugin::OnLoaderProgress(const fe_backup::LoaderProgress& progress) {
  return fe_backup::TaskAnswer::kCancelled;
}

}  // namespace feb
