#include "frontend/qe/statement_executor.h"

#include <glog/logging.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <functional>
#include <set>

#include "common/status/mysql_error.h"
#include "frontend/qe/column_values.h"
#include "frontend/sql/sql_parser.h"
#include "common/text/sql_like.h"
#include "common/time/time_format.h"

namespace feb::frontend {

namespace {

using OptStr = std::optional<std::string>;

std::string SqlStateOf(uint16_t code) {
  switch (code) {
    case 1040: return "08004";
    case 1045: return "28000";
    case 1046: return "3D000";
    case 1050: return "42S01";
    case 1051:
    case 1146: return "42S02";
    case 1049:
    case 1064:
    case 1065:
    case 1227:
    case 1235: return "42000";
    case 1153: return "08S01";
    default: return "HY000";
  }
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// MySQL LIKE, case-insensitive, with % and _ (and \ escapes).
int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::map<std::string, std::string>& DefaultVariables() {
  static const std::map<std::string, std::string> kVars = {
      {"auto_increment_increment", "1"},
      {"autocommit", "1"},
      {"character_set_client", "utf8"},
      {"character_set_connection", "utf8"},
      {"character_set_database", "utf8"},
      {"character_set_results", "utf8"},
      {"character_set_server", "utf8"},
      {"collation_connection", "utf8_general_ci"},
      {"collation_database", "utf8_general_ci"},
      {"collation_server", "utf8_general_ci"},
      {"init_connect", ""},
      {"interactive_timeout", "3600"},
      {"language", "/starrocks/share/english/"},
      {"license", "Apache License 2.0"},
      {"lower_case_table_names", "0"},
      {"max_allowed_packet", "67108864"},
      {"net_buffer_length", "16384"},
      {"net_write_timeout", "60"},
      {"performance_schema", "0"},
      {"query_cache_size", "1048576"},
      {"query_cache_type", "OFF"},
      {"query_timeout", "300"},
      {"sql_mode", "ONLY_FULL_GROUP_BY"},
      {"sql_select_limit", "18446744073709551615"},
      {"system_time_zone", "UTC"},
      {"time_zone", "UTC"},
      {"transaction_isolation", "REPEATABLE-READ"},
      {"transaction_read_only", "0"},
      {"tx_isolation", "REPEATABLE-READ"},
      {"tx_read_only", "0"},
      {"version", "5.1.0"},
      {"version_comment", "fe-backup reference frontend (StarRocks-compatible)"},
      {"wait_timeout", "28800"},
  };
  return kVars;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string Quote(const std::string& name) { return "`" + name + "`"; }

std::string JoinQuoted(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + Quote(n);
  return out;
}

std::string ColumnTypeOf(const fe_backup::TableDefinition& def, const std::string& column) {
  for (const auto& c : def.columns) {
    if (c.name == column) return c.type;
  }
  return "VARCHAR";
}

int CompareBounds(const fe_backup::TableDefinition& def, const std::vector<std::string>& a,
                  const std::vector<std::string>& b) {
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    int c = ColumnValues::Compare(ColumnTypeOf(def, def.partition_columns[i]), a[i], b[i]);
    if (c != 0) return c;
  }
  return 0;
}

// Checks a range partition's upper bound against the partition columns and normalizes each
// value (MAXVALUE alone stands for every column); used by CREATE TABLE and ADD PARTITION.
Status NormalizeUpperBound(const fe_backup::TableDefinition& def, fe_backup::RangePartitionDefinition* p) {
  if (p->upper_bound.size() == 1 && p->upper_bound[0] == "MAXVALUE") {
    p->upper_bound.assign(def.partition_columns.size(), "MAXVALUE");
  }
  if (p->upper_bound.size() != def.partition_columns.size()) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: Partition '" + p->name + "' has " +
                                   std::to_string(p->upper_bound.size()) + " values, expected " +
                                   std::to_string(def.partition_columns.size()) + ".");
  }
  for (size_t j = 0; j < p->upper_bound.size(); ++j) {
    if (p->upper_bound[j] == "MAXVALUE") continue;
    const std::string& col = def.partition_columns[j];
    auto v = ColumnValues::Normalize(col, ColumnTypeOf(def, col), false,
                                     Literal{Literal::Kind::kString, p->upper_bound[j]});
    if (!v.ok()) return Status::InvalidArgument("Getting analyzing error. Detail message: " + v.status().message() + ".");
    p->upper_bound[j] = **v;
  }
  return Status::OK();
}

std::string EscapeString(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string ShowCreateText(const fe_backup::TableDefinition& def) {
  std::string sql = "CREATE TABLE " + Quote(def.name) + " (\n";
  for (size_t i = 0; i < def.columns.size(); ++i) {
    const auto& c = def.columns[i];
    sql += "  " + Quote(c.name) + " " + Lower(c.type);
    if (!c.aggregation.empty()) sql += " " + c.aggregation;
    sql += c.nullable ? " NULL" : " NOT NULL";
    if (c.default_value) sql += " DEFAULT \"" + EscapeString(*c.default_value) + "\"";
    sql += " COMMENT \"" + EscapeString(c.comment) + "\"";
    sql += i + 1 < def.columns.size() ? ",\n" : "\n";
  }
  sql += ") ENGINE=OLAP\n";
  sql += def.keys_type + " KEY(" + JoinQuoted(def.key_columns) + ")\n";
  auto comment = def.properties.find("comment");
  sql += "COMMENT \"" + (comment == def.properties.end() ? std::string("OLAP") : EscapeString(comment->second)) + "\"\n";
  if (!def.partition_columns.empty()) {
    sql += "PARTITION BY RANGE(" + JoinQuoted(def.partition_columns) + ")\n(";
    for (size_t i = 0; i < def.partitions.size(); ++i) {
      const auto& p = def.partitions[i];
      sql += "PARTITION " + p.name + " VALUES LESS THAN (";
      for (size_t j = 0; j < p.upper_bound.size(); ++j) {
        sql += (j ? ", " : "") + (p.upper_bound[j] == "MAXVALUE" ? "MAXVALUE" : "\"" + EscapeString(p.upper_bound[j]) + "\"");
      }
      sql += ")";
      sql += i + 1 < def.partitions.size() ? ",\n" : "";
    }
    sql += ")\n";
  }
  sql += "DISTRIBUTED BY HASH(" + JoinQuoted(def.distribution_columns) + ") BUCKETS " + std::to_string(def.buckets) + "\n";
  sql += "PROPERTIES (\n";
  bool first = true;
  for (const auto& [k, v] : def.properties) {
    if (k == "comment") continue;
    sql += (first ? "" : ",\n") + std::string("\"") + EscapeString(k) + "\" = \"" + EscapeString(v) + "\"";
    first = false;
  }
  sql += "\n);";
  return sql;
}

// The tablet's own identity for the data client.
TabletSpec SpecOf(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                  const fe_backup::PartitionInfo& p, const fe_backup::IndexInfo& idx, const fe_backup::TabletInfo& t) {
  TabletSpec s;
  s.db_id = db_id;
  s.table_id = table_id;
  s.partition_id = p.id;
  s.index_id = idx.id;
  s.tablet_id = t.id;
  s.schema_hash = idx.schema_hash;
  s.version = 1;
  s.definition = def;
  return s;
}

Status Unknown(const std::string& what) { return Status(StatusCode::kNotFound, what, 1051); }

}  // namespace

StatementExecutor::StatementExecutor(Deps deps) : deps_(deps) {
  int64_t t = deps_.config ? deps_.config->GetInt("lock_timeout_ms") : 0;
  lock_timeout_ = std::chrono::milliseconds(t > 0 ? t : 10000);
}

QueryResult StatementExecutor::FromStatus(const Status& status) {
  if (status.ok()) return QueryResult::Ok();
  MysqlError e = ToMysqlError(status);
  return QueryResult::Error(e.code, SqlStateOf(e.code), status.message());
}

std::vector<std::string> StatementExecutor::RolesOf(const Session& s) { return deps_.auth->RolesOf(s.user, s.host); }

QueryResult StatementExecutor::Login(Session& session, const LoginRequest& request) {
  auto who = deps_.auth->Authenticate(request.user, session.remote_host, request.scramble, request.auth_response);
  if (!who.ok()) return FromStatus(who.status());
  session.user = who->first;
  session.host = who->second;
  if (!request.database.empty()) {
    QueryResult r = UseDatabase(session, request.database);
    if (!r.ok) return r;
  }
  return QueryResult::Ok();
}

QueryResult StatementExecutor::UseDatabase(Session& session, const std::string& db) {
  if (!deps_.catalog->FindDatabase(db)) {
    return FromStatus(Status(StatusCode::kNotFound, "Unknown database '" + db + "'", 1049));
  }
  session.current_db = db;
  return QueryResult::Ok();
}

QueryResult StatementExecutor::Execute(Session& session, std::string_view sql) {
  std::string_view trimmed = sql;
  while (!trimmed.empty() && (std::isspace(static_cast<unsigned char>(trimmed.back())) || trimmed.back() == ';')) {
    trimmed.remove_suffix(1);
  }
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  if (trimmed.empty()) return QueryResult::Error(1065, "42000", "Query was empty");
  for (auto* plugin : plugins_) {
    if (plugin->Claims(trimmed)) {
      fe_backup::StatementResult r = plugin->Execute(session.ToPluginSession(RolesOf(session)), trimmed);
      if (!r.ok) return QueryResult::Error(r.mysql_errno, r.sqlstate, r.message);
      if (!r.has_result_set) return QueryResult::Ok(r.affected_rows);
      return QueryResult::Strings(r.columns, std::move(r.rows));
    }
  }
  auto stmt = SqlParser::Parse(trimmed);
  if (!stmt.ok()) return FromStatus(stmt.status());
  auto r = Run(session, *stmt);
  if (!r.ok()) return FromStatus(r.status());
  return std::move(r).value();
}

Result<QueryResult> StatementExecutor::Run(Session& s, const FrontendStatement& stmt) {
  return std::visit(
      [&](const auto& st) -> Result<QueryResult> {
        using T = std::decay_t<decltype(st)>;
        if constexpr (std::is_same_v<T, CreateDatabaseStmt>) return CreateDatabase(s, st);
        if constexpr (std::is_same_v<T, DropDatabaseStmt>) return DropDatabase(s, st);
        if constexpr (std::is_same_v<T, UseStmt>) {
          QueryResult r = UseDatabase(s, st.name);
          return r;
        }
        if constexpr (std::is_same_v<T, ShowDatabasesStmt>) return ShowDatabases(s);
        if constexpr (std::is_same_v<T, ShowTablesStmt>) return ShowTables(s, st);
        if constexpr (std::is_same_v<T, CreateTableStmt>) return CreateTable(s, st);
        if constexpr (std::is_same_v<T, DropTableStmt>) return DropTable(s, st);
        if constexpr (std::is_same_v<T, TruncateTableStmt>) return TruncateTable(s, st);
        if constexpr (std::is_same_v<T, AddPartitionStmt>) return AddPartition(s, st);
        if constexpr (std::is_same_v<T, DropPartitionStmt>) return DropPartition(s, st);
        if constexpr (std::is_same_v<T, ShowCreateTableStmt>) return ShowCreateTable(s, st);
        if constexpr (std::is_same_v<T, ShowPartitionsStmt>) return ShowPartitions(s, st);
        if constexpr (std::is_same_v<T, ShowTabletStmt>) return ShowTablet(s, st);
        if constexpr (std::is_same_v<T, InsertStmt>) return Insert(s, st);
        if constexpr (std::is_same_v<T, SelectStmt>) return Select(s, st);
        if constexpr (std::is_same_v<T, ChecksumTableStmt>) return Checksum(s, st);
        if constexpr (std::is_same_v<T, AddBackendStmt>) return AddBackend(s, st);
        if constexpr (std::is_same_v<T, DropBackendStmt>) return DropBackend(s, st);
        if constexpr (std::is_same_v<T, ShowBackendsStmt>) return ShowBackends(s);
        if constexpr (std::is_same_v<T, CreateUserStmt>) {
          RETURN_IF_ERROR(Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
          RETURN_IF_ERROR(deps_.auth->CreateUser(st.user.user, st.user.host, st.password, st.if_not_exists));
          return QueryResult::Ok();
        }
        if constexpr (std::is_same_v<T, DropUserStmt>) {
          RETURN_IF_ERROR(Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
          RETURN_IF_ERROR(deps_.auth->DropUser(st.user.user, st.user.host, st.if_exists));
          return QueryResult::Ok();
        }
        if constexpr (std::is_same_v<T, SetPasswordStmt>) {
          UserIdentity target = st.user.value_or(UserIdentity{s.user, s.host});
          if (target.user != s.user || target.host != s.host) {
            RETURN_IF_ERROR(Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
          }
          RETURN_IF_ERROR(deps_.auth->SetPassword(target.user, target.host, st.password));
          return QueryResult::Ok();
        }
        if constexpr (std::is_same_v<T, GrantPrivilegeStmt>) return Grant(s, st);
        if constexpr (std::is_same_v<T, GrantRoleStmt>) {
          RETURN_IF_ERROR(Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
          RETURN_IF_ERROR(deps_.auth->GrantRole(st.role, st.user.user, st.user.host, st.revoke));
          return QueryResult::Ok();
        }
        if constexpr (std::is_same_v<T, ShowGrantsStmt>) return ShowGrants(s, st);
        if constexpr (std::is_same_v<T, ShowVariablesStmt>) return ShowVariables(s, st);
        if constexpr (std::is_same_v<T, ShowWarningsStmt>) {
          return QueryResult::Strings({"Level", "Code", "Message"}, {});
        }
        if constexpr (std::is_same_v<T, SetStmt>) return Set(s, st);
        if constexpr (std::is_same_v<T, TransactionStmt>) return QueryResult::Ok();
        return Status::NotSupported("statement not supported");
      },
      stmt);
}

// ---------------------------------------------------------------------------------------------
// helpers

Result<fe_backup::DatabaseInfo> StatementExecutor::ResolveDb(Session& s, const std::string& db) {
  std::string name = db.empty() ? s.current_db : db;
  if (name.empty()) return Status(StatusCode::kInvalidArgument, "No database selected", 1046);
  auto info = deps_.catalog->FindDatabase(name);
  if (!info) return Status(StatusCode::kNotFound, "Unknown database '" + name + "'", 1049);
  return *info;
}

Result<std::pair<fe_backup::DatabaseInfo, fe_backup::TableInfo>> StatementExecutor::ResolveTable(
    Session& s, const TableName& name) {
  ASSIGN_OR_RETURN(auto db, ResolveDb(s, name.db));
  auto table = deps_.catalog->FindTable(db.id, name.table);
  if (!table) return Unknown("Unknown table '" + db.name + "." + name.table + "'");
  return std::make_pair(db, *table);
}

Status StatementExecutor::Require(Session& s, const std::string& privilege, const GrantTarget& target,
                                  const std::string& object_text) {
  if (deps_.auth->Has(s.user, s.host, privilege, target)) return Status::OK();
  return AuthManager::Denied(privilege, object_text, RolesOf(s));
}

Status StatementExecutor::RequireTable(Session& s, const std::string& privilege, const std::string& db,
                                       const std::string& table) {
  return Require(s, privilege, GrantTarget{GrantTarget::Kind::kTable, db, table}, "TABLE " + table);
}

Result<std::unique_ptr<fe_backup::LockHandle>> StatementExecutor::LockDb(int64_t db_id, bool exclusive) {
  return deps_.catalog->Lock(db_id, exclusive, lock_timeout_);
}

std::string StatementExecutor::Variable(const Session& s, const std::string& name, bool* found) {
  *found = true;
  auto it = s.variables.find(name);
  if (it != s.variables.end()) return it->second;
  if (name == "max_allowed_packet" && deps_.config) return deps_.config->GetString("max_allowed_packet");
  if (name == "wait_timeout" && deps_.config) return deps_.config->GetString("wait_timeout");
  auto d = DefaultVariables().find(name);
  if (d != DefaultVariables().end()) return d->second;
  *found = false;
  return "";
}

// ---------------------------------------------------------------------------------------------
// databases and tables

Result<QueryResult> StatementExecutor::CreateDatabase(Session& s, const CreateDatabaseStmt& st) {
  RETURN_IF_ERROR(Require(s, "CREATE DATABASE", GrantTarget{}, "SYSTEM"));
  ASSIGN_OR_RETURN(int64_t id, deps_.catalog->CreateDatabase(st.name, st.if_not_exists));
  (void)id;
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::DropDatabase(Session& s, const DropDatabaseStmt& st) {
  auto db = deps_.catalog->FindDatabase(st.name);
  if (db) {
    RETURN_IF_ERROR(Require(s, "DROP", GrantTarget{GrantTarget::Kind::kDatabase, st.name, ""}, "DATABASE " + st.name));
  }
  std::vector<fe_backup::TableInfo> tables;
  if (db) {
    for (const auto& name : deps_.catalog->ListTables(db->id)) {
      if (auto t = deps_.catalog->FindTable(db->id, name)) tables.push_back(*t);
    }
  }
  RETURN_IF_ERROR(deps_.catalog->DropDatabase(st.name, st.if_exists));
  for (const auto& t : tables) DropOnBackends(db->id, t.id, t.definition, t.partitions);
  if (s.current_db == st.name) s.current_db.clear();
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::ShowDatabases(Session& s) {
  std::vector<Row> rows;
  for (const auto& db : deps_.catalog->ListDatabases()) rows.push_back({db.name});
  std::sort(rows.begin(), rows.end());
  return QueryResult::Strings({"Database"}, std::move(rows));
}

Result<QueryResult> StatementExecutor::ShowTables(Session& s, const ShowTablesStmt& st) {
  ASSIGN_OR_RETURN(auto db, ResolveDb(s, st.db));
  std::vector<Row> rows;
  for (const auto& t : deps_.catalog->ListTables(db.id)) rows.push_back({t});
  std::sort(rows.begin(), rows.end());
  return QueryResult::Strings({"Tables_in_" + db.name}, std::move(rows));
}

Result<std::vector<fe_backup::PartitionInfo>> StatementExecutor::BuildPartitions(
    int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def, const std::vector<std::string>& names,
    int32_t schema_hash, int64_t index_id) {
  int replication = std::stoi(def.properties.at("replication_num"));
  auto alive = deps_.backends->AliveBackends();
  if (static_cast<int>(alive.size()) < replication) {
    std::string ids;
    for (const auto& b : alive) ids += (ids.empty() ? "" : ", ") + std::to_string(b.id);
    return Status::InvalidArgument(
        "Table replication num should be less than or equal to the number of available BE nodes. You can change "
        "this default by setting the replication_num table properties. Current alive backend is [" +
        ids + "]. , replication_num is " + std::to_string(replication));
  }
  std::sort(alive.begin(), alive.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<fe_backup::PartitionInfo> out;
  size_t rr = static_cast<size_t>(table_id);
  for (const auto& name : names) {
    fe_backup::PartitionInfo p;
    ASSIGN_OR_RETURN(p.id, deps_.meta->NextId());
    out.push_back(std::move(p));
    auto& part = out.back();
    part.name = name;
    part.visible_version = 1;
    fe_backup::IndexInfo idx;
    idx.id = index_id;
    idx.name = def.name;
    idx.schema_hash = schema_hash;
    for (int32_t b = 0; b < def.buckets; ++b) {
      fe_backup::TabletInfo t;
      ASSIGN_OR_RETURN(t.id, deps_.meta->NextId());
      for (int r = 0; r < replication; ++r) {
        fe_backup::ReplicaInfo rep;
        ASSIGN_OR_RETURN(rep.id, deps_.meta->NextId());
        rep.backend_id = alive[(rr + static_cast<size_t>(r)) % alive.size()].id;
        rep.version = 1;
        t.replicas.push_back(rep);
      }
      ++rr;
      idx.tablets.push_back(std::move(t));
    }
    part.indexes.push_back(std::move(idx));
  }
  return out;
}

Status StatementExecutor::CreateOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                                           const std::vector<fe_backup::PartitionInfo>& partitions) {
  if (!deps_.data) return Status::Unavailable("no backend data service is configured in this frontend");
  std::map<int64_t, std::vector<TabletSpec>> per_backend;
  for (const auto& p : partitions) {
    for (const auto& idx : p.indexes) {
      for (const auto& t : idx.tablets) {
        for (const auto& r : t.replicas) per_backend[r.backend_id].push_back(SpecOf(db_id, table_id, def, p, idx, t));
      }
    }
  }
  for (const auto& [backend_id, specs] : per_backend) {
    auto be = deps_.backends->Find(backend_id);
    if (!be) return Status::Unavailable("backend " + std::to_string(backend_id) + " is gone");
    Status st = deps_.data->CreateTablets(*be, specs);
    if (!st.ok()) {
      return Status::Unavailable("create tablets on backend " + std::to_string(backend_id) + " (" + be->host + ":" +
                                 std::to_string(be->be_port) + ") failed: " + st.message());
    }
  }
  return Status::OK();
}

void StatementExecutor::DropOnBackends(int64_t db_id, int64_t table_id, const fe_backup::TableDefinition& def,
                                       const std::vector<fe_backup::PartitionInfo>& partitions) {
  if (!deps_.data) return;
  std::map<int64_t, std::vector<TabletSpec>> per_backend;
  for (const auto& p : partitions) {
    for (const auto& idx : p.indexes) {
      for (const auto& t : idx.tablets) {
        for (const auto& r : t.replicas) per_backend[r.backend_id].push_back(SpecOf(db_id, table_id, def, p, idx, t));
      }
    }
  }
  for (const auto& [backend_id, specs] : per_backend) {
    auto be = deps_.backends->Find(backend_id);
    if (!be || !be->alive) continue;
    Status st = deps_.data->DropTablets(*be, specs);
    if (!st.ok()) LOG(WARNING) << "drop tablets on backend " << backend_id << ": " << st;
  }
}

Result<QueryResult> StatementExecutor::CreateTable(Session& s, const CreateTableStmt& st) {
  ASSIGN_OR_RETURN(auto db, ResolveDb(s, st.name.db));
  RETURN_IF_ERROR(Require(s, "CREATE TABLE", GrantTarget{GrantTarget::Kind::kDatabase, db.name, ""},
                          "DATABASE " + db.name));
  fe_backup::TableDefinition def = st.definition;
  // Columns.
  std::set<std::string> names;
  for (auto& c : def.columns) {
    std::string lower = Lower(c.name);
    if (!names.insert(lower).second) {
      return Status(StatusCode::kInvalidArgument, "Duplicate column name '" + c.name + "'", 1060);
    }
    if (!ColumnValues::IsSupportedType(c.type)) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Unsupported type '" + c.type +
                                     "' of column '" + c.name + "'.");
    }
  }
  auto has_column = [&](const std::string& n) {
    return std::any_of(def.columns.begin(), def.columns.end(), [&](const auto& c) { return c.name == n; });
  };
  // Keys: a prefix of the columns, in order.
  if (def.key_columns.empty()) def.key_columns.push_back(def.columns.front().name);
  for (size_t i = 0; i < def.key_columns.size(); ++i) {
    if (!has_column(def.key_columns[i])) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Key column '" + def.key_columns[i] +
                                     "' does not exist.");
    }
    if (i >= def.columns.size() || def.columns[i].name != def.key_columns[i]) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Key columns should be a ordered "
                                     "prefix of the schema.");
    }
    def.columns[i].is_key = true;
  }
  for (auto& c : def.columns) {
    if (def.keys_type == "AGGREGATE" && !c.is_key && c.aggregation.empty()) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Value column '" + c.name +
                                     "' of an AGGREGATE KEY table needs an aggregate type.");
    }
    if (c.is_key && !c.aggregation.empty()) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Key column '" + c.name +
                                     "' should not specify aggregate type.");
    }
  }
  // Partitions.
  for (const auto& pc : def.partition_columns) {
    if (!has_column(pc)) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Partition column '" + pc +
                                     "' does not exist.");
    }
    auto f = ColumnValues::FamilyOf(ColumnTypeOf(def, pc));
    if (f != ColumnValues::Family::kInteger && f != ColumnValues::Family::kDate &&
        f != ColumnValues::Family::kDatetime) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Partition column '" + pc +
                                     "' must be an integer, DATE or DATETIME column.");
    }
  }
  std::set<std::string> part_names;
  for (size_t i = 0; i < def.partitions.size(); ++i) {
    auto& p = def.partitions[i];
    if (!part_names.insert(p.name).second) {
      return Status(StatusCode::kAlreadyExists, "Duplicate partition name " + p.name, 1517);
    }
    RETURN_IF_ERROR(NormalizeUpperBound(def, &p));
    if (i > 0 && CompareBounds(def, def.partitions[i - 1].upper_bound, p.upper_bound) >= 0) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Range of partition '" + p.name +
                                     "' is intersected with the previous one; upper bounds must increase.");
    }
  }
  if (!def.partition_columns.empty() && def.partitions.empty()) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: A RANGE partitioned table needs at "
                                   "least one partition.");
  }
  // Distribution.
  if (def.distribution_columns.empty()) def.distribution_columns.push_back(def.key_columns.front());
  for (const auto& dc : def.distribution_columns) {
    if (!has_column(dc)) {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Distribution column '" + dc +
                                     "' does not exist.");
    }
  }
  if (def.buckets <= 0 || def.buckets > 1024) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: BUCKETS must be between 1 and 1024.");
  }
  // Properties.
  for (const auto& [k, v] : def.properties) {
    if (k != "replication_num" && k != "comment" && k != "storage_medium" && k != "in_memory") {
      return Status::InvalidArgument("Getting analyzing error. Detail message: Unknown properties: {" + k + "=" + v +
                                     "}.");
    }
  }
  std::string rn = def.properties.count("replication_num") ? def.properties["replication_num"] : "";
  if (rn.empty()) {
    int64_t d = deps_.config ? deps_.config->GetInt("default_replication_num") : 0;
    rn = std::to_string(d > 0 ? d : 3);
  }
  if (!AllDigits(rn) || rn.size() > 2 || std::stoi(rn) < 1) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: replication_num must be a positive "
                                   "integer, got '" + rn + "'.");
  }
  def.properties["replication_num"] = rn;

  ASSIGN_OR_RETURN(auto lock, LockDb(db.id, true));
  if (deps_.catalog->FindTable(db.id, def.name)) {
    if (st.if_not_exists) return QueryResult::Ok();
    return Status(StatusCode::kAlreadyExists, "Table '" + def.name + "' already exists", 1050);
  }
  fe_backup::TableInfo table;
  table.name = def.name;
  table.definition = def;
  ASSIGN_OR_RETURN(table.id, deps_.meta->NextId());
  ASSIGN_OR_RETURN(int64_t index_id, deps_.meta->NextId());
  auto schema_hash = static_cast<int32_t>((static_cast<uint64_t>(table.id) * 2654435761ULL) & 0x7fffffff);
  std::vector<std::string> pnames;
  if (def.partition_columns.empty()) {
    pnames.push_back(def.name);
  } else {
    for (const auto& p : def.partitions) pnames.push_back(p.name);
  }
  ASSIGN_OR_RETURN(table.partitions, BuildPartitions(db.id, table.id, def, pnames, schema_hash, index_id));
  Status created = CreateOnBackends(db.id, table.id, def, table.partitions);
  if (!created.ok()) {
    DropOnBackends(db.id, table.id, def, table.partitions);
    return created;
  }
  RETURN_IF_ERROR(deps_.catalog->CreateTable(db.id, table));
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::DropTable(Session& s, const DropTableStmt& st) {
  ASSIGN_OR_RETURN(auto db, ResolveDb(s, st.name.db));
  auto table = deps_.catalog->FindTable(db.id, st.name.table);
  if (!table) {
    if (st.if_exists) return QueryResult::Ok();
    return Unknown("Unknown table '" + st.name.table + "'");
  }
  RETURN_IF_ERROR(RequireTable(s, "DROP", db.name, table->name));
  {
    ASSIGN_OR_RETURN(auto lock, LockDb(db.id, true));
    RETURN_IF_ERROR(deps_.catalog->DropTable(db.id, table->id));
  }
  DropOnBackends(db.id, table->id, table->definition, table->partitions);
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::TruncateTable(Session& s, const TruncateTableStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, st.name));
  auto& [db, table] = dt;
  RETURN_IF_ERROR(RequireTable(s, "DELETE", db.name, table.name));
  ASSIGN_OR_RETURN(auto lock, LockDb(db.id, true));
  auto fresh = deps_.catalog->FindTableById(db.id, table.id);
  if (!fresh) return Unknown("Unknown table '" + table.name + "'");
  std::vector<std::string> names;
  for (const auto& p : fresh->partitions) names.push_back(p.name);
  const auto& base = fresh->partitions.front().indexes.front();
  ASSIGN_OR_RETURN(auto parts, BuildPartitions(db.id, fresh->id, fresh->definition, names, base.schema_hash, base.id));
  Status created = CreateOnBackends(db.id, fresh->id, fresh->definition, parts);
  if (!created.ok()) {
    DropOnBackends(db.id, fresh->id, fresh->definition, parts);
    return created;
  }
  RETURN_IF_ERROR(deps_.catalog->ReplacePartitions(db.id, fresh->id, parts));
  DropOnBackends(db.id, fresh->id, fresh->definition, fresh->partitions);
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::AddPartition(Session& s, const AddPartitionStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, st.name));
  auto& [db, table] = dt;
  RETURN_IF_ERROR(RequireTable(s, "ALTER", db.name, table.name));
  ASSIGN_OR_RETURN(auto lock, LockDb(db.id, true));
  auto fresh = deps_.catalog->FindTableById(db.id, table.id);
  if (!fresh) return Unknown("Unknown table '" + table.name + "'");
  const auto& def = fresh->definition;
  if (def.partition_columns.empty()) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: Table '" + table.name +
                                   "' is not partitioned.");
  }
  fe_backup::RangePartitionDefinition range = st.partition;
  for (const auto& p : def.partitions) {
    if (p.name == range.name) {
      if (st.if_not_exists) return QueryResult::Ok();
      return Status(StatusCode::kAlreadyExists, "Duplicate partition name " + range.name, 1517);
    }
  }
  RETURN_IF_ERROR(NormalizeUpperBound(def, &range));
  if (!def.partitions.empty() && CompareBounds(def, def.partitions.back().upper_bound, range.upper_bound) >= 0) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: Range of partition '" + range.name +
                                   "' is intersected with an existing partition; a new partition must lie above "
                                   "the last one.");
  }
  const auto& base = fresh->partitions.front().indexes.front();
  ASSIGN_OR_RETURN(auto parts, BuildPartitions(db.id, fresh->id, def, {range.name}, base.schema_hash, base.id));
  Status created = CreateOnBackends(db.id, fresh->id, def, parts);
  if (!created.ok()) {
    DropOnBackends(db.id, fresh->id, def, parts);
    return created;
  }
  RETURN_IF_ERROR(deps_.catalog->AddPartition(db.id, fresh->id, range, parts.front()));
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::DropPartition(Session& s, const DropPartitionStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, st.name));
  auto& [db, table] = dt;
  RETURN_IF_ERROR(RequireTable(s, "ALTER", db.name, table.name));
  ASSIGN_OR_RETURN(auto lock, LockDb(db.id, true));
  auto fresh = deps_.catalog->FindTableById(db.id, table.id);
  if (!fresh) return Unknown("Unknown table '" + table.name + "'");
  auto it = std::find_if(fresh->partitions.begin(), fresh->partitions.end(),
                         [&](const auto& p) { return p.name == st.partition; });
  if (it == fresh->partitions.end() || fresh->definition.partition_columns.empty()) {
    if (st.if_exists) return QueryResult::Ok();
    return Status(StatusCode::kNotFound, "Error in list of partitions to " + st.partition, 1507);
  }
  if (fresh->partitions.size() == 1) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: Cannot drop the last partition '" +
                                   st.partition + "' of table '" + table.name + "'.");
  }
  fe_backup::PartitionInfo dropped = *it;
  RETURN_IF_ERROR(deps_.catalog->DropPartition(db.id, fresh->id, st.partition));
  DropOnBackends(db.id, fresh->id, fresh->definition, {dropped});
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::ShowCreateTable(Session& s, const ShowCreateTableStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, st.name));
  auto& [db, table] = dt;
  if (!deps_.auth->HasAnyOnTable(s.user, s.host, db.name, table.name)) {
    return AuthManager::Denied("ANY", "TABLE " + table.name, RolesOf(s));
  }
  return QueryResult::Strings({"Table", "Create Table"}, {{table.name, ShowCreateText(table.definition)}});
}

Result<QueryResult> StatementExecutor::ShowPartitions(Session& s, const ShowPartitionsStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, st.name));
  auto& [db, table] = dt;
  if (!deps_.auth->HasAnyOnTable(s.user, s.host, db.name, table.name)) {
    return AuthManager::Denied("ANY", "TABLE " + table.name, RolesOf(s));
  }
  const auto& def = table.definition;
  std::string key_cols;
  for (const auto& c : def.partition_columns) key_cols += (key_cols.empty() ? "" : ", ") + c;
  std::string dist_cols;
  for (const auto& c : def.distribution_columns) dist_cols += (dist_cols.empty() ? "" : ", ") + c;
  auto bound_text = [&](const std::vector<std::string>& values) {
    std::string types, keys;
    for (size_t i = 0; i < values.size(); ++i) {
      std::string type = ColumnTypeOf(def, def.partition_columns[i]);
      types += (i ? ", " : "") + type;
      keys += (i ? ", " : "") + values[i];
    }
    return "types: [" + types + "]; keys: [" + keys + "]; ";
  };
  std::vector<Row> rows;
  std::vector<std::string> lower;
  for (const auto& c : def.partition_columns) lower.push_back(ColumnValues::MinValue(ColumnTypeOf(def, c)));
  for (size_t i = 0; i < table.partitions.size(); ++i) {
    const auto& p = table.partitions[i];
    std::string range;
    if (!def.partition_columns.empty()) {
      const fe_backup::RangePartitionDefinition* rp = nullptr;
      for (const auto& d : def.partitions) {
        if (d.name == p.name) rp = &d;
      }
      if (rp) {
        range = "[" + bound_text(lower) + ".." + bound_text(rp->upper_bound) + ")";
        lower = rp->upper_bound;
      }
    }
    rows.push_back({std::to_string(p.id), p.name, std::to_string(p.visible_version), FormatShowTime(0), "0", "NORMAL",
                    key_cols, range, dist_cols, std::to_string(def.buckets), def.properties.at("replication_num"),
                    "HDD", "9999-12-31 23:59:59", "NULL", "0B", "false", "0"});
  }
  return QueryResult::Strings({"PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime",
                               "VisibleVersionHash", "State", "PartitionKey", "Range", "DistributionKey", "Buckets",
                               "ReplicationNum", "StorageMedium", "CooldownTime", "LastConsistencyCheckTime",
                               "DataSize", "IsInMemory", "RowCount"},
                              std::move(rows));
}

Result<QueryResult> StatementExecutor::ShowTablet(Session& s, const ShowTabletStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, st.name));
  auto& [db, table] = dt;
  RETURN_IF_ERROR(Require(s, "OPERATE", GrantTarget{}, "SYSTEM"));
  std::vector<Row> rows;
  for (const auto& p : table.partitions) {
    for (const auto& idx : p.indexes) {
      for (const auto& t : idx.tablets) {
        for (const auto& r : t.replicas) {
          auto be = deps_.backends->Find(r.backend_id);
          std::string meta = be ? "http://" + be->host + ":" + std::to_string(be->http_port) + "/api/meta/header/" +
                                      std::to_string(t.id)
                                : "N/A";
          std::string compaction = be ? "http://" + be->host + ":" + std::to_string(be->http_port) +
                                            "/api/compaction/show?tablet_id=" + std::to_string(t.id)
                                      : "N/A";
          rows.push_back({std::to_string(t.id), std::to_string(r.id), std::to_string(r.backend_id),
                          std::to_string(idx.schema_hash), std::to_string(r.version), "0", std::to_string(r.version),
                          "0", std::to_string(r.last_failed_version), "0", "NULL", "0B", "0",
                          r.bad ? "BAD" : "NORMAL", "NULL", "-1", "0", "1", "0", meta, compaction});
        }
      }
    }
  }
  return QueryResult::Strings({"TabletId", "ReplicaId", "BackendId", "SchemaHash", "Version", "VersionHash",
                               "LstSuccessVersion", "LstSuccessVersionHash", "LstFailedVersion",
                               "LstFailedVersionHash", "LstFailedTime", "DataSize", "RowCount", "State",
                               "LstConsistencyCheckTime", "CheckVersion", "CheckVersionHash", "VersionCount",
                               "PathHash", "MetaUrl", "CompactionStatus"},
                              std::move(rows));
}

// ---------------------------------------------------------------------------------------------
// data

Result<QueryResult> StatementExecutor::Insert(Session& s, const InsertStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, st.name));
  auto& [db, table_snapshot] = dt;
  RETURN_IF_ERROR(RequireTable(s, "INSERT", db.name, table_snapshot.name));
  if (!deps_.data) return Status::Unavailable("no backend data service is configured in this frontend");
  ASSIGN_OR_RETURN(auto lock, LockDb(db.id, true));
  auto fresh = deps_.catalog->FindTableById(db.id, table_snapshot.id);
  if (!fresh) return Unknown("Unknown table '" + table_snapshot.name + "'");
  const auto& table = *fresh;
  const auto& def = table.definition;
  // Column order of the VALUES rows.
  std::vector<int> positions;
  if (st.columns.empty()) {
    for (size_t i = 0; i < def.columns.size(); ++i) positions.push_back(static_cast<int>(i));
  } else {
    for (const auto& c : st.columns) {
      auto it = std::find_if(def.columns.begin(), def.columns.end(), [&](const auto& col) { return col.name == c; });
      if (it == def.columns.end()) {
        return Status(StatusCode::kNotFound, "Unknown column '" + c + "' in '" + table.name + "'", 1054);
      }
      positions.push_back(static_cast<int>(it - def.columns.begin()));
    }
  }
  // Normalize every row.
  std::vector<DataRow> rows;
  for (const auto& values : st.rows) {
    if (values.size() != positions.size()) {
      return Status(StatusCode::kInvalidArgument, "Column count doesn't match value count", 1136);
    }
    DataRow row(def.columns.size());
    std::vector<bool> set(def.columns.size(), false);
    for (size_t i = 0; i < values.size(); ++i) {
      const auto& col = def.columns[positions[i]];
      ASSIGN_OR_RETURN(row[positions[i]], ColumnValues::Normalize(col.name, col.type, col.nullable, values[i]));
      set[positions[i]] = true;
    }
    for (size_t i = 0; i < def.columns.size(); ++i) {
      if (set[i]) continue;
      const auto& col = def.columns[i];
      if (col.default_value) {
        row[i] = col.default_value;
      } else if (!col.nullable) {
        return Status::InvalidArgument("Column '" + col.name + "' has no default value and is NOT NULL");
      }
    }
    rows.push_back(std::move(row));
  }
  // Route: partition by range, bucket by hash.
  auto column_index = [&](const std::string& name) {
    for (size_t i = 0; i < def.columns.size(); ++i) {
      if (def.columns[i].name == name) return i;
    }
    return size_t{0};
  };
  std::map<size_t, std::map<int32_t, std::vector<DataRow>>> routed;  // partition index -> bucket -> rows
  for (auto& row : rows) {
    size_t part = 0;
    if (!def.partition_columns.empty()) {
      std::vector<std::string> key;
      for (const auto& pc : def.partition_columns) {
        const auto& v = row[column_index(pc)];
        if (!v) return Status::InvalidArgument("Partition column '" + pc + "' cannot be NULL");
        key.push_back(*v);
      }
      bool found = false;
      for (size_t i = 0; i < table.partitions.size() && !found; ++i) {
        for (const auto& d : def.partitions) {
          if (d.name == table.partitions[i].name && CompareBounds(def, key, d.upper_bound) < 0) {
            part = i;
            found = true;
            break;
          }
        }
      }
      if (!found) {
        std::string k;
        for (const auto& x : key) k += (k.empty() ? "" : ", ") + x;
        return Status::InvalidArgument("Insert has filtered data in strict mode: no partition of table '" +
                                       table.name + "' holds the value (" + k + ")");
      }
    }
    std::vector<std::optional<std::string>> dist;
    for (const auto& dc : def.distribution_columns) dist.push_back(row[column_index(dc)]);
    routed[part][ColumnValues::Bucket(dist, def.buckets)].push_back(std::move(row));
  }
  // Every replica must take the write; refuse before writing anything if one is known down.
  for (const auto& [part_index, buckets] : routed) {
    for (const auto& idx : table.partitions[part_index].indexes) {
      for (const auto& t : idx.tablets) {
        for (const auto& r : t.replicas) {
          auto be = deps_.backends->Find(r.backend_id);
          if (!be || !be->alive) {
            return Status::Unavailable("backend " + std::to_string(r.backend_id) + " holding a replica of tablet " +
                                       std::to_string(t.id) + " is not alive; nothing was written");
          }
        }
      }
    }
  }
  // Write every tablet of every touched partition at visible + 1, on every replica.
  for (const auto& [part_index, buckets] : routed) {
    const auto& p = table.partitions[part_index];
    int64_t version = p.visible_version + 1;
    std::map<int64_t, int64_t> replica_versions;
    for (const auto& idx : p.indexes) {
      for (size_t b = 0; b < idx.tablets.size(); ++b) {
        const auto& t = idx.tablets[b];
        static const std::vector<DataRow> kNone;
        auto it = buckets.find(static_cast<int32_t>(b));
        const auto& tablet_rows = it == buckets.end() ? kNone : it->second;
        for (const auto& r : t.replicas) {
          auto be = deps_.backends->Find(r.backend_id);
          if (!be) return Status::Unavailable("backend " + std::to_string(r.backend_id) + " is gone");
          Status w = deps_.data->WriteRows(*be, SpecOf(db.id, table.id, def, p, idx, t), version, tablet_rows);
          if (!w.ok()) {
            return Status::Unavailable("write to tablet " + std::to_string(t.id) + " on backend " +
                                       std::to_string(r.backend_id) + " failed: " + w.message() +
                                       "; partition '" + p.name + "' stays at version " +
                                       std::to_string(p.visible_version));
          }
          replica_versions[r.id] = version;
        }
      }
    }
    RETURN_IF_ERROR(deps_.catalog->UpdateVersions(db.id, table.id, p.id, version, replica_versions));
  }
  return QueryResult::Ok(rows.size());
}

Result<std::vector<DataRow>> StatementExecutor::ScanTable(int64_t db_id, const fe_backup::TableInfo& table) {
  if (!deps_.data) return Status::Unavailable("no backend data service is configured in this frontend");
  std::vector<DataRow> out;
  for (const auto& p : table.partitions) {
    for (const auto& idx : p.indexes) {
      for (const auto& t : idx.tablets) {
        Status last = Status::Unavailable("no alive replica of tablet " + std::to_string(t.id) + " has version " +
                                          std::to_string(p.visible_version));
        bool done = false;
        for (const auto& r : t.replicas) {
          if (r.bad || r.version < p.visible_version) continue;
          auto be = deps_.backends->Find(r.backend_id);
          if (!be || !be->alive) continue;
          auto rows = deps_.data->ScanRows(*be, SpecOf(db_id, table.id, table.definition, p, idx, t), p.visible_version);
          if (!rows.ok()) {
            last = rows.status();
            continue;
          }
          for (auto& row : *rows) out.push_back(std::move(row));
          done = true;
          break;
        }
        if (!done) return last;
      }
    }
  }
  return out;
}

Result<QueryResult> StatementExecutor::Select(Session& s, const SelectStmt& st) {
  if (!st.from) return SelectConstants(s, st);
  ASSIGN_OR_RETURN(auto dt, ResolveTable(s, *st.from));
  auto& [db, table_snapshot] = dt;
  RETURN_IF_ERROR(RequireTable(s, "SELECT", db.name, table_snapshot.name));
  ASSIGN_OR_RETURN(auto lock, LockDb(db.id, false));
  auto fresh = deps_.catalog->FindTableById(db.id, table_snapshot.id);
  if (!fresh) return Unknown("Unknown table '" + table_snapshot.name + "'");
  const auto& def = fresh->definition;
  auto column_index = [&](const std::string& name) -> Result<size_t> {
    for (size_t i = 0; i < def.columns.size(); ++i) {
      if (Lower(def.columns[i].name) == Lower(name)) return i;
    }
    return Status(StatusCode::kNotFound, "Unknown column '" + name + "' in 'field list'", 1054);
  };
  bool count_only = std::all_of(st.items.begin(), st.items.end(),
                                [](const auto& i) { return i.kind == SelectItem::Kind::kCountStar; });
  ASSIGN_OR_RETURN(auto rows, ScanTable(db.id, *fresh));
  lock.reset();
  if (count_only) {
    QueryResult r;
    r.has_result_set = true;
    Row row;
    for (const auto& item : st.items) {
      r.columns.push_back(ColumnMeta{item.label, MysqlType::kLongLong, db.name, fresh->name});
      row.push_back(std::to_string(rows.size()));
    }
    r.rows.push_back(std::move(row));
    return r;
  }
  // Projection.
  QueryResult r;
  r.has_result_set = true;
  std::vector<std::pair<int, std::optional<std::string>>> proj;  // column index or constant (-1)
  for (const auto& item : st.items) {
    switch (item.kind) {
      case SelectItem::Kind::kStar:
        for (size_t i = 0; i < def.columns.size(); ++i) {
          auto f = ColumnValues::FamilyOf(def.columns[i].type);
          r.columns.push_back(ColumnMeta{def.columns[i].name,
                                         f == ColumnValues::Family::kInteger ? MysqlType::kLongLong : MysqlType::kVarString,
                                         db.name, fresh->name});
          proj.emplace_back(static_cast<int>(i), std::nullopt);
        }
        break;
      case SelectItem::Kind::kColumn: {
        ASSIGN_OR_RETURN(size_t i, column_index(item.name));
        auto f = ColumnValues::FamilyOf(def.columns[i].type);
        r.columns.push_back(ColumnMeta{item.label,
                                       f == ColumnValues::Family::kInteger ? MysqlType::kLongLong : MysqlType::kVarString,
                                       db.name, fresh->name});
        proj.emplace_back(static_cast<int>(i), std::nullopt);
        break;
      }
      case SelectItem::Kind::kLiteral:
        r.columns.push_back(ColumnMeta{item.label, MysqlType::kVarString, "", ""});
        proj.emplace_back(-1, item.literal.kind == Literal::Kind::kNull ? std::nullopt
                                                                        : std::optional<std::string>(item.literal.text));
        break;
      default:
        return Status::NotSupported("only columns, * and literals may be selected together with rows of a table");
    }
  }
  for (const auto& o : st.order_by) {
    ASSIGN_OR_RETURN(size_t i, column_index(o.column));
    (void)i;
  }
  if (!st.order_by.empty()) {
    std::vector<std::pair<size_t, bool>> keys;
    for (const auto& o : st.order_by) keys.emplace_back(*column_index(o.column), o.descending);
    std::stable_sort(rows.begin(), rows.end(), [&](const DataRow& a, const DataRow& b) {
      for (const auto& [i, desc] : keys) {
        int c = ColumnValues::Compare(def.columns[i].type, a[i], b[i]);
        if (c != 0) return desc ? c > 0 : c < 0;
      }
      return false;
    });
  }
  size_t limit = st.limit ? static_cast<size_t>(*st.limit) : rows.size();
  for (size_t n = 0; n < rows.size() && n < limit; ++n) {
    Row out;
    for (const auto& [i, constant] : proj) out.push_back(i >= 0 ? rows[n][static_cast<size_t>(i)] : constant);
    r.rows.push_back(std::move(out));
  }
  return r;
}

Result<QueryResult> StatementExecutor::SelectConstants(Session& s, const SelectStmt& st) {
  QueryResult r;
  r.has_result_set = true;
  Row row;
  for (const auto& item : st.items) {
    switch (item.kind) {
      case SelectItem::Kind::kLiteral: {
        MysqlType t = item.literal.kind == Literal::Kind::kInteger || item.literal.kind == Literal::Kind::kBoolean
                          ? MysqlType::kLongLong
                          : item.literal.kind == Literal::Kind::kNull ? MysqlType::kNull : MysqlType::kVarString;
        if (item.literal.kind == Literal::Kind::kDecimal) t = MysqlType::kDouble;
        r.columns.push_back(ColumnMeta{item.label, t, "", ""});
        row.push_back(item.literal.kind == Literal::Kind::kNull ? std::nullopt
                                                                : std::optional<std::string>(item.literal.text));
        break;
      }
      case SelectItem::Kind::kVariable: {
        bool found = false;
        std::string v = Variable(s, item.name, &found);
        if (!found) return Status(StatusCode::kNotFound, "Unknown system variable '" + item.name + "'", 1193);
        r.columns.push_back(ColumnMeta{item.label, AllDigits(v) ? MysqlType::kLongLong : MysqlType::kVarString, "", ""});
        row.push_back(v);
        break;
      }
      case SelectItem::Kind::kFunction: {
        std::optional<std::string> v;
        MysqlType t = MysqlType::kVarString;
        if (item.name == "DATABASE" || item.name == "SCHEMA") {
          if (!s.current_db.empty()) v = s.current_db;
        } else if (item.name == "VERSION") {
          bool found = false;
          v = Variable(s, "version", &found);
        } else if (item.name == "USER" || item.name == "CURRENT_USER" || item.name == "SESSION_USER") {
          v = "'" + s.user + "'@'" + (item.name == "USER" ? s.remote_host : s.host) + "'";
        } else if (item.name == "CONNECTION_ID") {
          v = std::to_string(s.connection_id);
          t = MysqlType::kLongLong;
        } else if (item.name == "LAST_INSERT_ID") {
          v = "0";
          t = MysqlType::kLongLong;
        } else if (item.name == "NOW" || item.name == "CURRENT_TIMESTAMP") {
          v = FormatShowTime(NowMs());
          t = MysqlType::kDatetime;
        } else {
          return Status::InvalidArgument("Getting analyzing error. Detail message: No matching function with "
                                         "signature: " + Lower(item.name) + "().");
        }
        r.columns.push_back(ColumnMeta{item.label, t, "", ""});
        row.push_back(v);
        break;
      }
      case SelectItem::Kind::kCountStar:
        r.columns.push_back(ColumnMeta{item.label, MysqlType::kLongLong, "", ""});
        row.push_back("1");
        break;
      case SelectItem::Kind::kStar:
        return Status(StatusCode::kInvalidArgument, "No tables used", 1096);
      case SelectItem::Kind::kColumn:
        return Status(StatusCode::kNotFound, "Unknown column '" + item.name + "' in 'field list'", 1054);
    }
  }
  if (!st.limit || *st.limit > 0) r.rows.push_back(std::move(row));
  return r;
}

Result<QueryResult> StatementExecutor::Checksum(Session& s, const ChecksumTableStmt& st) {
  std::vector<Row> rows;
  for (const auto& name : st.tables) {
    ASSIGN_OR_RETURN(auto dt, ResolveTable(s, name));
    auto& [db, table_snapshot] = dt;
    RETURN_IF_ERROR(RequireTable(s, "SELECT", db.name, table_snapshot.name));
    if (!deps_.data) return Status::Unavailable("no backend data service is configured in this frontend");
    ASSIGN_OR_RETURN(auto lock, LockDb(db.id, false));
    auto table = deps_.catalog->FindTableById(db.id, table_snapshot.id);
    if (!table) return Unknown("Unknown table '" + table_snapshot.name + "'");
    uint64_t sum = 0;
    for (const auto& p : table->partitions) {
      for (const auto& idx : p.indexes) {
        for (const auto& t : idx.tablets) {
          std::optional<uint64_t> tablet_sum;
          Status last = Status::Unavailable("no alive replica of tablet " + std::to_string(t.id));
          for (const auto& r : t.replicas) {
            if (r.bad || r.version < p.visible_version) continue;
            auto be = deps_.backends->Find(r.backend_id);
            if (!be || !be->alive) continue;
            auto c = deps_.data->Checksum(*be, SpecOf(db.id, table->id, table->definition, p, idx, t), p.visible_version);
            if (!c.ok()) {
              last = c.status();
              continue;
            }
            tablet_sum = *c;
            break;
          }
          if (!tablet_sum) return last;
          sum += *tablet_sum;
        }
      }
    }
    rows.push_back({db.name + "." + table->name, std::to_string(sum & 0xffffffffffffULL)});
  }
  QueryResult r = QueryResult::Strings({"Table", "Checksum"}, std::move(rows));
  r.columns[1].type = MysqlType::kLongLong;
  return r;
}

// ---------------------------------------------------------------------------------------------
// backends, grants, variables

Result<QueryResult> StatementExecutor::AddBackend(Session& s, const AddBackendStmt& st) {
  RETURN_IF_ERROR(Require(s, "NODE", GrantTarget{}, "SYSTEM"));
  for (const auto& a : st.addresses) RETURN_IF_ERROR(BackendRegistry::ParseAddress(a).status());
  for (const auto& a : st.addresses) {
    ASSIGN_OR_RETURN(int64_t id, deps_.backends->Add(a));
    LOG(INFO) << "added backend " << id << " at " << a;
  }
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::DropBackend(Session& s, const DropBackendStmt& st) {
  RETURN_IF_ERROR(Require(s, "NODE", GrantTarget{}, "SYSTEM"));
  for (const auto& a : st.addresses) RETURN_IF_ERROR(deps_.backends->Drop(a));
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::ShowBackends(Session& s) {
  if (!deps_.auth->Has(s.user, s.host, "NODE", GrantTarget{}) &&
      !deps_.auth->Has(s.user, s.host, "OPERATE", GrantTarget{})) {
    return AuthManager::Denied("NODE/OPERATE", "SYSTEM", RolesOf(s));
  }
  std::vector<Row> rows;
  for (const auto& b : deps_.backends->Entries()) {
    rows.push_back({std::to_string(b.info.id), b.info.host, std::to_string(b.heartbeat_port),
                    std::to_string(b.info.be_port), std::to_string(b.info.http_port), std::to_string(b.info.brpc_port),
                    FormatShowTime(b.last_start_time_ms), FormatShowTime(b.last_heartbeat_ms), b.info.alive ? "true" : "false",
                    "false", "false", std::to_string(deps_.catalog->CountTabletsOnBackend(b.info.id)), "0.000 B",
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

Result<QueryResult> StatementExecutor::Grant(Session& s, const GrantPrivilegeStmt& st) {
  RETURN_IF_ERROR(Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  GrantTarget target;
  switch (st.object.kind) {
    case GrantObject::Kind::kSystem: target.kind = GrantTarget::Kind::kSystem; break;
    case GrantObject::Kind::kDatabase: {
      ASSIGN_OR_RETURN(auto db, ResolveDb(s, st.object.db));
      target = GrantTarget{GrantTarget::Kind::kDatabase, db.name, ""};
      break;
    }
    case GrantObject::Kind::kAllTablesInDatabase: {
      ASSIGN_OR_RETURN(auto db, ResolveDb(s, st.object.db));
      target = GrantTarget{GrantTarget::Kind::kAllTablesInDatabase, db.name, ""};
      break;
    }
    case GrantObject::Kind::kTable: {
      ASSIGN_OR_RETURN(auto dt, ResolveTable(s, TableName{st.object.db, st.object.table}));
      target = GrantTarget{GrantTarget::Kind::kTable, dt.first.name, dt.second.name};
      break;
    }
  }
  RETURN_IF_ERROR(deps_.auth->Grant(st.privileges, target, st.user.user, st.user.host, st.revoke));
  return QueryResult::Ok();
}

Result<QueryResult> StatementExecutor::ShowGrants(Session& s, const ShowGrantsStmt& st) {
  UserIdentity who = st.user.value_or(UserIdentity{s.user, s.host});
  if (who.user != s.user || who.host != s.host) RETURN_IF_ERROR(Require(s, "GRANT", GrantTarget{}, "SYSTEM"));
  if (!deps_.auth->UserExists(who.user, who.host)) {
    return Status(StatusCode::kNotFound, "Operation failed for user '" + who.user + "'@'" + who.host +
                                             "': user does not exist", 1396);
  }
  return QueryResult::Strings({"UserIdentity", "Catalog", "Grants"}, deps_.auth->ShowGrants(who.user, who.host));
}

Result<QueryResult> StatementExecutor::ShowVariables(Session& s, const ShowVariablesStmt& st) {
  std::map<std::string, std::string> all = DefaultVariables();
  if (deps_.config) {
    all["max_allowed_packet"] = deps_.config->GetString("max_allowed_packet");
    all["wait_timeout"] = deps_.config->GetString("wait_timeout");
  }
  for (const auto& [k, v] : s.variables) all[k] = v;
  std::vector<Row> rows;
  for (const auto& [k, v] : all) {
    if (!st.like || SqlLike(k, *st.like)) rows.push_back({k, v});
  }
  return QueryResult::Strings({"Variable_name", "Value"}, std::move(rows));
}

Result<QueryResult> StatementExecutor::Set(Session& s, const SetStmt& st) {
  std::function<std::string(const SetValue&)> eval = [&](const SetValue& v) -> std::string {
    switch (v.kind) {
      case SetValue::Kind::kText: return v.text;
      case SetValue::Kind::kNull: return "";
      case SetValue::Kind::kVariable: {
        bool found = false;
        return Variable(s, v.text, &found);
      }
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
    // Unknown names are kept too: drivers set variables StarRocks ignores.
    std::string v = value;
    if (name == "autocommit") v = (Lower(value) == "on" || Lower(value) == "true" || value == "1") ? "1" : "0";
    s.variables[name] = v;
  }
  return QueryResult::Ok();
}

}  // namespace feb::frontend
