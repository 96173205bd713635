// AuthManager: users (mysql_native_password hashes), their privilege grants and roles, login
// checks and the host.h AccessControl answer. `root`@`%` with an empty password exists from the
// first start. Built-in roles: root and db_admin hold every privilege; user_admin holds GRANT
// on SYSTEM; cluster_admin holds NODE and OPERATE on SYSTEM. Changes are journaled through
// MetaLog before they apply. Thread-safe (one mutex).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "frontend/journal/meta_log.h"

namespace feb::frontend {

// What a privilege is granted on.
struct GrantTarget {
  enum class Kind : uint8_t { kSystem, kDatabase, kTable, kAllTablesInDatabase };
  Kind kind = Kind::kSystem;
  std::string db;
  std::string table;
  bool operator<(const GrantTarget& o) const {
    return std::tie(kind, db, table) < std::tie(o.kind, o.db, o.table);
  }
};

class AuthManager : public fe_backup::AccessControl {
 public:
  explicit AuthManager(MetaLog* log);

  // The user's identity ('name', host pattern) if the scrambled password is right; else
  // errno 1045 "Access denied for user 'u'@'h' (using password: YES|NO)".
  Result<std::pair<std::string, std::string>> Authenticate(const std::string& user, const std::string& remote_host,
                                                            const std::string& scramble,
                                                            const std::string& auth_response);

  Status CreateUser(const std::string& user, const std::string& host, const std::optional<std::string>& password,
                    bool if_not_exists);
  Status DropUser(const std::string& user, const std::string& host, bool if_exists);
  Status SetPassword(const std::string& user, const std::string& host, const std::string& password);
  // `privileges` upper case (e.g. "SELECT", "CREATE TABLE", "ALL"); validated against the target.
  Status Grant(const std::vector<std::string>& privileges, const GrantTarget& target, const std::string& user,
               const std::string& host, bool revoke);
  Status GrantRole(const std::string& role, const std::string& user, const std::string& host, bool revoke);

  // SHOW GRANTS rows: UserIdentity, Catalog, Grants.
  std::vector<std::vector<std::optional<std::string>>> ShowGrants(const std::string& user, const std::string& host);
  std::vector<std::string> RolesOf(const std::string& user, const std::string& host);
  bool UserExists(const std::string& user, const std::string& host);

  // True if the user holds `privilege` on the target (through a grant or a role).
  bool Has(const std::string& user, const std::string& host, const std::string& privilege, const GrantTarget& target);
  // True if the user holds any privilege on the table (or on all tables of its database).
  bool HasAnyOnTable(const std::string& user, const std::string& host, const std::string& db, const std::string& table);

  // ---- fe_backup::AccessControl ----
  bool HasPrivilege(const fe_backup::Session& session, fe_backup::Privilege privilege,
                    const fe_backup::PrivilegeObject& object) override;

  Status Apply(MetaOp op, const nlohmann::json& record);
  nlohmann::json Snapshot();
  Status Restore(const nlohmann::json& image);

  // StarRocks' denial text for a missing privilege (errno 1227).
  static Status Denied(const std::string& privilege, const std::string& object, const std::vector<std::string>& roles);

 private:
  struct User {
    std::string password_hash;  // SHA1(SHA1(pw)), empty = no password
    std::set<std::pair<std::string, GrantTarget>> grants;
    std::set<std::string> roles;
  };
  using Key = std::pair<std::string, std::string>;  // (user, host)

  Status Commit(MetaOp op, const nlohmann::json& record);
  Status ApplyLocked(MetaOp op, const nlohmann::json& record);
  bool HasLocked(const User& u, const std::string& privilege, const GrantTarget& target);

  MetaLog* log_;
  std::mutex mu_;
  std::map<Key, User> users_;  // GUARDED_BY(mu_)
};

}  // namespace feb::frontend
