#include "plugin/src/analysis/backup_analyzer.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>
#include <set>

#include "common/status/mysql_error.h"
#include "plugin/src/analysis/access_checker.h"
#include "plugin/src/repository/repository_layout.h"

namespace feb::plugin {

namespace {

constexpr uint16_t kErrWrongDbName = 1102;
constexpr uint16_t kErrWrongTableName = 1103;
constexpr int64_t kLockTimeoutMs = 10000;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

Status Semantic(std::string msg, uint16_t err = 0) { return Status(StatusCode::kInvalidArgument, std::move(msg), err); }

// Properties: "timeout" (seconds, >= 600) and "type" (FULL); anything else is named.
Status AnalyzeProperties(const sql::PropertyList& props, AnalyzedBackup* out) {
  std::vector<std::string> unknown;
  for (const auto& p : props.entries) {
    if (p.key == "timeout") {
      int64_t seconds = 0;
      try {
        size_t used = 0;
        seconds = std::stoll(p.value, &used);
        if (used != p.value.size()) throw std::invalid_argument(p.value);
      } catch (const std::exception&) {
        return Semantic("Invalid timeout format: " + p.value);
      }
      if (seconds > INT64_MAX / 1000 || seconds * 1000 < AnalyzedBackup::kMinTimeoutMs) {
        return Semantic("timeout must be at least 10 min");
      }
      out->timeout_ms = seconds * 1000;
    } else if (p.key == "type") {
      std::string type = Upper(p.value);
      if (type == "INCREMENTAL") return Status::NotSupported("Currently does not support incremental backup");
      if (type != "FULL") return Semantic("Invalid backup job type: " + p.value);
    } else {
      unknown.push_back(p.key);
    }
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& k : unknown) list += (list.empty() ? "" : ", ") + k;
    return Semantic("Unknown backup job properties: [" + list + "]");
  }
  return Status::OK();
}

}  // namespace

Result<std::string> BackupAnalyzer::ResolveDbName(const std::optional<sql::Identifier>& named,
                                                  const fe_backup::Session& session) {
  if (!named) {
    if (session.current_db.empty()) return Status(StatusCode::kInvalidArgument, "No database selected", kErrNoDbSelected);
    return session.current_db;
  }
  static const std::regex kDbName(R"(^[a-zA-Z]\w{0,255}$|^_[a-zA-Z0-9]\w{0,254}$)");
  if (!std::regex_match(named->value, kDbName)) {
    return Semantic("Incorrect database name '" + named->value + "'", kErrWrongDbName);
  }
  return named->value;
}

Result<AnalyzedBackup> BackupAnalyzer::Analyze(const sql::BackupStmt& stmt, const fe_backup::Session& session) const {
  if (stmt.external_catalogs.present()) {
    return Status::NotSupported("BACKUP of external catalogs is not supported: this frontend has no external catalogs");
  }
  AnalyzedBackup out;
  ASSIGN_OR_RETURN(out.db_name, ResolveDbName(stmt.NamedDatabase(), session));
  std::optional<fe_backup::DatabaseInfo> db = host_->catalog().FindDatabase(out.db_name);
  if (!db) return Status(StatusCode::kNotFound, "Unknown database '" + out.db_name + "'", kErrBadDb);
  out.db_id = db->id;

  out.label = stmt.label.value;
  if (out.label.empty()) return Semantic("Incorrect label name '" + out.label + "'");
  if (!RepositoryLayout::IsSafeLabel(out.label)) {
    return Semantic("Incorrect label name '" + out.label +
                    "': a snapshot label becomes a directory name in the repository, so it may hold only letters, "
                    "digits, '_' and '-' (1 to 128 characters, not starting with '-')");
  }
  if (stmt.repository.value.empty()) return Semantic("Repository is empty");
  std::shared_ptr<SnapshotRepository> repo = repos_->FindByName(stmt.repository.value);
  if (!repo) return Status::NotFound("Repository [" + stmt.repository.value + "] does not exist");
  out.repo_id = repo->id();
  out.repo_name = repo->name();

  {
    auto lock = host_->locks().ReadLock(out.db_id, std::chrono::milliseconds(kLockTimeoutMs));
    if (!lock.ok()) return Status::Timeout("could not lock database " + out.db_name + ": " + lock.status.message);

    bool all_tables = !stmt.has_on_clause;
    bool all_views = !stmt.has_on_clause;
    bool all_functions = !stmt.has_on_clause;
    std::set<std::string> seen;  // lower-cased, as StarRocks 3.x compares
    std::vector<fe_backup::FunctionDefinition> db_functions = host_->catalog().ListFunctions(out.db_id);
    std::set<std::string> seen_functions;  // signatures
    auto add_function = [&](const fe_backup::FunctionDefinition& f) {
      if (seen_functions.insert(fe_backup::FunctionSignature(f)).second) out.functions.push_back(f);
    };
    for (const auto& obj : stmt.objects) {
      if (obj.all) {
        // ALL MATERIALIZED VIEWS selects what the host lists of that kind; the module backs up
        // no materialized view, so it selects nothing.
        if (obj.kind == sql::BackupObjectKind::kTable) all_tables = true;
        if (obj.kind == sql::BackupObjectKind::kView) all_views = true;
        if (obj.kind == sql::BackupObjectKind::kFunction) all_functions = true;
        continue;
      }
      if (obj.kind == sql::BackupObjectKind::kFunction) {
        // Function names compare case-insensitively; every overload of the name is taken.
        std::string fname = Lower(obj.name.back().value);
        bool found = false;
        for (const auto& f : db_functions) {
          if (Lower(f.name) != fname) continue;
          found = true;
          add_function(f);
        }
        if (!found) return Semantic("Invalid backup function(s), function name: " + obj.name.back().value);
        continue;
      }
      std::string tbl = obj.name.back().value;
      if (obj.name.size() > 2) return Semantic("Incorrect table name '" + obj.ToSql() + "'", kErrWrongTableName);
      if (obj.name.size() == 2 && obj.name[0].value != out.db_name) {
        return Semantic("Table " + obj.name[0].value + "." + tbl + " is not in database " + out.db_name +
                        ": a backup covers one database");
      }
      std::optional<fe_backup::TableInfo> table = host_->catalog().FindTable(out.db_id, tbl);
      // A view is named like a table (StarRocks resolves TABLE, VIEW and MATERIALIZED VIEW items
      // through the same table map).
      std::optional<fe_backup::ViewDefinition> view =
          table ? std::nullopt : host_->catalog().FindView(out.db_id, tbl);
      if (!table && !view) return Semantic("Incorrect table name '" + tbl + "'", kErrWrongTableName);
      if (!seen.insert(Lower(tbl)).second) return Semantic("Duplicated table: " + tbl);
      if (view) {
        if (!obj.partitions.names.empty()) return Semantic("Incorrect table name '" + tbl + "'", kErrWrongTableName);
        out.views.push_back(std::move(*view));
        continue;
      }
      if (table->kind != fe_backup::TableKind::kOlap) {
        return Status::NotSupported("Table: " + tbl + " can not support backup restore, type: " +
                                    fe_backup::TableKindName(table->kind));
      }
      if (obj.partitions.temporary) return Status::NotSupported("Do not support backing up temp partitions");
      if (table->has_temp_partitions) return Status::NotSupported("Do not support backing up table with temp partitions");
      BackupTableRef ref{tbl, {}};
      std::set<std::string> seen_parts;
      for (const auto& p : obj.partitions.names) {
        bool exists = std::any_of(table->partitions.begin(), table->partitions.end(),
                                  [&](const fe_backup::PartitionInfo& pi) { return pi.name == p.value; });
        if (!exists) return Semantic("partition[" + p.value + "] does not exist  in table" + tbl);
        if (seen_parts.insert(p.value).second) ref.partitions.push_back(p.value);
      }
      out.tables.push_back(std::move(ref));
    }
    if (all_tables) {
      for (const auto& name : host_->catalog().ListTables(out.db_id)) {
        if (seen.count(Lower(name))) continue;
        std::optional<fe_backup::TableInfo> table = host_->catalog().FindTable(out.db_id, name);
        // Only OLAP tables hold data a backup can copy; other kinds are left out of "all".
        if (!table || table->kind != fe_backup::TableKind::kOlap) continue;
        if (table->has_temp_partitions) continue;
        seen.insert(Lower(name));
        out.tables.push_back(BackupTableRef{name, {}});
      }
    }
    if (all_views) {
      for (auto& view : host_->catalog().ListViews(out.db_id)) {
        if (!seen.insert(Lower(view.name)).second) continue;
        out.views.push_back(std::move(view));
      }
    }
    if (all_functions) {
      for (const auto& f : db_functions) add_function(f);
    }
  }
  RETURN_IF_ERROR(AnalyzeProperties(stmt.properties, &out));
  if (out.tables.empty() && out.views.empty() && out.functions.empty()) {
    return Semantic("Database: " + out.db_name + " is empty");
  }

  AccessChecker access(&host_->access());
  RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
  for (const auto& ref : out.tables) {
    RETURN_IF_ERROR(access.CheckTable(session, fe_backup::Privilege::kExport, out.db_name, ref.table));
  }
  for (const auto& view : out.views) {
    RETURN_IF_ERROR(access.CheckTable(session, fe_backup::Privilege::kExport, out.db_name, view.name));
  }
  return out;
}

}  // namespace feb::plugin
