#include "frontend/qe/dml_executor.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "common/time/time_format.h"
#include "frontend/catalog/table_creator.h"
#include "frontend/qe/ascii.h"
#include "frontend/qe/column_values.h"
#include "frontend/qe/session_variables.h"

namespace feb::frontend {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<QueryResult> DmlExecutor::Insert(Session& s, const InsertStmt& st) {
  ASSIGN_OR_RETURN(auto dt, ctx_->ResolveTable(s, st.name));
  auto& [db, table_snapshot] = dt;
  RETURN_IF_ERROR(ctx_->RequireTable(s, "INSERT", db.name, table_snapshot.name));
  if (!ctx_->deps().data) return Status::Unavailable("no backend data service is configured in this frontend");
  ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, true));
  auto fresh = ctx_->deps().catalog->FindTableById(db.id, table_snapshot.id);
  if (!fresh) return ExecutorContext::UnknownTable("Unknown table '" + table_snapshot.name + "'");
  const auto& table = *fresh;
  // A RESTORE stage of this table swaps its partitions at its commit; a load now would be lost.
  if (ctx_->deps().catalog->HasPendingRestore(db.id, table.id)) return FeCatalog::RestoreInProgress(table.name);
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
          if (d.name == table.partitions[i].name && ColumnValues::CompareBounds(def, key, d.upper_bound) < 0) {
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
          auto be = ctx_->deps().backends->Find(r.backend_id);
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
          auto be = ctx_->deps().backends->Find(r.backend_id);
          if (!be) return Status::Unavailable("backend " + std::to_string(r.backend_id) + " is gone");
          Status w = ctx_->deps().data->WriteRows(*be, TableCreator::SpecOf(db.id, table.id, def, p, idx, t), version, tablet_rows);
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
    RETURN_IF_ERROR(ctx_->deps().catalog->UpdateVersions(db.id, table.id, p.id, version, replica_versions));
  }
  return QueryResult::Ok(rows.size());
}

Result<std::vector<DataRow>> DmlExecutor::ScanTable(int64_t db_id, const fe_backup::TableInfo& table) {
  if (!ctx_->deps().data) return Status::Unavailable("no backend data service is configured in this frontend");
  std::vector<DataRow> out;
  for (const auto& p : table.partitions) {
    for (const auto& idx : p.indexes) {
      for (const auto& t : idx.tablets) {
        Status last = Status::Unavailable("no alive replica of tablet " + std::to_string(t.id) + " has version " +
                                          std::to_string(p.visible_version));
        bool done = false;
        for (const auto& r : t.replicas) {
          if (r.bad || r.version < p.visible_version) continue;
          auto be = ctx_->deps().backends->Find(r.backend_id);
          if (!be || !be->alive) continue;
          auto rows = ctx_->deps().data->ScanRows(*be, TableCreator::SpecOf(db_id, table.id, table.definition, p, idx, t), p.visible_version);
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

Result<QueryResult> DmlExecutor::Select(Session& s, const SelectStmt& st) {
  if (!st.from) return SelectConstants(s, st);
  ASSIGN_OR_RETURN(auto dt, ctx_->ResolveTable(s, *st.from));
  auto& [db, table_snapshot] = dt;
  RETURN_IF_ERROR(ctx_->RequireTable(s, "SELECT", db.name, table_snapshot.name));
  ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, false));
  auto fresh = ctx_->deps().catalog->FindTableById(db.id, table_snapshot.id);
  if (!fresh) return ExecutorContext::UnknownTable("Unknown table '" + table_snapshot.name + "'");
  const auto& def = fresh->definition;
  auto column_index = [&](const std::string& name) -> Result<size_t> {
    for (size_t i = 0; i < def.columns.size(); ++i) {
      if (AsciiLower(def.columns[i].name) == AsciiLower(name)) return i;
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

Result<QueryResult> DmlExecutor::SelectConstants(Session& s, const SelectStmt& st) {
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
        auto v = SessionVariables::Get(s, ctx_->deps().config, item.name);
        if (!v) return Status(StatusCode::kNotFound, "Unknown system variable '" + item.name + "'", 1193);
        r.columns.push_back(ColumnMeta{item.label, AllDigits(*v) ? MysqlType::kLongLong : MysqlType::kVarString, "", ""});
        row.push_back(*v);
        break;
      }
      case SelectItem::Kind::kFunction: {
        std::optional<std::string> v;
        MysqlType t = MysqlType::kVarString;
        if (item.name == "DATABASE" || item.name == "SCHEMA") {
          if (!s.current_db.empty()) v = s.current_db;
        } else if (item.name == "VERSION") {
          v = SessionVariables::Get(s, ctx_->deps().config, "version").value_or("");
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
                                         "signature: " + AsciiLower(item.name) + "().");
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

Result<QueryResult> DmlExecutor::Checksum(Session& s, const ChecksumTableStmt& st) {
  std::vector<Row> rows;
  for (const auto& name : st.tables) {
    ASSIGN_OR_RETURN(auto dt, ctx_->ResolveTable(s, name));
    auto& [db, table_snapshot] = dt;
    RETURN_IF_ERROR(ctx_->RequireTable(s, "SELECT", db.name, table_snapshot.name));
    if (!ctx_->deps().data) return Status::Unavailable("no backend data service is configured in this frontend");
    ASSIGN_OR_RETURN(auto lock, ctx_->LockDb(db.id, false));
    auto table = ctx_->deps().catalog->FindTableById(db.id, table_snapshot.id);
    if (!table) return ExecutorContext::UnknownTable("Unknown table '" + table_snapshot.name + "'");
    uint64_t sum = 0;
    for (const auto& p : table->partitions) {
      for (const auto& idx : p.indexes) {
        for (const auto& t : idx.tablets) {
          std::optional<uint64_t> tablet_sum;
          Status last = Status::Unavailable("no alive replica of tablet " + std::to_string(t.id));
          for (const auto& r : t.replicas) {
            if (r.bad || r.version < p.visible_version) continue;
            auto be = ctx_->deps().backends->Find(r.backend_id);
            if (!be || !be->alive) continue;
            auto c = ctx_->deps().data->Checksum(*be, TableCreator::SpecOf(db.id, table->id, table->definition, p, idx, t), p.visible_version);
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

}  // namespace feb::frontend
