// RestoreJob's journal records: its image and the deltas, applied by the same code live and on
// replay. Formats are documented in docs/restore.md.
#include <glog/logging.h>

#include <algorithm>

#include "common/json/json_reader.h"
#include "plugin/src/job/job_manager.h"
#include "plugin/src/job/restore_job.h"
#include "plugin/src/repository/backup_meta.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

using fe_backup::TaskType;
using Json = RestoreJob::Json;

namespace {

constexpr int64_t kMaxCount = 10'000'000;
constexpr int64_t kMaxSignature = int64_t{1} << 62;
constexpr int64_t kMaxBytes = int64_t{1} << 50;
constexpr int64_t kMaxTimeMs = 253402300799999;

Status Bad(const std::string& what) { return Status::Corruption("restore job record: " + what); }

const Json* ArrayAt(const Json& a, size_t i) { return (a.is_array() && i < a.size()) ? &a[i] : nullptr; }

Result<int64_t> IntAt(const Json& a, size_t i, int64_t min = json::kInt64Min, int64_t max = json::kInt64Max) {
  const Json* v = ArrayAt(a, i);
  if (v == nullptr) return Bad("array too short");
  return json::AsInt(*v, "element", min, max);
}

Result<std::string> StringAt(const Json& a, size_t i) {
  const Json* v = ArrayAt(a, i);
  if (v == nullptr) return Bad("array too short");
  return json::AsString(*v, "element");
}

Json SourceToJson(const BackupJobInfo::Table& t) {
  Json parts = Json::array();
  for (const auto& p : t.partitions) {
    Json idxs = Json::array();
    for (const auto& i : p.indexes) {
      Json tablets = Json::array();
      for (const auto& tab : i.tablets) tablets.push_back(tab.id);
      idxs.push_back(Json::array({i.name, i.id, i.schema_hash, std::move(tablets)}));
    }
    parts.push_back(Json::array({p.name, p.id, p.version, std::move(idxs)}));
  }
  return Json::array({t.name, t.id, std::move(parts)});
}

Result<BackupJobInfo::Table> SourceFromJson(const Json& j) {
  BackupJobInfo::Table t;
  ASSIGN_OR_RETURN(t.name, StringAt(j, 0));
  ASSIGN_OR_RETURN(t.id, IntAt(j, 1));
  const Json* parts = ArrayAt(j, 2);
  if (parts == nullptr || !parts->is_array() || parts->size() > kMaxCount) return Bad("source partitions");
  for (const auto& pj : *parts) {
    BackupJobInfo::Partition p;
    ASSIGN_OR_RETURN(p.name, StringAt(pj, 0));
    ASSIGN_OR_RETURN(p.id, IntAt(pj, 1));
    ASSIGN_OR_RETURN(p.version, IntAt(pj, 2, 1, kMaxSignature));
    const Json* idxs = ArrayAt(pj, 3);
    if (idxs == nullptr || !idxs->is_array()) return Bad("source indexes");
    for (const auto& ij : *idxs) {
      BackupJobInfo::Index idx;
      ASSIGN_OR_RETURN(idx.name, StringAt(ij, 0));
      ASSIGN_OR_RETURN(idx.id, IntAt(ij, 1));
      ASSIGN_OR_RETURN(int64_t sh, IntAt(ij, 2, json::kInt32Min, json::kInt32Max));
      idx.schema_hash = static_cast<int32_t>(sh);
      const Json* tabs = ArrayAt(ij, 3);
      if (tabs == nullptr || !tabs->is_array() || tabs->size() > kMaxCount) return Bad("source tablets");
      for (const auto& tj : *tabs) {
        ASSIGN_OR_RETURN(int64_t id, json::AsInt(tj, "tablet"));
        idx.tablets.push_back({id, {}});
      }
      p.indexes.push_back(std::move(idx));
    }
    t.partitions.push_back(std::move(p));
  }
  return t;
}

}  // namespace

Json RestoreJob::HeaderLocked() const {
  Json tables = Json::array();
  for (const auto& t : tables_) {
    fe_backup::TableInfo def;
    def.name = t.definition.name;
    def.definition = t.definition;
    tables.push_back(Json{{"target", t.target},
                          {"source", SourceToJson(t.source)},
                          {"definition", Json::parse(TableInfoToJsonText(def))}});
  }
  Json view_sources = Json::array();
  std::vector<fe_backup::ViewDefinition> views;
  for (const auto& v : views_) {
    view_sources.push_back(v.source);
    views.push_back(v.definition);
  }
  return Json{{"type", "RESTORE"},
              {"jobId", job_id_},
              {"label", label_},
              {"backupTimestamp", backup_timestamp_},
              {"dbId", db_id_},
              {"dbName", db_name_},
              {"snapshotDbId", snapshot_db_id_},
              {"repoId", repo_id_},
              {"repoName", repo_name_},
              {"allowLoad", allow_load_},
              {"replicationNum", replication_num_},
              {"timeoutMs", timeout_ms_},
              {"createTime", create_time_ms_},
              {"tables", std::move(tables)},
              {"viewSources", std::move(view_sources)},
              {"views", Json::parse(ViewsToJsonText(views))},
              {"functions", Json::parse(FunctionsToJsonText(functions_))}};
}

Json RestoreJob::TransitionLocked(RestoreJobState next) const {
  Json r{{"jobId", job_id_}, {"state", RestoreJobStateName(next)}};
  if (next == RestoreJobState::kFinished || next == RestoreJobState::kCancelled) r["finishedTime"] = ctx_.clock->NowMs();
  return r;
}

std::string RestoreJob::Image() const {
  MutexLock l(mu_);
  Json j = HeaderLocked();
  j["state"] = RestoreJobStateName(state_);
  j["status"] = Json{{"ec", JobStatus::CodeName(status_.code())}, {"em", status_.message()}};
  j["metaPreparedTime"] = meta_prepared_time_ms_;
  j["snapshotFinishedTime"] = snapshot_finished_time_ms_;
  j["downloadFinishedTime"] = download_finished_time_ms_;
  j["finishedTime"] = finished_time_ms_;
  j["bytesDone"] = bytes_done_;
  j["settled"] = settled_;
  if (IsDoneState(state_) && settled_) {
    // A settled job keeps what SHOW RESTORE prints; its stages and tasks are gone.
    j["tables"] = Json::array();
    Json targets = Json::array();
    for (const auto& t : tables_) {
      Json parts = Json::array();
      for (const auto& p : t.source.partitions) parts.push_back(p.name);
      targets.push_back(Json::array({t.source.name, std::move(parts)}));
    }
    j["restoreObjs"] = std::move(targets);
    return DumpJson(j);
  }
  // The stages as their transition wrote them, then the progress of each kind of task.
  Json stages = Json::array();
  for (const auto& s : stages_) {
    Json parts = Json::array();
    for (const auto& p : s.table.partitions) {
      if (p.indexes.empty()) continue;
      const auto& idx = p.indexes[0];
      Json tablets = Json::array();
      for (const auto& tab : idx.tablets) {
        Json bes = Json::array();
        for (const auto& r : tab.replicas) bes.push_back(r.backend_id);
        tablets.push_back(Json::array({tab.id, std::move(bes)}));
      }
      parts.push_back(Json::array({p.id, p.name, p.visible_version, idx.id, idx.schema_hash, std::move(tablets)}));
    }
    stages.push_back(Json{{"stageId", s.stage_id}, {"tableId", s.table.id}, {"newTable", s.new_table},
                          {"partitions", std::move(parts)}});
  }
  if (!stages_.empty()) {
    j["stages"] = std::move(stages);
    j["snapshotFirst"] = snapshot_first_;
    Json snaps = Json::array();
    for (size_t i = 0; i < replicas_.size(); ++i) {
      if (!replicas_[i].path.empty()) snaps.push_back(Json::array({i, replicas_[i].path}));
    }
    j["snapshots"] = std::move(snaps);
    Json committed = Json::array();
    for (size_t i = 0; i < committed_.size(); ++i) {
      if (committed_[i]) committed.push_back(i);
    }
    j["committedTables"] = std::move(committed);
  }
  if (state_ >= RestoreJobState::kDownloading && !IsDoneState(state_)) {
    j["downloadFirst"] = download_first_;
    Json tasks = Json::array();
    for (const auto& d : downloads_) {
      Json t = Json::array({d.backend});
      for (uint32_t k = d.first; k < d.first + d.count; ++k) t.push_back(download_replicas_[k]);
      tasks.push_back(std::move(t));
    }
    j["downloads"] = std::move(tasks);
  }
  if (state_ >= RestoreJobState::kCommitting && !IsDoneState(state_)) j["moveFirst"] = move_first_;
  return DumpJson(j);
}

Result<std::shared_ptr<RestoreJob>> RestoreJob::FromImage(std::string_view text, JobContext context,
                                                          RestoreJobOptions options) {
  ASSIGN_OR_RETURN(Json j, json::ParseObject<Json>(text));
  std::shared_ptr<RestoreJob> job(new RestoreJob(std::move(context), options));
  ASSIGN_OR_RETURN(job->job_id_, json::GetInt(j, "jobId", 0, kMaxSignature));
  ASSIGN_OR_RETURN(job->label_, json::GetString(j, "label"));
  ASSIGN_OR_RETURN(job->backup_timestamp_, json::GetString(j, "backupTimestamp"));
  ASSIGN_OR_RETURN(job->db_id_, json::GetInt(j, "dbId"));
  ASSIGN_OR_RETURN(job->db_name_, json::GetString(j, "dbName"));
  ASSIGN_OR_RETURN(job->snapshot_db_id_, json::GetInt(j, "snapshotDbId"));
  ASSIGN_OR_RETURN(job->repo_id_, json::GetInt(j, "repoId"));
  ASSIGN_OR_RETURN(job->repo_name_, json::GetString(j, "repoName"));
  ASSIGN_OR_RETURN(job->allow_load_, json::GetBool(j, "allowLoad"));
  ASSIGN_OR_RETURN(job->replication_num_, json::GetInt32(j, "replicationNum", 1));
  ASSIGN_OR_RETURN(job->timeout_ms_, json::GetInt(j, "timeoutMs", 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(job->create_time_ms_, json::GetInt(j, "createTime", 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(const Json* tables, json::GetArray(j, "tables"));
  if (tables->size() > kMaxCount) return Bad("too many tables");
  for (const auto& tj : *tables) {
    if (!tj.is_object()) return Bad("table is not an object");
    RestoreTableRef ref;
    ASSIGN_OR_RETURN(ref.target, json::GetString(tj, "target"));
    ASSIGN_OR_RETURN(const Json* src, json::GetArray(tj, "source"));
    ASSIGN_OR_RETURN(ref.source, SourceFromJson(*src));
    ASSIGN_OR_RETURN(const Json* def, json::GetObject(tj, "definition"));
    ASSIGN_OR_RETURN(fe_backup::TableInfo info, TableInfoFromJsonText(DumpJson(*def)));
    ref.definition = std::move(info.definition);
    job->tables_.push_back(std::move(ref));
  }
  // Images written before views and functions were restored have none of these keys.
  if (j.contains("views")) {
    ASSIGN_OR_RETURN(std::vector<fe_backup::ViewDefinition> views, ViewsFromJsonText(j.at("views").dump()));
    ASSIGN_OR_RETURN(std::vector<std::string> sources, json::GetStringArray(j, "viewSources"));
    if (sources.size() != views.size()) return Bad("viewSources do not match the views");
    for (size_t i = 0; i < views.size(); ++i) job->views_.push_back({sources[i], std::move(views[i])});
  }
  if (j.contains("functions")) {
    ASSIGN_OR_RETURN(job->functions_, FunctionsFromJsonText(j.at("functions").dump()));
  }
  MutexLock l(job->mu_);
  if (j.contains("restoreObjs")) {
    // A settled job: only what SHOW prints.
    ASSIGN_OR_RETURN(const Json* objs, json::GetArray(j, "restoreObjs"));
    for (const auto& o : *objs) {
      RestoreTableRef ref;
      ASSIGN_OR_RETURN(ref.source.name, StringAt(o, 0));
      const Json* parts = ArrayAt(o, 1);
      if (parts == nullptr || !parts->is_array()) return Bad("restoreObjs");
      for (const auto& p : *parts) {
        ASSIGN_OR_RETURN(std::string name, json::AsString(p, "partition"));
        ref.source.partitions.push_back({name, 0, 0, {}});
      }
      job->tables_.push_back(std::move(ref));
    }
  }
  RETURN_IF_ERROR(job->ApplyLocked(j));
  return job;
}

Status RestoreJob::ApplyRecord(uint16_t op, std::string_view payload) {
  if (op != JobManager::kDeltaOp) return Bad("unexpected op " + std::to_string(op));
  ASSIGN_OR_RETURN(Json j, json::ParseObject<Json>(payload));
  MutexLock l(mu_);
  return ApplyLocked(j);
}

Status RestoreJob::ApplyStagesLocked(const Json& stages) {
  if (!stages.is_array() || stages.size() != tables_.size()) return Bad("stages do not match the tables");
  std::vector<fe_backup::RestoreStage> out;
  std::vector<Replica> replicas;
  for (size_t ti = 0; ti < stages.size(); ++ti) {
    const Json& sj = stages[ti];
    if (!sj.is_object()) return Bad("stage is not an object");
    fe_backup::RestoreStage s;
    s.job_id = job_id_;
    s.db_id = db_id_;
    ASSIGN_OR_RETURN(s.stage_id, json::GetInt(sj, "stageId"));
    ASSIGN_OR_RETURN(s.table.id, json::GetInt(sj, "tableId"));
    ASSIGN_OR_RETURN(s.new_table, json::GetBool(sj, "newTable"));
    s.table.name = tables_[ti].target;
    ASSIGN_OR_RETURN(const Json* parts, json::GetArray(sj, "partitions"));
    const RestoreTableRef& ref = tables_[ti];
    for (const auto& pj : *parts) {
      fe_backup::PartitionInfo p;
      fe_backup::IndexInfo idx;
      ASSIGN_OR_RETURN(p.id, IntAt(pj, 0));
      ASSIGN_OR_RETURN(p.name, StringAt(pj, 1));
      ASSIGN_OR_RETURN(p.visible_version, IntAt(pj, 2, 1, kMaxSignature));
      ASSIGN_OR_RETURN(idx.id, IntAt(pj, 3));
      ASSIGN_OR_RETURN(int64_t sh, IntAt(pj, 4, json::kInt32Min, json::kInt32Max));
      idx.schema_hash = static_cast<int32_t>(sh);
      idx.name = s.table.name;
      const Json* tabs = ArrayAt(pj, 5);
      if (tabs == nullptr || !tabs->is_array() || tabs->size() > kMaxCount) return Bad("stage tablets");
      auto src = std::find_if(ref.source.partitions.begin(), ref.source.partitions.end(),
                              [&](const BackupJobInfo::Partition& x) { return x.name == p.name; });
      if (src == ref.source.partitions.end() || src->indexes.empty() ||
          src->indexes[0].tablets.size() != tabs->size()) {
        return Bad("staged partition " + p.name + " does not pair with the snapshot's");
      }
      for (size_t k = 0; k < tabs->size(); ++k) {
        fe_backup::TabletInfo tab;
        ASSIGN_OR_RETURN(tab.id, IntAt((*tabs)[k], 0));
        const Json* bes = ArrayAt((*tabs)[k], 1);
        if (bes == nullptr || !bes->is_array()) return Bad("stage replicas");
        for (const auto& bj : *bes) {
          ASSIGN_OR_RETURN(int64_t be, json::AsInt(bj, "backend"));
          fe_backup::ReplicaInfo r;
          r.backend_id = be;
          tab.replicas.push_back(r);
          Replica rep;
          rep.table = static_cast<uint32_t>(ti);
          rep.tablet = tab.id;
          rep.schema_hash = idx.schema_hash;
          rep.backend = be;
          rep.version = p.visible_version;
          rep.src_table = ref.source.id;
          rep.src_partition = src->id;
          rep.src_index = src->indexes[0].id;
          rep.src_tablet = src->indexes[0].tablets[k].id;
          replicas.push_back(std::move(rep));
          if (replicas.size() > static_cast<size_t>(kMaxCount)) return Bad("too many replicas");
        }
        idx.tablets.push_back(std::move(tab));
      }
      p.indexes.push_back(std::move(idx));
      s.table.partitions.push_back(std::move(p));
    }
    out.push_back(std::move(s));
  }
  stages_ = std::move(out);
  replicas_ = std::move(replicas);
  committed_.assign(stages_.size(), false);
  return Status::OK();
}

TaskTracker* RestoreJob::TrackerLocked(TaskType type) {
  switch (type) {
    case TaskType::kMakeSnapshot: return &snapshots_;
    case TaskType::kDownload: return &download_tasks_;
    case TaskType::kMove: return &moves_;
    default: return nullptr;
  }
}

void RestoreJob::BuildTrackerLocked(TaskType type) {
  int64_t now = ctx_.clock->MonotonicMs();
  std::vector<int64_t> backends;
  int64_t first = 0;
  if (type == TaskType::kDownload) {
    for (const auto& d : downloads_) backends.push_back(d.backend);
    first = download_first_;
  } else {
    for (const auto& r : replicas_) backends.push_back(r.backend);
    first = type == TaskType::kMakeSnapshot ? snapshot_first_ : move_first_;
  }
  TaskTracker t(first, std::move(backends), now, options_.tasks, &backoff_);
  if (type == TaskType::kMakeSnapshot) {
    for (size_t i = 0; i < replicas_.size(); ++i) {
      if (!replicas_[i].path.empty()) t.Done(i);
    }
  }
  if (ctx_.router && t.size() > 0) ctx_.router->Register(type, first, static_cast<int64_t>(t.size()), job_id_);
  *TrackerLocked(type) = std::move(t);
  ++generation_;
}

Status RestoreJob::ApplyLocked(const Json& j) {
  if (j.contains("status")) {
    ASSIGN_OR_RETURN(const Json* st, json::GetObject(j, "status"));
    ASSIGN_OR_RETURN(std::string ec, json::GetString(*st, "ec"));
    ASSIGN_OR_RETURN(std::string em, json::GetString(*st, "em"));
    std::optional<JobStatus::Code> code = JobStatus::CodeFromName(ec);
    if (!code) return Bad("unknown status code " + ec);
    status_ = JobStatus(*code, em);
  }
  auto time = [&](const char* key, int64_t* out) -> Status {
    if (j.contains(key)) {
      ASSIGN_OR_RETURN(*out, json::GetInt(j, key, 0, kMaxTimeMs));
    }
    return Status::OK();
  };
  RETURN_IF_ERROR(time("metaPreparedTime", &meta_prepared_time_ms_));
  RETURN_IF_ERROR(time("snapshotFinishedTime", &snapshot_finished_time_ms_));
  RETURN_IF_ERROR(time("downloadFinishedTime", &download_finished_time_ms_));
  RETURN_IF_ERROR(time("finishedTime", &finished_time_ms_));
  if (j.contains("bytesDone")) {
    ASSIGN_OR_RETURN(bytes_done_, json::GetInt(j, "bytesDone", 0, kMaxBytes));
  }
  if (j.contains("stages")) {
    ASSIGN_OR_RETURN(const Json* stages, json::GetArray(j, "stages"));
    RETURN_IF_ERROR(ApplyStagesLocked(*stages));
    ASSIGN_OR_RETURN(snapshot_first_, json::GetInt(j, "snapshotFirst", 0, kMaxSignature));
  }
  if (j.contains("snapshots")) {
    ASSIGN_OR_RETURN(const Json* snaps, json::GetArray(j, "snapshots"));
    for (const auto& s : *snaps) {
      ASSIGN_OR_RETURN(int64_t i, IntAt(s, 0, 0, static_cast<int64_t>(replicas_.size()) - 1));
      ASSIGN_OR_RETURN(std::string path, StringAt(s, 1));
      if (path.empty()) return Bad("empty snapshot path");
      replicas_[static_cast<size_t>(i)].path = std::move(path);
      if (snapshots_.Owns(snapshots_.SignatureOf(static_cast<size_t>(i))) &&
          snapshots_.state(static_cast<size_t>(i)) != TaskTracker::State::kDone) {
        snapshots_.Done(static_cast<size_t>(i));
      }
    }
  }
  if (j.contains("downloads")) {
    ASSIGN_OR_RETURN(download_first_, json::GetInt(j, "downloadFirst", 0, kMaxSignature));
    ASSIGN_OR_RETURN(const Json* tasks, json::GetArray(j, "downloads"));
    downloads_.clear();
    download_replicas_.clear();
    for (const auto& t : *tasks) {
      if (!t.is_array() || t.size() < 2) return Bad("download task");
      Download d;
      ASSIGN_OR_RETURN(d.backend, IntAt(t, 0));
      d.first = static_cast<uint32_t>(download_replicas_.size());
      for (size_t k = 1; k < t.size(); ++k) {
        ASSIGN_OR_RETURN(int64_t r, IntAt(t, k, 0, static_cast<int64_t>(replicas_.size()) - 1));
        download_replicas_.push_back(static_cast<uint32_t>(r));
      }
      d.count = static_cast<uint32_t>(t.size() - 1);
      downloads_.push_back(d);
      if (downloads_.size() > static_cast<size_t>(kMaxCount)) return Bad("too many download tasks");
    }
  }
  if (j.contains("moveFirst")) {
    ASSIGN_OR_RETURN(move_first_, json::GetInt(j, "moveFirst", 0, kMaxSignature));
  }
  if (j.contains("committedTables") || j.contains("committed")) {
    std::vector<int64_t> list;
    if (j.contains("committed")) {
      ASSIGN_OR_RETURN(int64_t i, json::GetInt(j, "committed", 0, static_cast<int64_t>(committed_.size()) - 1));
      list.push_back(i);
    } else {
      ASSIGN_OR_RETURN(list, json::GetIntArray(j, "committedTables", 0, static_cast<int64_t>(committed_.size()) - 1));
    }
    for (int64_t i : list) committed_[static_cast<size_t>(i)] = true;
  }
  if (j.contains("settled")) {
    ASSIGN_OR_RETURN(settled_, json::GetBool(j, "settled"));
  }
  if (j.contains("state")) {
    ASSIGN_OR_RETURN(std::string name, json::GetString(j, "state"));
    std::optional<RestoreJobState> next = RestoreJobStateFromName(name);
    if (!next) return Bad("unknown state " + name);
    if (*next != state_ && IsDoneState(state_)) return Bad("a done job cannot change state");
    if ((*next == RestoreJobState::kSnapshoting || *next == RestoreJobState::kDownloading ||
         *next == RestoreJobState::kCommitting) && stages_.empty() && !tables_.empty()) {
      return Bad(name + " without stages");
    }
    state_ = *next;
    last_error_.clear();  // a retried step's failure is over once the job moves on
    snapshots_ = TaskTracker();
    download_tasks_ = TaskTracker();
    moves_ = TaskTracker();
    progress_.clear();
    if (ctx_.router) ctx_.router->Unregister(job_id_);
    if (state_ == RestoreJobState::kSnapshoting) BuildTrackerLocked(TaskType::kMakeSnapshot);
    if (state_ == RestoreJobState::kDownloading) BuildTrackerLocked(TaskType::kDownload);
    if (state_ == RestoreJobState::kCommitting) BuildTrackerLocked(TaskType::kMove);
    ++generation_;
  }
  if (settled_ && IsDoneState(state_)) {
    downloads_.clear();
    download_replicas_.clear();
  }
  return Status::OK();
}

}  // namespace feb::plugin
