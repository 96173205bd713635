#include "frontend/auth/auth_manager.h"

#include "frontend/mysql/mysql_messages.h"

namespace feb::frontend {

using nlohmann::json;

namespace {

const std::set<std::string> kBuiltinRoles = {"root", "db_admin", "user_admin", "cluster_admin", "public"};
const std::set<std::string> kSystemPrivileges = {"GRANT", "NODE", "OPERATE", "REPOSITORY", "CREATE DATABASE",
                                                 "CREATE RESOURCE GROUP", "BLACKLIST", "FILE", "PLUGIN", "ALL"};
const std::set<std::string> kDatabasePrivileges = {"CREATE TABLE", "DROP", "ALTER", "CREATE VIEW", "CREATE FUNCTION",
                                                   "ALL"};
const std::set<std::string> kTablePrivileges = {"SELECT", "INSERT", "EXPORT", "DELETE", "UPDATE", "ALTER", "DROP",
                                                "ALL"};

// SQL LIKE with only '%' (any run) and '_' (one char), for user host patterns.
bool HostMatches(const std::string& pattern, const std::string& host) {
  size_t p = 0, h = 0, star_p = std::string::npos, star_h = 0;
  while (h < host.size()) {
    if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == host[h])) {
      ++p;
      ++h;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_h = h;
    } else if (star_p != std::string::npos) {
      p = star_p + 1;
      h = ++star_h;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

json TargetToJson(const GrantTarget& t) { return json{{"kind", static_cast<int>(t.kind)}, {"db", t.db}, {"table", t.table}}; }

GrantTarget TargetFromJson(const json& j) {
  return GrantTarget{static_cast<GrantTarget::Kind>(j.at("kind").get<int>()), j.at("db").get<std::string>(),
                     j.at("table").get<std::string>()};
}

std::string Hex(const std::string& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  return hex;
}

std::string Unhex(const std::string& hex) {
  std::string out;
  auto val = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(val(hex[i]) * 16 + val(hex[i + 1])));
  return out;
}

std::string Identity(const std::string& user, const std::string& host) { return "'" + user + "'@'" + host + "'"; }

std::string TargetText(const GrantTarget& t) {
  switch (t.kind) {
    case GrantTarget::Kind::kSystem: return "SYSTEM";
    case GrantTarget::Kind::kDatabase: return "DATABASE " + t.db;
    case GrantTarget::Kind::kTable: return "TABLE " + t.db + "." + t.table;
    case GrantTarget::Kind::kAllTablesInDatabase: return "ALL TABLES IN DATABASE " + t.db;
  }
  return "";
}

Status NoSuchUser(const std::string& user, const std::string& host) {
  return Status(StatusCode::kNotFound, "Operation failed for user " + Identity(user, host) + ": user does not exist", 1396);
}

}  // namespace

AuthManager::AuthManager(MetaLog* log) : log_(log) { users_[{"root", "%"}].roles.insert("root"); }

Status AuthManager::Denied(const std::string& privilege, const std::string& object,
                           const std::vector<std::string>& roles) {
  std::string current;
  for (const auto& r : roles) current += (current.empty() ? "" : ", ") + r;
  if (current.empty()) current = "NONE";
  return Status(StatusCode::kAccessDenied,
                "Access denied; you need (at least one of) the " + privilege + " privilege(s) on " + object +
                    " for this operation. Please ask the admin to grant permission(s) or try activating existing "
                    "roles using <set [default] role>. Current role(s): " +
                    current + ". Inactivated role(s): NONE.",
                1227);
}

Result<std::pair<std::string, std::string>> AuthManager::Authenticate(const std::string& user,
                                                                       const std::string& remote_host,
                                                                       const std::string& scramble,
                                                                       const std::string& auth_response) {
  std::lock_guard<std::mutex> lock(mu_);
  const Key* best = nullptr;
  for (const auto& [key, u] : users_) {
    if (key.first != user || !HostMatches(key.second, remote_host)) continue;
    if (!best || (best->second == "%" && key.second != "%")) best = &key;
  }
  if (best && CheckNativePassword(scramble, auth_response, users_[*best].password_hash)) return *best;
  return Status(StatusCode::kAccessDenied,
                "Access denied for user '" + user + "'@'" + remote_host + "' (using password: " +
                    (auth_response.empty() ? "NO" : "YES") + ")",
                1045);
}

Status AuthManager::Commit(MetaOp op, const json& record) {
  RETURN_IF_ERROR(log_->Append(op, record.dump(-1, ' ', false, json::error_handler_t::replace)));
  std::lock_guard<std::mutex> lock(mu_);
  return ApplyLocked(op, record);
}

bool AuthManager::UserExists(const std::string& user, const std::string& host) {
  std::lock_guard<std::mutex> lock(mu_);
  return users_.count({user, host}) > 0;
}

Status AuthManager::CreateUser(const std::string& user, const std::string& host,
                               const std::optional<std::string>& password, bool if_not_exists) {
  auto w = log_->WriterLock();
  if (UserExists(user, host)) {
    if (if_not_exists) return Status::OK();
    return Status(StatusCode::kAlreadyExists, "Operation CREATE USER failed for " + Identity(user, host), 1396);
  }
  return Commit(MetaOp::kCreateUser,
                json{{"user", user}, {"host", host}, {"hash_hex", Hex(NativePasswordHash(password.value_or("")))}});
}

Status AuthManager::DropUser(const std::string& user, const std::string& host, bool if_exists) {
  auto w = log_->WriterLock();
  if (user == "root") return Status::InvalidArgument("Operation DROP USER failed for 'root': root cannot be dropped");
  if (!UserExists(user, host)) {
    if (if_exists) return Status::OK();
    return Status(StatusCode::kNotFound, "Operation DROP USER failed for " + Identity(user, host), 1396);
  }
  return Commit(MetaOp::kDropUser, json{{"user", user}, {"host", host}});
}

Status AuthManager::SetPassword(const std::string& user, const std::string& host, const std::string& password) {
  auto w = log_->WriterLock();
  if (!UserExists(user, host)) return NoSuchUser(user, host);
  return Commit(MetaOp::kSetPassword, json{{"user", user}, {"host", host}, {"hash_hex", Hex(NativePasswordHash(password))}});
}

Status AuthManager::Grant(const std::vector<std::string>& privileges, const GrantTarget& target,
                          const std::string& user, const std::string& host, bool revoke) {
  const std::set<std::string>* valid = &kSystemPrivileges;
  if (target.kind == GrantTarget::Kind::kDatabase) valid = &kDatabasePrivileges;
  if (target.kind == GrantTarget::Kind::kTable || target.kind == GrantTarget::Kind::kAllTablesInDatabase) {
    valid = &kTablePrivileges;
  }
  for (const auto& p : privileges) {
    if (!valid->count(p)) {
      return Status(StatusCode::kInvalidArgument,
                    "Getting analyzing error. Detail message: Cannot grant or revoke '" + p + "' on " +
                        TargetText(target) + ".",
                    1064);
    }
  }
  auto w = log_->WriterLock();
  if (!UserExists(user, host)) return NoSuchUser(user, host);
  return Commit(revoke ? MetaOp::kRevoke : MetaOp::kGrant,
                json{{"user", user}, {"host", host}, {"privileges", privileges}, {"target", TargetToJson(target)}});
}

Status AuthManager::GrantRole(const std::string& role, const std::string& user, const std::string& host,
                              bool revoke) {
  if (!kBuiltinRoles.count(role)) {
    return Status(StatusCode::kNotFound, "Role " + role + " doesn't exist", 5001);
  }
  auto w = log_->WriterLock();
  if (!UserExists(user, host)) return NoSuchUser(user, host);
  return Commit(revoke ? MetaOp::kRevokeRole : MetaOp::kGrantRole, json{{"user", user}, {"host", host}, {"role", role}});
}

std::vector<std::string> AuthManager::RolesOf(const std::string& user, const std::string& host) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = users_.find({user, host});
  if (it == users_.end()) return {};
  return std::vector<std::string>(it->second.roles.begin(), it->second.roles.end());
}

std::vector<std::vector<std::optional<std::string>>> AuthManager::ShowGrants(const std::string& user,
                                                                             const std::string& host) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::vector<std::optional<std::string>>> rows;
  auto it = users_.find({user, host});
  if (it == users_.end()) return rows;
  std::string id = Identity(user, host);
  for (const auto& r : it->second.roles) {
    rows.push_back({id, std::nullopt, "GRANT '" + r + "' TO " + id});
  }
  std::map<GrantTarget, std::string> by_target;
  for (const auto& [priv, target] : it->second.grants) {
    auto& s = by_target[target];
    s += (s.empty() ? "" : ", ") + priv;
  }
  for (const auto& [target, privs] : by_target) {
    std::optional<std::string> catalog;
    if (target.kind != GrantTarget::Kind::kSystem) catalog = "default_catalog";
    rows.push_back({id, catalog, "GRANT " + privs + " ON " + TargetText(target) + " TO USER " + id});
  }
  return rows;
}

bool AuthManager::HasLocked(const User& u, const std::string& privilege, const GrantTarget& target) {
  if (u.roles.count("root") || u.roles.count("db_admin")) return true;
  if (target.kind == GrantTarget::Kind::kSystem) {
    if (u.roles.count("user_admin") && privilege == "GRANT") return true;
    if (u.roles.count("cluster_admin") && (privilege == "NODE" || privilege == "OPERATE")) return true;
  }
  for (const auto& p : {privilege, std::string("ALL")}) {
    if (u.grants.count({p, target})) return true;
    if (target.kind == GrantTarget::Kind::kTable &&
        u.grants.count({p, GrantTarget{GrantTarget::Kind::kAllTablesInDatabase, target.db, ""}})) {
      return true;
    }
  }
  return false;
}

bool AuthManager::Has(const std::string& user, const std::string& host, const std::string& privilege,
                      const GrantTarget& target) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = users_.find({user, host});
  return it != users_.end() && HasLocked(it->second, privilege, target);
}

bool AuthManager::HasAnyOnTable(const std::string& user, const std::string& host, const std::string& db,
                                const std::string& table) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = users_.find({user, host});
  if (it == users_.end()) return false;
  if (it->second.roles.count("root") || it->second.roles.count("db_admin")) return true;
  for (const auto& [priv, target] : it->second.grants) {
    if (target.db != db) continue;
    if (target.kind == GrantTarget::Kind::kAllTablesInDatabase) return true;
    if (target.kind == GrantTarget::Kind::kTable && target.table == table) return true;
  }
  return false;
}

bool AuthManager::HasPrivilege(const fe_backup::Session& session, fe_backup::Privilege privilege,
                               const fe_backup::PrivilegeObject& object) {
  GrantTarget t;
  switch (object.kind) {
    case fe_backup::PrivilegeObject::Kind::kSystem: t.kind = GrantTarget::Kind::kSystem; break;
    case fe_backup::PrivilegeObject::Kind::kDatabase:
      t.kind = privilege == fe_backup::Privilege::kCreateTable ? GrantTarget::Kind::kDatabase
                                                                : GrantTarget::Kind::kAllTablesInDatabase;
      t.db = object.db;
      break;
    case fe_backup::PrivilegeObject::Kind::kTable:
      t.kind = GrantTarget::Kind::kTable;
      t.db = object.db;
      t.table = object.table;
      break;
  }
  return Has(session.user, session.host, fe_backup::PrivilegeName(privilege), t);
}

Status AuthManager::Apply(MetaOp op, const json& record) {
  std::lock_guard<std::mutex> lock(mu_);
  return ApplyLocked(op, record);
}

Status AuthManager::ApplyLocked(MetaOp op, const json& r) {
  try {
    Key key{r.at("user").get<std::string>(), r.at("host").get<std::string>()};
    switch (op) {
      case MetaOp::kCreateUser:
        users_[key] = User{Unhex(r.at("hash_hex").get<std::string>()), {}, {}};
        return Status::OK();
      case MetaOp::kDropUser:
        users_.erase(key);
        return Status::OK();
      case MetaOp::kSetPassword:
        users_[key].password_hash = Unhex(r.at("hash_hex").get<std::string>());
        return Status::OK();
      case MetaOp::kGrant:
      case MetaOp::kRevoke: {
        GrantTarget t = TargetFromJson(r.at("target"));
        auto& grants = users_[key].grants;
        for (const auto& p : r.at("privileges")) {
          if (op == MetaOp::kGrant) {
            grants.insert({p.get<std::string>(), t});
          } else {
            grants.erase({p.get<std::string>(), t});
          }
        }
        return Status::OK();
      }
      case MetaOp::kGrantRole:
        users_[key].roles.insert(r.at("role").get<std::string>());
        return Status::OK();
      case MetaOp::kRevokeRole:
        users_[key].roles.erase(r.at("role").get<std::string>());
        return Status::OK();
      default:
        return Status::Corruption("auth: unknown op " + std::to_string(static_cast<int>(op)));
    }
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("bad user record: ") + e.what());
  }
}

json AuthManager::Snapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  json users = json::array();
  for (const auto& [key, u] : users_) {
    json grants = json::array();
    for (const auto& [p, t] : u.grants) grants.push_back(json{{"privilege", p}, {"target", TargetToJson(t)}});
    users.push_back(json{{"user", key.first}, {"host", key.second}, {"hash_hex", Hex(u.password_hash)}, {"roles", u.roles},
                         {"grants", grants}});
  }
  return users;
}

Status AuthManager::Restore(const json& image) {
  std::lock_guard<std::mutex> lock(mu_);
  users_.clear();
  try {
    for (const auto& uj : image) {
      User u;
      u.password_hash = Unhex(uj.at("hash_hex").get<std::string>());
      u.roles = uj.at("roles").get<std::set<std::string>>();
      for (const auto& g : uj.at("grants")) u.grants.insert({g.at("privilege").get<std::string>(), TargetFromJson(g.at("target"))});
      users_[{uj.at("user").get<std::string>(), uj.at("host").get<std::string>()}] = std::move(u);
    }
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("bad user checkpoint: ") + e.what());
  }
  return Status::OK();
}

}  // namespace feb::frontend
