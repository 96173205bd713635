#include "plugin/src/analysis/access_checker.h"

#include "common/status/mysql_error.h"

namespace feb::plugin {

Status AccessChecker::CheckSystem(const fe_backup::Session& session, fe_backup::Privilege privilege) const {
  fe_backup::PrivilegeObject object{fe_backup::PrivilegeObject::Kind::kSystem, "", ""};
  if (access_->HasPrivilege(session, privilege, object)) return Status::OK();
  return Denied(session, privilege, "SYSTEM");
}

Status AccessChecker::CheckTable(const fe_backup::Session& session, fe_backup::Privilege privilege,
                                 const std::string& db, const std::string& table) const {
  fe_backup::PrivilegeObject object{fe_backup::PrivilegeObject::Kind::kTable, db, table};
  if (access_->HasPrivilege(session, privilege, object)) return Status::OK();
  return Denied(session, privilege, "TABLE " + db + "." + table);
}

Status AccessChecker::CheckDatabase(const fe_backup::Session& session, fe_backup::Privilege privilege,
                                    const std::string& db) const {
  fe_backup::PrivilegeObject object{fe_backup::PrivilegeObject::Kind::kDatabase, db, ""};
  if (access_->HasPrivilege(session, privilege, object)) return Status::OK();
  return Denied(session, privilege, "DATABASE " + db);
}

Status AccessChecker::CheckCreateDatabase(const fe_backup::Session& session) const {
  fe_backup::PrivilegeObject object{fe_backup::PrivilegeObject::Kind::kSystem, "", ""};
  if (access_->HasPrivilege(session, fe_backup::Privilege::kCreateDatabase, object)) return Status::OK();
  return Denied(session, fe_backup::Privilege::kCreateDatabase, "CATALOG default_catalog");
}

Status AccessChecker::Denied(const fe_backup::Session& session, fe_backup::Privilege privilege,
                             const std::string& object) const {
  std::string roles;
  for (const auto& r : session.roles) roles += (roles.empty() ? "" : ", ") + r;
  if (roles.empty()) roles = "NONE";
  return Status(StatusCode::kAccessDenied,
                std::string("Access denied; you need (at least one of) the ") + fe_backup::PrivilegeName(privilege) +
                    " privilege(s) on " + object +
                    " for this operation. Please ask the admin to grant permission(s) or try activating existing "
                    "roles using <set [default] role>. Current role(s): " +
                    roles + ". Inactivated role(s): NONE.",
                kErrSpecificAccessDenied);
}

}  // namespace feb::plugin
