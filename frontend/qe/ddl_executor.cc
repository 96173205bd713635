#include "frontend/qe/ddl_executor.h"

#include <algorithm>
#include <set>

#include "common/time/time_format.h"
#include "frontend/qe/ascii.h"
#include "frontend/qe/column_values.h"

namespace feb::frontend {

namespace {

std::string Quote(const std::string& name) { return "`" + name + "`"; }

std::string JoinQuoted(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + Quote(n);
  return out;
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
    auto v = ColumnValues::Normalize(col, ColumnValues::TypeOf(def, col), false,
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
    sql += "  " + Quote(c.name) + " " + AsciiLower(c.type);
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

}  // namespace

Result<QueryResult> DdlExecutor::CreateDatabase(Session& s, const CreateDatabaseStmt& st) {
  RETURN_IF_ERROR(ctx_->Require(s, "CREATE DATABASE", GrantTarget{}, "SYSTEM"));
  ASSIGN_OR_RETURN(int64_t id, ctx_->deps().catalog->CreateDatabase(st.name, st.if_not_exists));
  (void)id;
  return QueryResult::Ok();
}

Result<QueryResult> DdlExecutor::DropDatabase(Session& s, const DropDatabaseStmt& st) {
  auto db = ctx_->deps().catalog->FindDatabase(st.name);
  if (db) {
    RETURN_IF_ERROR(ctx_->Require(s, "DROP", GrantTarget{GrantTarget::Kind::kDatabase, st.name, ""}, "DATABASE " + st.name));
  }
  std::vector<fe_backup::TableInfo> tables;
  if (db) {
    for (const auto& name : ctx_->deps().catalog->ListTables(db->id)) {
      if (auto t = ctx_->deps().catalog->FindTable(db->id, name)) tables.push_back(*t);
    }
  }
  RETURN_IF_ERROR(ctx_->deps().catalog->DropDatabase(st.name, st.if_exists));
  for (const auto& t : tables) creator_->DropOnBackends(db->id, t.id, t.definition, t.partitions);
  if (s.current_db == st.name) s.current_db.clear();
  return QueryResult::Ok();
}

Result<QueryResult> DdlExecutor::ShowDatabases(Session& s) {
  std::vector<Row> rows;
  for (const auto& db : ctx_->deps().catalog->ListDatabases()) rows.push_back({db.name});
  std::sort(rows.begin(), rows.end());
  return QueryResult::Strings({"Database"}, std::move(rows));
}

Result<QueryResult> DdlExecutor::ShowTables(Session& s, const ShowTablesStmt& st) {
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.db));
  std::vector<Row> rows;
  for (const auto& t : ctx_->deps().catalog->ListTables(db.id)) {
    rows.push_back(st.full ? Row{t, "BASE TABLE"} : Row{t});
  }
  for (const auto& v : ctx_->deps().catalog->ListViews(db.id)) {
    rows.push_back(st.full ? Row{v.name, "VIEW"} : Row{v.name});
  }
  std::sort(rows.begin(), rows.end());
  if (st.full) return QueryResult::Strings({"Tables_in_" + db.name, "Table_type"}, std::move(rows));
  return QueryResult::Strings({"Tables_in_" + db.name}, std::move(rows));
}

Result<fe_backup::TableDefinition> DdlExecutor::CheckDefinition(const CreateTableStmt& st) const {
  fe_backup::TableDefinition def = st.definition;
  // Columns.
  std::set<std::string> names;
  for (auto& c : def.columns) {
    std::string lower = AsciiLower(c.name);
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
    auto f = ColumnValues::FamilyOf(ColumnValues::TypeOf(def, pc));
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
    if (i > 0 && ColumnValues::CompareBounds(def, def.partitions[i - 1].upper_bound, p.upper_bound) >= 0) {
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
    int64_t d = ctx_->deps().config ? ctx_->deps().config->GetInt("default_replication_num") : 0;
    rn = std::to_string(d > 0 ? d : 3);
  }
  if (!AllDigits(rn) || rn.size() > 2 || std::stoi(rn) < 1) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: replication_num must be a positive "
                                   "integer, got '" + rn + "'.");
  }
  def.properties["replication_num"] = rn;
  return def;
}

Result<QueryResult> DdlExecutor::CreateTable(Session& s, const CreateTableStmt& st) {
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.name.db));
  RETURN_IF_ERROR(ctx_->Require(s, "CREATE TABLE", GrantTarget{GrantTarget::Kind::kDatabase, db.name, ""},
                                "DATABASE " + db.name));
  ASSIGN_OR_RETURN(auto def, CheckDefinition(st));
  ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, true));
  // A RESTORE stage of a new table holds its name as a table does.
  if (ctx_->deps().catalog->TableNameTaken(db.id, def.name)) {
    if (st.if_not_exists) return QueryResult::Ok();
    return Status(StatusCode::kAlreadyExists, "Table '" + def.name + "' already exists", 1050);
  }
  ASSIGN_OR_RETURN(auto table, creator_->CreateTable(db.id, def));
  RETURN_IF_ERROR(ctx_->deps().catalog->CreateTable(db.id, table));
  return QueryResult::Ok();
}

Result<QueryResult> DdlExecutor::DropTable(Session& s, const DropTableStmt& st) {
  ASSIGN_OR_RETURN(auto db, ctx_->ResolveDb(s, st.name.db));
  auto table = ctx_->deps().catalog->FindTable(db.id, st.name.table);
  if (!table) {
    if (st.if_exists) return QueryResult::Ok();
    return ExecutorContext::UnknownTable("Unknown table '" + st.name.table + "'");
  }
  RETURN_IF_ERROR(ctx_->RequireTable(s, "DROP", db.name, table->name));
  {
    ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, true));
    RETURN_IF_ERROR(ctx_->deps().catalog->DropTable(db.id, table->id));
  }
  creator_->DropOnBackends(db.id, table->id, table->definition, table->partitions);
  return QueryResult::Ok();
}

Result<QueryResult> DdlExecutor::TruncateTable(Session& s, const TruncateTableStmt& st) {
  ASSIGN_OR_RETURN(auto locked, ctx_->LockTableForChange(s, st.name, "DELETE"));
  const auto& db = locked.db;
  const fe_backup::TableInfo& table = locked.table;
  if (ctx_->deps().catalog->HasPendingRestore(db.id, table.id)) return FeCatalog::RestoreInProgress(table.name);
  std::vector<std::string> names;
  for (const auto& p : table.partitions) names.push_back(p.name);
  const auto& base = table.partitions.front().indexes.front();
  ASSIGN_OR_RETURN(auto parts,
                   creator_->CreatePartitions(db.id, table.id, table.definition, names, base.schema_hash, base.id));
  RETURN_IF_ERROR(ctx_->deps().catalog->ReplacePartitions(db.id, table.id, parts));
  creator_->DropOnBackends(db.id, table.id, table.definition, table.partitions);
  return QueryResult::Ok();
}

Result<QueryResult> DdlExecutor::AddPartition(Session& s, const AddPartitionStmt& st) {
  ASSIGN_OR_RETURN(auto locked, ctx_->LockTableForChange(s, st.name, "ALTER"));
  const auto& db = locked.db;
  const fe_backup::TableInfo& table = locked.table;
  // The partitions a RESTORE stage adds or replaces must stay where its commit expects them.
  if (ctx_->deps().catalog->HasPendingRestore(db.id, table.id)) return FeCatalog::RestoreInProgress(table.name);
  const auto& def = table.definition;
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
  if (!def.partitions.empty() &&
      ColumnValues::CompareBounds(def, def.partitions.back().upper_bound, range.upper_bound) >= 0) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: Range of partition '" + range.name +
                                   "' is intersected with an existing partition; a new partition must lie above "
                                   "the last one.");
  }
  const auto& base = table.partitions.front().indexes.front();
  ASSIGN_OR_RETURN(auto parts,
                   creator_->CreatePartitions(db.id, table.id, def, {range.name}, base.schema_hash, base.id));
  RETURN_IF_ERROR(ctx_->deps().catalog->AddPartition(db.id, table.id, range, parts.front()));
  return QueryResult::Ok();
}

Result<QueryResult> DdlExecutor::DropPartition(Session& s, const DropPartitionStmt& st) {
  ASSIGN_OR_RETURN(auto locked, ctx_->LockTableForChange(s, st.name, "ALTER"));
  const auto& db = locked.db;
  const fe_backup::TableInfo& table = locked.table;
  // The partitions a RESTORE stage adds or replaces must stay where its commit expects them.
  if (ctx_->deps().catalog->HasPendingRestore(db.id, table.id)) return FeCatalog::RestoreInProgress(table.name);
  auto it = std::find_if(table.partitions.begin(), table.partitions.end(),
                         [&](const auto& p) { return p.name == st.partition; });
  if (it == table.partitions.end() || table.definition.partition_columns.empty()) {
    if (st.if_exists) return QueryResult::Ok();
    return Status(StatusCode::kNotFound, "Error in list of partitions to " + st.partition, 1507);
  }
  if (table.partitions.size() == 1) {
    return Status::InvalidArgument("Getting analyzing error. Detail message: Cannot drop the last partition '" +
                                   st.partition + "' of table '" + table.name + "'.");
  }
  fe_backup::PartitionInfo dropped = *it;
  RETURN_IF_ERROR(ctx_->deps().catalog->DropPartition(db.id, table.id, st.partition));
  creator_->DropOnBackends(db.id, table.id, table.definition, {dropped});
  return QueryResult::Ok();
}

Result<QueryResult> DdlExecutor::ShowCreateTable(Session& s, const ShowCreateTableStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ctx_->ResolveTable(s, st.name));
  auto& [db, table] = dt;
  if (!ctx_->deps().auth->HasAnyOnTable(s.user, s.host, db.name, table.name)) {
    return AuthManager::Denied("ANY", "TABLE " + table.name, ctx_->RolesOf(s));
  }
  return QueryResult::Strings({"Table", "Create Table"}, {{table.name, ShowCreateText(table.definition)}});
}

Result<QueryResult> DdlExecutor::ShowPartitions(Session& s, const ShowPartitionsStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ctx_->ResolveTable(s, st.name));
  auto& [db, table] = dt;
  if (!ctx_->deps().auth->HasAnyOnTable(s.user, s.host, db.name, table.name)) {
    return AuthManager::Denied("ANY", "TABLE " + table.name, ctx_->RolesOf(s));
  }
  const auto& def = table.definition;
  std::string key_cols;
  for (const auto& c : def.partition_columns) key_cols += (key_cols.empty() ? "" : ", ") + c;
  std::string dist_cols;
  for (const auto& c : def.distribution_columns) dist_cols += (dist_cols.empty() ? "" : ", ") + c;
  auto bound_text = [&](const std::vector<std::string>& values) {
    std::string types, keys;
    for (size_t i = 0; i < values.size(); ++i) {
      std::string type = ColumnValues::TypeOf(def, def.partition_columns[i]);
      types += (i ? ", " : "") + type;
      keys += (i ? ", " : "") + values[i];
    }
    return "types: [" + types + "]; keys: [" + keys + "]; ";
  };
  std::vector<Row> rows;
  std::vector<std::string> lower;
  for (const auto& c : def.partition_columns) lower.push_back(ColumnValues::MinValue(ColumnValues::TypeOf(def, c)));
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

Result<QueryResult> DdlExecutor::ShowTablet(Session& s, const ShowTabletStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ctx_->ResolveTable(s, st.name));
  auto& [db, table] = dt;
  RETURN_IF_ERROR(ctx_->Require(s, "OPERATE", GrantTarget{}, "SYSTEM"));
  std::vector<Row> rows;
  for (const auto& p : table.partitions) {
    for (const auto& idx : p.indexes) {
      for (const auto& t : idx.tablets) {
        for (const auto& r : t.replicas) {
          auto be = ctx_->deps().backends->Find(r.backend_id);
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

}  // namespace feb::frontend
