// AccessChecker: privilege checks through the host with StarRocks' denial text:
// "Access denied; you need (at least one of) the <P> privilege(s) on <OBJECT> for this
// operation. Please ask the admin to grant permission(s) or try activating existing roles
// using <set [default] role>. Current role(s): <roles>. Inactivated role(s): NONE."
#pragma once

#include <string>

#include "common/status/status.h"
#include "fe_backup/host.h"

namespace feb::plugin {

class AccessChecker {
 public:
  explicit AccessChecker(fe_backup::AccessControl* access) : access_(access) {}

  // REPOSITORY (or another privilege) on SYSTEM.
  Status CheckSystem(const fe_backup::Session& session, fe_backup::Privilege privilege) const;
  // A privilege on one database (e.g. CREATE TABLE).
  Status CheckDatabase(const fe_backup::Session& session, fe_backup::Privilege privilege, const std::string& db) const;
  // CREATE DATABASE on the default catalog.
  Status CheckCreateDatabase(const fe_backup::Session& session) const;
  // A privilege on one table.
  Status CheckTable(const fe_backup::Session& session, fe_backup::Privilege privilege, const std::string& db,
                    const std::string& table) const;

 private:
  Status Denied(const fe_backup::Session& session, fe_backup::Privilege privilege, const std::string& object) const;

  fe_backup::AccessControl* access_;
};

}  // namespace feb::plugin
