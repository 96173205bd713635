#include "plugin/src/statement_executor.h"

#include <algorithm>
#include <cctype>

#include "common/status/mysql_error.h"
#include "plugin/src/analysis/access_checker.h"
#include "plugin/src/analysis/backup_analyzer.h"
#include "plugin/src/analysis/restore_analyzer.h"
#include "plugin/src/show/row_filter.h"
#include "plugin/src/show/snapshot_listing.h"
#include "plugin/src/sql/backup_stmt.h"
#include "plugin/src/sql/cancel_job_stmt.h"
#include "plugin/src/sql/create_repository_stmt.h"
#include "plugin/src/sql/drop_repository_stmt.h"
#include "plugin/src/sql/restore_stmt.h"
#include "plugin/src/sql/show_jobs_stmt.h"
#include "plugin/src/sql/show_snapshot_stmt.h"

namespace feb::plugin {

namespace {

fe_backup::StatementResult Ok() { return fe_backup::StatementResult{}; }

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

Status WhereShape() {
  return Status::InvalidArgument(
      "Where clause should looks like: SNAPSHOT = 'your_snapshot_name' [AND TIMESTAMP = '2018-04-18-19-19-10']");
}

// One `column = 'value'` term of SHOW SNAPSHOT's WHERE.
Status SnapshotTerm(const sql::Expr& e, SnapshotFilter* out) {
  if (e.kind != sql::ExprKind::kCompare || e.children.size() != 2) return WhereShape();
  const sql::Expr& left = e.children[0];
  const sql::Expr& right = e.children[1];
  if (left.kind != sql::ExprKind::kColumn || right.kind != sql::ExprKind::kString || right.text.empty()) {
    return WhereShape();
  }
  std::string column = Lower(left.text);
  if (column == "snapshot" && !out->snapshot) {
    out->snapshot = right.text;
  } else if (column == "timestamp" && !out->timestamp) {
    out->timestamp = right.text;
  } else {
    return WhereShape();
  }
  return Status::OK();
}

Result<SnapshotFilter> AnalyzeSnapshotWhere(const std::optional<sql::Expr>& where) {
  SnapshotFilter f;
  if (!where) return f;
  const sql::Expr& e = *where;
  if (e.kind == sql::ExprKind::kIn && !e.negated) {
    if (e.children.empty() || e.children[0].kind != sql::ExprKind::kColumn || Lower(e.children[0].text) != "snapshot") {
      return Status::InvalidArgument("Left expr of should be snapshot");
    }
    for (size_t i = 1; i < e.children.size(); ++i) {
      if (e.children[i].kind != sql::ExprKind::kString) {
        return Status::InvalidArgument("Child of in predicate should be string value");
      }
      f.in_list.push_back(e.children[i].text);
    }
    return f;
  }
  if (e.kind == sql::ExprKind::kAnd) {
    if (e.children.size() != 2) return WhereShape();
    RETURN_IF_ERROR(SnapshotTerm(e.children[0], &f));
    RETURN_IF_ERROR(SnapshotTerm(e.children[1], &f));
  } else {
    RETURN_IF_ERROR(SnapshotTerm(e, &f));
  }
  if (f.timestamp && !f.snapshot) return WhereShape();
  return f;
}

}  // namespace

fe_backup::StatementResult StatementExecutor::Execute(const sql::Statement& stmt, const fe_backup::Session& session) {
  Result<fe_backup::StatementResult> r = Run(stmt, session);
  if (r.ok()) return *r;
  MysqlError e = ToMysqlError(r.status());
  return fe_backup::StatementResult::Error(e.code, std::string(e.sqlstate), r.status().message());
}

Result<std::optional<int64_t>> StatementExecutor::ShowDbId(const std::optional<sql::Identifier>& database) const {
  if (!database) return std::optional<int64_t>();
  std::optional<fe_backup::DatabaseInfo> db = host_->catalog().FindDatabase(database->value);
  if (!db) return Status(StatusCode::kNotFound, "Unknown database '" + database->value + "'", kErrBadDb);
  return std::optional<int64_t>(db->id);
}

Result<fe_backup::StatementResult> StatementExecutor::Run(const sql::Statement& stmt,
                                                          const fe_backup::Session& session) {
  AccessChecker access(&host_->access());
  switch (stmt.kind()) {
    case sql::StatementKind::kBackup: {
      BackupAnalyzer analyzer(host_, repos_);
      ASSIGN_OR_RETURN(AnalyzedBackup request, analyzer.Analyze(static_cast<const sql::BackupStmt&>(stmt), session));
      RETURN_IF_ERROR(jobs_->SubmitBackup(request));
      return Ok();
    }
    case sql::StatementKind::kCancelBackup: {
      const auto& s = static_cast<const sql::CancelJobStmt&>(stmt);
      if (s.for_external_catalog) {
        return Status::NotSupported("this frontend has no external catalogs, so no external catalog backup runs");
      }
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      ASSIGN_OR_RETURN(std::string db_name, BackupAnalyzer::ResolveDbName(s.database, session));
      std::optional<fe_backup::DatabaseInfo> db = host_->catalog().FindDatabase(db_name);
      if (!db) return Status(StatusCode::kNotFound, "Unknown database '" + db_name + "'", kErrBadDb);
      std::shared_ptr<BackupJob> job = jobs_->BackupJobOf(db->id);
      if (job != nullptr && !job->done()) {
        for (const auto& ref : job->table_refs()) {
          RETURN_IF_ERROR(access.CheckTable(session, fe_backup::Privilege::kExport, db_name, ref.table));
        }
      }
      RETURN_IF_ERROR(jobs_->CancelBackup(db->id));
      return Ok();
    }
    case sql::StatementKind::kShowBackup: {
      const auto& s = static_cast<const sql::ShowJobsStmt&>(stmt);
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      ASSIGN_OR_RETURN(std::optional<int64_t> db_id, ShowDbId(s.database));
      fe_backup::StatementResult r;
      r.has_result_set = true;
      r.columns = BackupJob::ShowColumns();
      for (const auto& job : jobs_->BackupJobs()) {
        if (db_id && job->db_id() != *db_id) continue;
        // StarRocks shows nothing at all when the user may not export a table of a job.
        for (const auto& ref : job->table_refs()) {
          if (!access.CheckTable(session, fe_backup::Privilege::kExport, job->db_name(), ref.table).ok()) {
            r.rows.clear();
            return r;
          }
        }
        r.rows.push_back(job->ShowRow());
      }
      RETURN_IF_ERROR(RowFilter::Apply(s.filter, &r));
      return r;
    }
    case sql::StatementKind::kShowSnapshot: {
      const auto& s = static_cast<const sql::ShowSnapshotStmt&>(stmt);
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      std::shared_ptr<SnapshotRepository> repo = repos_->FindByName(s.repository.value);
      if (!repo) return Status::NotFound("Repository [" + s.repository.value + "] does not exist");
      ASSIGN_OR_RETURN(SnapshotFilter filter, AnalyzeSnapshotWhere(s.where));
      return SnapshotListing::Show(*repo, filter);
    }
    case sql::StatementKind::kCreateRepository: {
      const auto& s = static_cast<const sql::CreateRepositoryStmt&>(stmt);
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      if (s.name.value.empty()) return Status::InvalidArgument("Repository does not empty");
      RETURN_IF_ERROR(CheckRepositoryName(s.name.value));
      if (s.location.empty()) return Status::InvalidArgument("You must specify a location on the repository");
      CreateRepositoryRequest req;
      req.name = s.name.value;
      req.read_only = s.read_only;
      if (s.broker) req.broker = s.broker->value;
      req.location = s.location;
      for (const auto& p : s.properties.entries) req.properties[p.key] = p.value;
      if (!req.properties.empty() && req.location.rfind("file://", 0) == 0) {
        std::string keys;
        for (const auto& [k, v] : req.properties) keys += (keys.empty() ? "" : ", ") + k;
        return Status::InvalidArgument("Unknown repository properties for a file:// location: [" + keys + "]");
      }
      RETURN_IF_ERROR(repos_->Create(req));
      return Ok();
    }
    case sql::StatementKind::kDropRepository: {
      const auto& s = static_cast<const sql::DropRepositoryStmt&>(stmt);
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      RETURN_IF_ERROR(CheckRepositoryName(s.name.value));
      RETURN_IF_ERROR(repos_->Drop(s.name.value, [this](int64_t id) { return jobs_->HasUnfinishedJobOn(id); }));
      return Ok();
    }
    case sql::StatementKind::kShowRepositories:
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      return repos_->Show();
    case sql::StatementKind::kRestore: {
      RestoreAnalyzer analyzer(host_, repos_);
      ASSIGN_OR_RETURN(AnalyzedRestore request, analyzer.Analyze(static_cast<const sql::RestoreStmt&>(stmt), session));
      if (request.db_id == 0) {
        // StarRocks creates a missing target database before the job exists, and keeps it.
        fe_backup::HostResult<fe_backup::DatabaseInfo> db = host_->catalog_writer().CreateDatabase(request.db_name);
        if (!db.ok()) {
          return Status::Internal("Can not create database: " + request.db_name + " in restore process: " +
                                  db.status.message);
        }
        request.db_id = db.value->id;
      }
      RETURN_IF_ERROR(jobs_->SubmitRestore(request));
      return Ok();
    }
    case sql::StatementKind::kCancelRestore: {
      const auto& s = static_cast<const sql::CancelJobStmt&>(stmt);
      if (s.for_external_catalog) {
        return Status::NotSupported("this frontend has no external catalogs, so no external catalog restore runs");
      }
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      ASSIGN_OR_RETURN(std::string db_name, BackupAnalyzer::ResolveDbName(s.database, session));
      std::optional<fe_backup::DatabaseInfo> db = host_->catalog().FindDatabase(db_name);
      if (!db) return Status(StatusCode::kNotFound, "Unknown database '" + db_name + "'", kErrBadDb);
      RETURN_IF_ERROR(jobs_->CancelRestore(db->id));
      return Ok();
    }
    case sql::StatementKind::kShowRestore: {
      const auto& s = static_cast<const sql::ShowJobsStmt&>(stmt);
      RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
      ASSIGN_OR_RETURN(std::optional<int64_t> db_id, ShowDbId(s.database));
      fe_backup::StatementResult r;
      r.has_result_set = true;
      r.columns = RestoreJob::ShowColumns();
      for (const auto& job : jobs_->RestoreJobs()) {
        if (db_id && job->db_id() != *db_id) continue;
        r.rows.push_back(job->ShowRow());
      }
      // StarRocks parses WHERE and ORDER BY of SHOW RESTORE and ignores them; LIMIT applies.
      sql::ShowFilter limit_only;
      limit_only.limit = s.filter.limit;
      RETURN_IF_ERROR(RowFilter::Apply(limit_only, &r));
      return r;
    }
    case sql::StatementKind::kDropSnapshot:
      return Status::NotSupported("DROP SNAPSHOT is not available yet in this version of the module");
  }
  return Status::Internal("unknown statement kind");
}

}  // namespace feb::plugin
