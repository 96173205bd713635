#include "frontend/qe/object_executor.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/text/sql_like.h"
#include "frontend/qe/ascii.h"

namespace feb::frontend {

namespace {

constexpr uint16_t kErrWrongObject = 1347;

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string ObjectExecutor::CreateViewText(const fe_backup::ViewDefinition& view) {
  std::string sql = "CREATE VIEW `" + view.name + "`";
  if (!view.columns.empty()) {
    sql += " (";
    for (size_t i = 0; i < view.columns.size(); ++i) {
      const auto& c = view.columns[i];
      sql += (i ? ", `" : "`") + c.name + "`";
      if (!c.comment.empty()) sql += " COMMENT \"" + Escape(c.comment) + "\"";
    }
    sql += ")";
  }
  if (!view.comment.empty()) sql += " COMMENT \"" + Escape(view.comment) + "\"";
  return sql + " AS " + view.select_text + ";";
}

Result<QueryResult> ObjectExecutor::CreateView(Session& s, const CreateViewStmt& st) {
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.name.db));
  RETURN_IF_ERROR(ctx_->Require(s, "CREATE VIEW", GrantTarget{GrantTarget::Kind::kDatabase, db.name, ""},
                                "DATABASE " + db.name));
  ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, true));
  Status created = ctx_->deps().catalog->CreateView(db.id, st.view, /*replace=*/false);
  if (created.code() == StatusCode::kAlreadyExists && st.if_not_exists) return QueryResult::Ok();
  RETURN_IF_ERROR(created);
  return QueryResult::Ok();
}

Result<QueryResult> ObjectExecutor::DropView(Session& s, const DropViewStmt& st) {
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.name.db));
  if (ctx_->deps().catalog->FindView(db.id, st.name.table)) {
    RETURN_IF_ERROR(ctx_->RequireTable(s, "DROP", db.name, st.name.table));
  } else if (ctx_->deps().catalog->FindTable(db.id, st.name.table)) {
    return Status(StatusCode::kInvalidArgument, "'" + db.name + "." + st.name.table + "' is not VIEW", kErrWrongObject);
  }
  ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, true));
  RETURN_IF_ERROR(ctx_->deps().catalog->DropView(db.id, st.name.table, st.if_exists));
  return QueryResult::Ok();
}

Result<QueryResult> ObjectExecutor::ShowCreateView(Session& s, const TableName& name, bool as_table) {
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, name.db));
  std::optional<fe_backup::ViewDefinition> view = ctx_->deps().catalog->FindView(db.id, name.table);
  if (!view) {
    if (!as_table && ctx_->deps().catalog->FindTable(db.id, name.table)) {
      return Status(StatusCode::kInvalidArgument, "'" + db.name + "." + name.table + "' is not VIEW", kErrWrongObject);
    }
    return ExecutorContext::UnknownTable("Unknown table '" + name.table + "'");
  }
  if (!ctx_->deps().auth->HasAnyOnTable(s.user, s.host, db.name, view->name)) {
    return AuthManager::Denied("ANY", "VIEW " + view->name, ctx_->RolesOf(s));
  }
  return QueryResult::Strings({"View", "Create View", "character_set_client", "collation_connection"},
                              {{view->name, CreateViewText(*view), "utf8", "utf8_general_ci"}});
}

Result<QueryResult> ObjectExecutor::CreateFunction(Session& s, const CreateFunctionStmt& st) {
  if (st.global) {
    return Status::NotSupported("CREATE GLOBAL FUNCTION is not supported by this frontend: functions belong to a "
                                "database");
  }
  if (st.or_replace && st.if_not_exists) {
    return Status::InvalidArgument(
        "\"IF NOT EXISTS\" and \"OR REPLACE\" cannot be used together in the same CREATE statement");
  }
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.name.db));
  RETURN_IF_ERROR(ctx_->Require(s, "CREATE FUNCTION", GrantTarget{GrantTarget::Kind::kDatabase, db.name, ""},
                                "DATABASE " + db.name));
  ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, true));
  Status created = ctx_->deps().catalog->CreateFunction(db.id, st.function, st.or_replace);
  if (created.code() == StatusCode::kAlreadyExists && st.if_not_exists) return QueryResult::Ok();
  RETURN_IF_ERROR(created);
  return QueryResult::Ok();
}

Result<QueryResult> ObjectExecutor::DropFunction(Session& s, const DropFunctionStmt& st) {
  if (st.global) {
    return Status::NotSupported("DROP GLOBAL FUNCTION is not supported by this frontend: functions belong to a "
                                "database");
  }
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.name.db));
  RETURN_IF_ERROR(ctx_->Require(s, "DROP", GrantTarget{GrantTarget::Kind::kDatabase, db.name, ""},
                                "DATABASE " + db.name));
  ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, true));
  RETURN_IF_ERROR(ctx_->deps().catalog->DropFunction(db.id, st.signature, st.if_exists));
  return QueryResult::Ok();
}

Result<QueryResult> ObjectExecutor::ShowFunctions(Session& s, const ShowFunctionsStmt& st) {
  std::vector<fe_backup::FunctionDefinition> functions;
  if (!st.builtin && !st.global) {
    ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.db));
    functions = ctx_->deps().catalog->ListFunctions(db.id);
  }
  // BUILTIN / GLOBAL: this frontend has no built-in or global functions to list.
  std::sort(functions.begin(), functions.end(), [](const auto& a, const auto& b) {
    return fe_backup::FunctionSignature(a) < fe_backup::FunctionSignature(b);
  });
  std::vector<Row> rows;
  for (const auto& f : functions) {
    if (st.like && !SqlLike(f.name, *st.like)) continue;
    if (!st.full) {
      rows.push_back({f.name});
      continue;
    }
    nlohmann::json props(f.properties);
    rows.push_back({fe_backup::FunctionSignature(f), f.return_type, fe_backup::FunctionKindName(f.kind),
                    f.intermediate_type.empty() ? std::optional<std::string>("NULL") : f.intermediate_type,
                    props.dump()});
  }
  if (!st.full) return QueryResult::Strings({"Function Name"}, std::move(rows));
  return QueryResult::Strings({"Signature", "Return Type", "Function Type", "Intermediate Type", "Properties"},
                              std::move(rows));
}

}  // namespace feb::frontend
