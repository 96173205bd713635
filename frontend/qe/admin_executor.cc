#include "frontend/qe/admin_executor.h"

#include <glog/logging.h>

#include <functional>
#include <map>

#include "common/text/sql_like.h"
#include "common/time/time_format.h"
#include "frontend/qe/ascii.h"
#include "frontend/qe/session_variables.h"

namespace feb::frontend {

Result<QueryResult> AdminExecutor::AddBackend(Session& s, const AddBackendStmt& st) {
  RETURN_IF_ERROR(ctx_->Require(s, "NODE", GrantTarget{}, "SYSTEM"));
  for (const auto& a : st.addresses) RETURN_IF_ERROR(BackendRegistry::ParseAddress(a).status());
  for (const auto& a : st.addresses) {
    ASSIGN_OR_RETURN(int64_t id, ctx_->deps().backends->Add(a));
    LOG(INFO) << "added backend " << id << " at " << a;
  }
  return QueryResult::Ok();
}

Result<QueryResult> AdminExecutor::DropBackend(Session& s, const DropBackendStmt& st) {
  RETURN_IF_ERROR(ctx_->Require(s, "NODE", GrantTarget{}, "SYSTEM"));
  for (const auto& a : st.addresses) RETURN_IF_ERROR(ctx_->deps().backends->Drop(a));
  return QueryResult::Ok();
}

Result<QueryResult> AdminExecutor::ShowBackends(Session& s) {
  if (!ctx_->deps().auth->Has(s.user, s.host, "NODE", GrantTarget{}) &&
      !ctx_->deps().auth->Has(s.user, s.host, "OPERATE", GrantTarget{})) {
    return AuthManager::Denied("NODE/OPERATE", "SYSTEM", ctx_->RolesOf(s));
  }
  std::vector<Row> rows;
  for (const auto& b : ctx_->deps().backends->Entries()) {
    rows.push_back({std::to_string(b.info.id), b.info.host, std::to_string(b.heartbeat_port),
                    std::to_string(b.info.be_port), std::to_string(b.info.http_port), std::to_string(b.info.brpc_port),
                    FormatShowTime(b.last_start_time_ms), FormatShowTime(b.last_heartbeat_ms), b.info.alive ? "true" : "false",
                    "false", "false", std::to_string(ctx_->deps().catalog->CountTabletsOnBackend(b.info.id)), "0.000 B",
                    "1.000 TB", "1.000 TB", "0.00 %", "0.00 %", b.error, b.version,
                    "{\"lastSuccessReportTabletsTime\":\"N/A\"}", "1.000 TB", "0.00 %", "1", "0.000 B", "0",
                    "0.00 %", "0.0 %", "N/A", ""});
  }
  return QueryResult::Strings(
      {"BackendId", "IP", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "LastStartTime", "LastHeartbeat",
       "Alive", "SystemDecommissioned", "ClusterDecommissioned", "TabletNum", "DataUsedCapacity", "AvailCapacity",
       "TotalCapacity", "UsedPct", "MaxDiskUsedPct", "ErrMsg", "Version", "Status", "DataTotalCapacity",
       "DataUsedPct", "CpuCores", "MemLimit", "NumRunningQueries", "MemUsedPct", "CpuUsedPct", "DataCacheMetrics",
       "Location"},
      std::move(rows));
}

Result<QueryResult> AdminExecutor::CreateUser(Session& s, const CreateUserStmt& st) {
  RETURN_IF_ERROR(ctx_->Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  RETURN_IF_ERROR(ctx_->deps().auth->CreateUser(st.user.user, st.user.host, st.password, st.if_not_exists));
  return QueryResult::Ok();
}

Result<QueryResult> AdminExecutor::DropUser(Session& s, const DropUserStmt& st) {
  RETURN_IF_ERROR(ctx_->Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  RETURN_IF_ERROR(ctx_->deps().auth->DropUser(st.user.user, st.user.host, st.if_exists));
  return QueryResult::Ok();
}

Result<QueryResult> AdminExecutor::SetPassword(Session& s, const SetPasswordStmt& st) {
  UserIdentity target = st.user.value_or(UserIdentity{s.user, s.host});
  if (target.user != s.user || target.host != s.host) {
    RETURN_IF_ERROR(ctx_->Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  }
  RETURN_IF_ERROR(ctx_->deps().auth->SetPassword(target.user, target.host, st.password));
  return QueryResult::Ok();
}

Result<QueryResult> AdminExecutor::GrantRole(Session& s, const GrantRoleStmt& st) {
  RETURN_IF_ERROR(ctx_->Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  RETURN_IF_ERROR(ctx_->deps().auth->GrantRole(st.role, st.user.user, st.user.host, st.revoke));
  return QueryResult::Ok();
}

Result<QueryResult> AdminExecutor::ShowWarnings(Session&) {
  return QueryResult::Strings({"Level", "Code", "Message"}, {});
}

Result<QueryResult> AdminExecutor::Grant(Session& s, const GrantPrivilegeStmt& st) {
  RETURN_IF_ERROR(ctx_->Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  GrantTarget target;
  switch (st.object.kind) {
    case GrantObject::Kind::kSystem: target.kind = GrantTarget::Kind::kSystem; break;
    case GrantObject::Kind::kDatabase: {
      ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.object.db));
      target = GrantTarget{GrantTarget::Kind::kDatabase, db.name, ""};
      break;
    }
    case GrantObject::Kind::kAllTablesInDatabase: {
      ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.object.db));
      target = GrantTarget{GrantTarget::Kind::kAllTablesInDatabase, db.name, ""};
      break;
    }
    case GrantObject::Kind::kTable: {
      ASSIGN_OR_RETURN(auto dt, ctx_->ResolveTable(s, TableName{st.object.db, st.object.table}));
      target = GrantTarget{GrantTarget::Kind::kTable, dt.first.name, dt.second.name};
      break;
    }
  }
  RETURN_IF_ERROR(ctx_->deps().auth->Grant(st.privileges, target, st.user.user, st.user.host, st.revoke));
  return QueryResult::Ok();
}

Result<QueryResult> AdminExecutor::ShowGrants(Session& s, const ShowGrantsStmt& st) {
  UserIdentity who = st.user.value_or(UserIdentity{s.user, s.host});
  if (who.user != s.user || who.host != s.host) RETURN_IF_ERROR(ctx_->Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  if (!ctx_->deps().auth->UserExists(who.user, who.host)) {
    return Status(StatusCode::kNotFound, "Operation failed for user '" + who.user + "'@'" + who.host +
                                             "': user does not exist", 1396);
  }
  return QueryResult::Strings({"UserIdentity", "Catalog", "Grants"}, ctx_->deps().auth->ShowGrants(who.user, who.host));
}

Result<QueryResult> AdminExecutor::ShowVariables(Session& s, const ShowVariablesStmt& st) {
  std::map<std::string, std::string> all = SessionVariables::All(s, ctx_->deps().config);
  std::vector<Row> rows;
  for (const auto& [k, v] : all) {
    if (!st.like || SqlLike(k, *st.like)) rows.push_back({k, v});
  }
  return QueryResult::Strings({"Variable_name", "Value"}, std::move(rows));
}

Result<QueryResult> AdminExecutor::Set(Session& s, const SetStmt& st) {
  std::function<std::string(const SetValue&)> eval = [&](const SetValue& v) -> std::string {
    switch (v.kind) {
      case SetValue::Kind::kText: return v.text;
      case SetValue::Kind::kNull: return "";
      case SetValue::Kind::kVariable:
        return SessionVariables::Get(s, ctx_->deps().config, v.text).value_or("");
      case SetValue::Kind::kConcat: {
        std::string out;
        for (const auto& a : v.args) out += eval(a);
        return out;
      }
    }
    return "";
  };
  for (const auto& [name, set_value] : st.assignments) {
    std::string value = eval(set_value);
    if (name == "names") {
      s.variables["character_set_client"] = value;
      s.variables["character_set_connection"] = value;
      s.variables["character_set_results"] = value;
      continue;
    }
    std::string v = value;
    if (name == "autocommit") v = (AsciiLower(value) == "on" || AsciiLower(value) == "true" || value == "1") ? "1" : "0";
    s.variables[name] = v;
  }
  return QueryResult::Ok();
}

}  // namespace feb::frontend
