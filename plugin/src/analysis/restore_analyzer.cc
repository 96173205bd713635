#include "plugin/src/analysis/restore_analyzer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "common/status/mysql_error.h"
#include "common/storage/md5.h"
#include "plugin/src/analysis/access_checker.h"
#include "plugin/src/analysis/backup_analyzer.h"
#include "plugin/src/repository/backup_meta.h"
#include "plugin/src/repository/repository_layout.h"

namespace feb::plugin {

namespace {

Status Semantic(std::string msg) { return Status(StatusCode::kInvalidArgument, std::move(msg)); }

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Java's Long.parseLong / Integer.parseInt: an optional sign and decimal digits, in range.
bool ParseJavaInt(const std::string& text, int64_t min, int64_t max, int64_t* out) {
  if (text.empty() || text.size() > 20) return false;
  size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) return false;
  __int128 v = 0;
  for (size_t k = i; k < text.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(text[k]))) return false;
    v = v * 10 + (text[k] - '0');
    if (v > static_cast<__int128>(max) + 1) return false;
  }
  if (text[0] == '-') v = -v;
  if (v < min || v > max) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// "__info_<ts>.<md5>" of the snapshot, read and checked against the md5 in its name.
Result<std::string> ReadInfoFile(SnapshotRepository& repo, const std::string& label, const std::string& timestamp) {
  std::string wanted = repo.layout().InfoPath(label, timestamp);
  Result<std::vector<std::string>> names = repo.ListDir(repo.layout().SnapshotDir(label));
  std::vector<std::pair<std::string, std::string>> found;  // file name, md5
  if (names.ok()) {
    for (const auto& n : *names) {
      auto parsed = RepositoryLayout::ParseInfoFileName(n);
      if (parsed && parsed->first == timestamp) found.emplace_back(n, parsed->second);
    }
  } else if (names.status().code() != StatusCode::kNotFound) {
    return names.status();
  }
  if (found.size() != 1) {
    return Status::NotFound("Expected one file with path: " + wanted + ". get: " + std::to_string(found.size()));
  }
  std::string path = repo.layout().SnapshotDir(label) + "/" + found[0].first;
  ASSIGN_OR_RETURN(std::string content, repo.Read(path));
  std::string actual = storage::Md5::Of(content);
  if (actual != found[0].second) {
    return Status::Corruption("md5sum does not equal. local: " + actual + ", remote: " + found[0].second);
  }
  return content;
}

// "__meta.<md5>" of the snapshot, read and checked the same way.
Result<BackupMeta> ReadMeta(SnapshotRepository& repo, const std::string& label) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, repo.ListDir(repo.layout().SnapshotDir(label)));
  std::optional<std::pair<std::string, std::string>> meta;
  for (const auto& n : names) {
    auto split = RepositoryLayout::SplitChecksum(n);
    if (split && split->first == RepositoryLayout::kMetaName) {
      if (meta) return Status::Corruption("more than one meta file in the snapshot");
      meta = std::make_pair(n, split->second);
    }
  }
  if (!meta) return Status::NotFound("the snapshot has no " + std::string(RepositoryLayout::kMetaName) + " file");
  ASSIGN_OR_RETURN(std::string content, repo.Read(repo.layout().SnapshotDir(label) + "/" + meta->first));
  std::string actual = storage::Md5::Of(content);
  if (actual != meta->second) {
    return Status::Corruption("md5sum does not equal. local: " + actual + ", remote: " + meta->second);
  }
  return BackupMeta::FromJson(content);
}

// The definition keeps only the partitions restored.
fe_backup::TableDefinition CutDefinition(const fe_backup::TableDefinition& def, const BackupJobInfo::Table& table) {
  fe_backup::TableDefinition out = def;
  out.partitions.clear();
  for (const auto& p : table.partitions) {
    for (const auto& d : def.partitions) {
      if (d.name == p.name) out.partitions.push_back(d);
    }
  }
  return out;
}

}  // namespace

Status RestoreAnalyzer::AnalyzeStatement(const sql::RestoreStmt& stmt, int32_t default_replication_num,
                                         AnalyzedRestore* out) {
  if (stmt.external_catalogs.present()) {
    return Status::NotSupported("RESTORE of external catalogs is not supported: this frontend has no external catalogs");
  }
  // Duplicated tables, then aliases (StarRocks' analyzer order).
  std::set<std::string> names;
  for (const auto& obj : stmt.objects) {
    if (obj.all || obj.kind == sql::BackupObjectKind::kFunction) continue;
    const std::string& name = obj.name.back().value;
    if (!names.insert(name).second) return Semantic("Duplicated table: " + name);
  }
  std::set<std::string> aliases = names;
  for (const auto& obj : stmt.objects) {
    if (obj.all || obj.kind == sql::BackupObjectKind::kFunction || !obj.alias) continue;
    if (!aliases.insert(obj.alias->value).second) return Semantic("Duplicated alias name: " + obj.alias->value);
  }

  out->replication_num = default_replication_num;
  bool has_timestamp = false;
  std::vector<std::string> unknown;
  for (const auto& p : stmt.properties.entries) {
    int64_t v = 0;
    if (p.key == "timeout") {
      if (!ParseJavaInt(p.value, INT64_MIN, INT64_MAX, &v)) return Semantic("Invalid timeout format: " + p.value);
      if (v > INT64_MAX / 1000 || v < INT64_MIN / 1000 || v * 1000 < AnalyzedRestore::kMinTimeoutMs) {
        return Semantic("timeout must be at least 10 min");
      }
      out->timeout_ms = v * 1000;
    } else if (p.key == "allow_load") {
      std::string b = Lower(p.value);
      if (b != "true" && b != "false") return Semantic("Invalid allow load value: " + p.value);
      out->allow_load = b == "true";
    } else if (p.key == "replication_num") {
      if (!ParseJavaInt(p.value, INT32_MIN, INT32_MAX, &v)) return Semantic("Invalid meta version format: " + p.value);
      // StarRocks accepts any integer and fails later on creating the tablets; say it now.
      if (v < 1) return Semantic("replication_num must be at least 1, got " + p.value);
      out->replication_num = static_cast<int32_t>(v);
    } else if (p.key == "backup_timestamp") {
      out->backup_timestamp = p.value;
      has_timestamp = true;
    } else if (p.key == "meta_version") {
      if (!ParseJavaInt(p.value, INT32_MIN, INT32_MAX, &v)) return Semantic("Invalid meta version format: " + p.value);
      out->meta_version = static_cast<int32_t>(v);
    } else if (p.key == "starrocks_meta_version") {
      if (!ParseJavaInt(p.value, INT32_MIN, INT32_MAX, &v)) return Semantic("Invalid meta version format: " + p.value);
      out->starrocks_meta_version = static_cast<int32_t>(v);
    } else {
      unknown.push_back(p.key);
    }
  }
  if (!has_timestamp) return Semantic("Missing backup_timestamp property");
  if (!unknown.empty()) {
    std::sort(unknown.begin(), unknown.end());
    std::string list;
    for (const auto& k : unknown) list += (list.empty() ? "" : ", ") + k;
    return Semantic("Unknown restore job properties: [" + list + "]");
  }
  return Status::OK();
}

Result<AnalyzedRestore> RestoreAnalyzer::Analyze(const sql::RestoreStmt& stmt, const fe_backup::Session& session) const {
  AnalyzedRestore out;
  out.label = stmt.label.value;
  int32_t default_replicas = 3;
  if (std::optional<std::string> v = host_->config().Get("default_replication_num")) {
    int64_t n = 0;
    if (ParseJavaInt(*v, 1, INT32_MAX, &n)) default_replicas = static_cast<int32_t>(n);
  }
  RETURN_IF_ERROR(AnalyzeStatement(stmt, default_replicas, &out));

  // The database named by the statement, if any: <db>.<label>, or DATABASE x [AS y].
  std::optional<std::string> named_db;
  if (stmt.label_db) named_db = stmt.label_db->value;
  if (stmt.database) named_db = stmt.database_alias ? stmt.database_alias->value : stmt.database->value;
  if (named_db) {
    sql::Identifier id;
    id.value = *named_db;
    ASSIGN_OR_RETURN(std::string checked, BackupAnalyzer::ResolveDbName(id, session));
    named_db = checked;
  }

  // Privileges (StarRocks checks them after analysis, before anything is read).
  AccessChecker access(&host_->access());
  RETURN_IF_ERROR(access.CheckSystem(session, fe_backup::Privilege::kRepository));
  if (!stmt.has_on_clause) {
    RETURN_IF_ERROR(access.CheckCreateDatabase(session));
  } else if (named_db) {
    if (std::optional<fe_backup::DatabaseInfo> db = host_->catalog().FindDatabase(*named_db)) {
      RETURN_IF_ERROR(access.CheckDatabase(session, fe_backup::Privilege::kCreateTable, *named_db));
      for (const auto& obj : stmt.objects) {
        if (obj.all || obj.kind != sql::BackupObjectKind::kTable) continue;
        std::string target = obj.alias ? obj.alias->value : obj.name.back().value;
        if (host_->catalog().FindTable(db->id, target)) {
          RETURN_IF_ERROR(access.CheckTable(session, fe_backup::Privilege::kInsert, *named_db, target));
        }
      }
    }
  }

  std::shared_ptr<SnapshotRepository> repo = repos_->FindByName(stmt.repository.value);
  if (!repo) return Status::NotFound("Repository " + stmt.repository.value + " does not exist");
  out.repo_id = repo->id();
  out.repo_name = repo->name();

  auto info_failed = [&](const Status& why) {
    return Status(why.code() == StatusCode::kCorruption ? StatusCode::kCorruption : StatusCode::kNotFound,
                  "Failed to get info of snapshot '" + out.label + "' because: " + why.message() +
                      ". Maybe specified wrong backup timestamp");
  };
  if (!RepositoryLayout::IsSafeLabel(out.label)) {
    return info_failed(Status::InvalidArgument("'" + out.label + "' is not a snapshot label of this repository"));
  }
  Result<std::string> info_text = ReadInfoFile(*repo, out.label, out.backup_timestamp);
  if (!info_text.ok()) return info_failed(info_text.status());
  Result<BackupJobInfo> parsed = BackupJobInfo::FromJson(*info_text);
  if (!parsed.ok()) {
    return info_failed(Status::Corruption("Failed to create job info from file: " +
                                          std::string(RepositoryLayout::kInfoPrefix) + out.backup_timestamp +
                                          ". msg: " + parsed.status().message()));
  }
  BackupJobInfo info = std::move(*parsed);
  Result<BackupMeta> meta = ReadMeta(*repo, info.name);
  if (!meta.ok()) return Status(meta.status().code(), "Failed to read backup meta from file: " + meta.status().message());

  out.db_name = named_db ? *named_db : info.database;
  out.snapshot_db_id = info.db_id;
  if (stmt.database && stmt.database->value != info.database) {
    return Semantic("target database: " + stmt.database->value + " is not existed in snapshot");
  }

  // What is restored: the ON clause's tables and views (tables cut to their partitions), or
  // every one. A view is listed in the job info like a table, without partitions; the meta
  // holds its definition.
  std::map<std::string, const BackupJobInfo::Table*> in_snapshot;
  for (const auto& t : info.tables) in_snapshot[t.name] = &t;
  std::map<std::string, const fe_backup::ViewDefinition*> views_in_meta;
  for (const auto& v : meta->views) views_in_meta[v.name] = &v;
  auto is_view = [&](const std::string& name) {
    bool has_table = std::any_of(meta->tables.begin(), meta->tables.end(),
                                 [&](const fe_backup::TableInfo& t) { return t.name == name; });
    return !has_table && views_in_meta.count(name) > 0;
  };
  std::vector<std::pair<BackupJobInfo::Table, std::string>> chosen;  // table, target name
  std::vector<std::pair<std::string, std::string>> chosen_views;     // snapshot name, target name
  std::set<std::string> taken;
  bool all_tables = !stmt.has_on_clause;
  bool all_views = !stmt.has_on_clause;
  bool all_functions = !stmt.has_on_clause;
  std::vector<const sql::BackupObject*> function_items;
  for (const auto& obj : stmt.objects) {
    if (obj.all) {
      // ALL MATERIALIZED VIEWS: snapshots of this module hold none.
      if (obj.kind == sql::BackupObjectKind::kTable) all_tables = true;
      if (obj.kind == sql::BackupObjectKind::kView) all_views = true;
      if (obj.kind == sql::BackupObjectKind::kFunction) all_functions = true;
      continue;
    }
    const std::string& name = obj.name.back().value;
    if (obj.kind == sql::BackupObjectKind::kFunction) {
      function_items.push_back(&obj);
      continue;
    }
    // TABLE, VIEW and MATERIALIZED VIEW items all name an object of the snapshot (StarRocks
    // keeps them in one list).
    auto it = in_snapshot.find(name);
    if (it == in_snapshot.end()) return Semantic("Table " + name + " does not exist in snapshot " + info.name);
    if (obj.partitions.temporary) return Semantic("Do not support restoring temporary partitions");
    BackupJobInfo::Table cut = *it->second;
    if (!obj.partitions.names.empty()) {
      cut.partitions.clear();
      std::set<std::string> seen;
      for (const auto& p : obj.partitions.names) {
        auto pit = std::find_if(it->second->partitions.begin(), it->second->partitions.end(),
                                [&](const BackupJobInfo::Partition& x) { return x.name == p.value; });
        if (pit == it->second->partitions.end()) {
          return Semantic("Partition " + p.value + " of table " + name + " does not exist in snapshot " + info.name);
        }
        if (seen.insert(p.value).second) cut.partitions.push_back(*pit);
      }
    }
    taken.insert(name);
    std::string target = obj.alias ? obj.alias->value : name;
    if (is_view(name)) {
      chosen_views.emplace_back(name, target);
    } else {
      chosen.emplace_back(std::move(cut), target);
    }
  }
  for (const auto& t : info.tables) {
    if (taken.count(t.name)) continue;
    if (is_view(t.name) ? all_views : all_tables) {
      if (is_view(t.name)) {
        chosen_views.emplace_back(t.name, t.name);
      } else {
        chosen.emplace_back(t, t.name);
      }
    }
  }
  // StarRocks restores in table-name order.
  std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return a.first.name < b.first.name; });
  std::sort(chosen_views.begin(), chosen_views.end());
  for (auto& entry : chosen) {
    BackupJobInfo::Table& table = entry.first;
    const std::string& target = entry.second;
    auto def = std::find_if(meta->tables.begin(), meta->tables.end(),
                            [&](const fe_backup::TableInfo& t) { return t.name == table.name; });
    if (def == meta->tables.end()) {
      return Status::Corruption("Failed to read backup meta from file: the meta has no definition of table " +
                                table.name);
    }
    RestoreTableRef ref;
    ref.target = target;
    ref.definition = CutDefinition(def->definition, table);
    ref.definition.name = target;
    ref.source = std::move(table);
    out.tables.push_back(std::move(ref));
  }
  for (const auto& [source, target] : chosen_views) {
    RestoreViewRef ref{source, *views_in_meta.at(source)};
    ref.definition.name = target;
    out.views.push_back(std::move(ref));
  }
  // Functions: by name, case-insensitively, every overload; AS renames them; ALL FUNCTIONS adds
  // the others. With an ON clause that names none, none.
  std::set<std::string> hit;  // lower-cased snapshot names taken by FUNCTION items
  for (const sql::BackupObject* item : function_items) {
    std::string wanted = Lower(item->name.back().value);
    bool found = false;
    for (const auto& f : meta->functions) {
      if (Lower(f.name) != wanted) continue;
      found = true;
      fe_backup::FunctionDefinition fn = f;
      if (item->alias) fn.name = Lower(item->alias->value);
      out.functions.push_back(std::move(fn));
    }
    if (!found) return Semantic("Can not find restore function: " + item->name.back().value);
    hit.insert(wanted);
  }
  if (all_functions) {
    for (const auto& f : meta->functions) {
      if (!hit.count(Lower(f.name))) out.functions.push_back(f);
    }
  }
  if (out.tables.empty() && out.views.empty() && out.functions.empty()) {
    return Semantic("Nothing to restore: snapshot " + info.name + " holds no table selected");
  }
  if (std::optional<fe_backup::DatabaseInfo> db = host_->catalog().FindDatabase(out.db_name)) out.db_id = db->id;
  return out;
}

}  // namespace feb::plugin
