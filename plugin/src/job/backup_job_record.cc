// BackupJob's journal records: its image and the deltas, and how both are applied (live and on
// replay, through the same functions). Formats are documented in docs/backup.md.
#include <glog/logging.h>

#include <algorithm>

#include "common/json/json_reader.h"
#include "plugin/src/job/backup_job.h"
#include "plugin/src/job/text_list.h"
#include "plugin/src/repository/backup_meta.h"
#include "plugin/src/repository/json_text.h"

namespace feb::plugin {

using fe_backup::TaskType;
using Json = BackupJob::Json;

namespace {

constexpr int64_t kMaxCount = 100'000'000;
// Signatures and byte counts are bounded so that first + index and sums of sizes can never
// overflow, whatever a corrupt record says.
constexpr int64_t kMaxSignature = int64_t{1} << 62;
constexpr int64_t kMaxBytes = int64_t{1} << 50;  // 1 PiB
constexpr int64_t kMaxTimeMs = 253402300799999;   // 9999-12-31 23:59:59.999, what SHOW can print

Status Bad(const std::string& what) { return Status::Corruption("backup job record: " + what); }

}  // namespace

Json BackupJob::HeaderLocked() const {
  Json refs = Json::array();
  for (const auto& r : table_refs_) refs.push_back(Json{{"table", r.table}, {"partitions", r.partitions}});
  return Json{{"type", "BACKUP"},        {"jobId", job_id_},         {"label", label_},
              {"dbId", db_id_},          {"dbName", db_name_},       {"repoId", repo_id_},
              {"repoName", repo_name_},  {"tableRefs", refs},        {"timeoutMs", timeout_ms_},
              {"createTime", create_time_ms_},
              {"views", Json::parse(ViewsToJsonText(views_))},
              {"functions", Json::parse(FunctionsToJsonText(functions_))}};
}

Json BackupJob::TransitionRecordLocked(BackupJobState next) const {
  Json r{{"jobId", job_id_}, {"state", BackupJobStateName(next)}};
  int64_t now = ctx_.clock->NowMs();
  if (next == BackupJobState::kUploadSnapshot) {
    int64_t total = 0;
    for (const auto& t : tablets_) {
      if (t.bytes < 0) {
        total = -1;  // a backend that does not report sizes
        break;
      }
      total = std::min(total + t.bytes, kMaxBytes * 1024);  // saturates, never overflows
    }
    r["snapshotFinishedTime"] = now;
    r["bytesTotal"] = total;
  } else if (next == BackupJobState::kSaveMeta) {
    r["uploadFinishedTime"] = now;
  } else if (next == BackupJobState::kFinished || next == BackupJobState::kCancelled) {
    r["finishedTime"] = now;
  }
  return r;
}

std::string BackupJob::Image() const {
  MutexLock l(mu_);
  Json j = HeaderLocked();
  j["state"] = BackupJobStateName(state_);
  j["status"] = Json{{"ec", JobStatus::CodeName(status_.code())}, {"em", status_.message()}};
  j["snapshotFinishedTime"] = snapshot_finished_time_ms_;
  j["uploadFinishedTime"] = upload_finished_time_ms_;
  j["finishedTime"] = finished_time_ms_;
  j["bytesTotal"] = bytes_total_;
  j["bytesDone"] = bytes_done_;
  j["summaryTablets"] = IsDoneState(state_) ? summary_tablets_ : static_cast<int64_t>(tablets_.size());
  if (!tablets_.empty()) {
    j["snapshotFirst"] = snapshot_first_;
    Json g = Json::array();
    for (const auto& x : groups_) g.push_back(Json::array({x.table_id, x.partition_id, x.index_id, x.schema_hash, x.version}));
    j["groups"] = std::move(g);
    Json flat = Json::array();
    Json snaps = Json::array();
    for (uint32_t i = 0; i < tablets_.size(); ++i) {
      const Tablet& t = tablets_[i];
      flat.push_back(t.id);
      flat.push_back(t.group);
      flat.push_back(t.backend);
      if (!t.path.empty()) snaps.push_back(Json::array({i, t.backend, t.path, t.files, t.bytes}));
    }
    j["tablets"] = std::move(flat);
    j["snapshots"] = std::move(snaps);
    Json m = Json::array();
    for (const auto& t : meta_tables_) m.push_back(Json::parse(TableInfoToJsonText(t)));
    j["backupMeta"] = std::move(m);
  }
  if (!uploads_.empty()) {
    j["uploadFirst"] = upload_first_;
    Json tasks = Json::array();
    Json done = Json::array();
    for (uint32_t u = 0; u < uploads_.size(); ++u) {
      Json task = Json::array({uploads_[u].backend});
      for (uint32_t k = uploads_[u].first; k < uploads_[u].first + uploads_[u].count; ++k) task.push_back(upload_tablets_[k]);
      tasks.push_back(std::move(task));
      if (upload_tasks_.size() == uploads_.size() && upload_tasks_.state(u) == TaskTracker::State::kDone) done.push_back(u);
    }
    j["uploadTasks"] = std::move(tasks);
    j["uploadsDone"] = std::move(done);
  }
  if (!releases_.empty()) {
    j["releaseFirst"] = release_first_;
    Json list = Json::array();
    Json done = Json::array();
    for (uint32_t i = 0; i < releases_.size(); ++i) {
      list.push_back(Json::array({releases_[i].first, releases_[i].second}));
      if (release_tasks_.state(i) == TaskTracker::State::kDone) done.push_back(i);
    }
    j["releaseList"] = std::move(list);
    j["releasesDone"] = std::move(done);
  }
  return DumpJson(j);
}

Result<std::shared_ptr<BackupJob>> BackupJob::FromImage(std::string_view text, JobContext context,
                                                        BackupJobOptions options) {
  ASSIGN_OR_RETURN(Json j, json::ParseObject<Json>(text));
  std::shared_ptr<BackupJob> job(new BackupJob(std::move(context), options));
  MutexLock l(job->mu_);
  RETURN_IF_ERROR(job->ApplyImageLocked(j).WithContext("backup job record"));
  return job;
}

Status BackupJob::ApplyRecord(uint16_t op, std::string_view payload) {
  ASSIGN_OR_RETURN(Json j, json::ParseObject<Json>(payload));
  MutexLock l(mu_);
  if (op == kImageOp) return ApplyImageLocked(j).WithContext("backup job record");
  return ApplyLocked(j).WithContext("backup job " + label_ + " record");
}

Status BackupJob::ApplyImageLocked(const Json& j) {
  ASSIGN_OR_RETURN(std::string type, json::GetString(j, "type"));
  if (type != "BACKUP") return Bad("wrong type " + type);
  ASSIGN_OR_RETURN(job_id_, json::GetInt(j, "jobId", 0));
  ASSIGN_OR_RETURN(label_, json::GetString(j, "label"));
  ASSIGN_OR_RETURN(db_id_, json::GetInt(j, "dbId"));
  ASSIGN_OR_RETURN(db_name_, json::GetString(j, "dbName"));
  ASSIGN_OR_RETURN(repo_id_, json::GetInt(j, "repoId"));
  ASSIGN_OR_RETURN(repo_name_, json::GetString(j, "repoName"));
  ASSIGN_OR_RETURN(const Json* refs, json::GetArray(j, "tableRefs"));
  table_refs_.clear();
  for (const auto& r : *refs) {
    ASSIGN_OR_RETURN(std::string table, json::GetString(r, "table"));
    ASSIGN_OR_RETURN(std::vector<std::string> parts, json::GetStringArray(r, "partitions"));
    table_refs_.push_back({std::move(table), std::move(parts)});
  }
  ASSIGN_OR_RETURN(timeout_ms_, json::GetInt(j, "timeoutMs", 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(create_time_ms_, json::GetInt(j, "createTime", 0, kMaxTimeMs));
  // Images written before views and functions were backed up have neither key.
  views_.clear();
  functions_.clear();
  if (j.contains("views")) {
    ASSIGN_OR_RETURN(views_, ViewsFromJsonText(j.at("views").dump()));
  }
  if (j.contains("functions")) {
    ASSIGN_OR_RETURN(functions_, FunctionsFromJsonText(j.at("functions").dump()));
  }
  ASSIGN_OR_RETURN(std::string state_name, json::GetOptionalString(j, "state", "PENDING"));
  std::optional<BackupJobState> state = BackupJobStateFromName(state_name);
  if (!state) return Bad("unknown state " + state_name);
  state_ = *state;
  if (j.contains("status")) {
    ASSIGN_OR_RETURN(const Json* st, json::GetObject(j, "status"));
    ASSIGN_OR_RETURN(std::string ec, json::GetString(*st, "ec"));
    ASSIGN_OR_RETURN(std::string em, json::GetString(*st, "em"));
    std::optional<JobStatus::Code> code = JobStatus::CodeFromName(ec);
    if (!code) return Bad("unknown status code " + ec);
    status_ = JobStatus(*code, em);
  }
  ASSIGN_OR_RETURN(snapshot_finished_time_ms_, json::GetOptionalInt(j, "snapshotFinishedTime", 0, 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(upload_finished_time_ms_, json::GetOptionalInt(j, "uploadFinishedTime", 0, 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(finished_time_ms_, json::GetOptionalInt(j, "finishedTime", 0, 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(bytes_total_, json::GetOptionalInt(j, "bytesTotal", -1, -1, kMaxBytes * 1024));
  ASSIGN_OR_RETURN(bytes_done_, json::GetOptionalInt(j, "bytesDone", 0, 0, kMaxBytes * 1024));
  ASSIGN_OR_RETURN(summary_tablets_, json::GetOptionalInt(j, "summaryTablets", 0, 0, kMaxCount));
  BackupJobState final_state = state_;
  if (j.contains("groups")) {
    RETURN_IF_ERROR(ValidateEnterLocked(BackupJobState::kSnapshoting, j));
    state_ = BackupJobState::kPending;
    EnterLocked(BackupJobState::kSnapshoting, j);
    if (tablets_.empty() && j.at("groups").size() > 0) return Bad("tablets do not match groups");
    RETURN_IF_ERROR(ApplyCompletionsLocked(Json{{"snapshots", j.value("snapshots", Json::array())}}));
  }
  if (final_state != BackupJobState::kSnapshoting) snapshots_ = TaskTracker();
  if (j.contains("uploadTasks") && final_state == BackupJobState::kUploading) {
    RETURN_IF_ERROR(ValidateEnterLocked(BackupJobState::kUploading, j));
    state_ = BackupJobState::kUploadSnapshot;
    EnterLocked(BackupJobState::kUploading, j);
    ASSIGN_OR_RETURN(std::vector<int64_t> done, json::GetIntArray(j, "uploadsDone", 0, kMaxCount));
    for (int64_t u : done) {
      if (static_cast<size_t>(u) >= upload_tasks_.size()) return Bad("upload task " + std::to_string(u) + " out of range");
      upload_tasks_.Done(static_cast<size_t>(u));
    }
  } else if (j.contains("uploadTasks")) {
    ASSIGN_OR_RETURN(const Json* tasks, json::GetArray(j, "uploadTasks"));
    uploads_.clear();
    upload_tablets_.clear();
    for (const auto& t : *tasks) {
      if (!t.is_array() || t.empty()) return Bad("an upload task is not [backend, tablets...]");
      ASSIGN_OR_RETURN(int64_t be, json::AsInt(t[0], "upload backend"));
      Upload u{be, static_cast<uint32_t>(upload_tablets_.size()), static_cast<uint32_t>(t.size() - 1)};
      for (size_t k = 1; k < t.size(); ++k) {
        ASSIGN_OR_RETURN(int64_t idx, json::AsInt(t[k], "upload tablet", 0, static_cast<int64_t>(tablets_.size()) - 1));
        upload_tablets_.push_back(static_cast<uint32_t>(idx));
      }
      uploads_.push_back(u);
    }
  }
  if (j.contains("releaseList")) {
    ASSIGN_OR_RETURN(release_first_, json::GetInt(j, "releaseFirst", 0, kMaxSignature));
    ASSIGN_OR_RETURN(const Json* list, json::GetArray(j, "releaseList"));
    releases_.clear();
    for (const auto& r : *list) {
      if (!r.is_array() || r.size() != 2) return Bad("a release is not [backend, path]");
      ASSIGN_OR_RETURN(int64_t be, json::AsInt(r[0], "release backend"));
      ASSIGN_OR_RETURN(std::string path, json::AsString(r[1], "release path"));
      releases_.emplace_back(be, std::move(path));
    }
    std::vector<int64_t> backends;
    for (const auto& r : releases_) backends.push_back(r.first);
    release_tasks_ = TaskTracker(release_first_, std::move(backends), ctx_.clock->MonotonicMs(), options_.tasks, &backoff_);
    ASSIGN_OR_RETURN(std::vector<int64_t> done, json::GetIntArray(j, "releasesDone", 0, kMaxCount));
    for (int64_t i : done) {
      if (static_cast<size_t>(i) < release_tasks_.size()) release_tasks_.Done(static_cast<size_t>(i));
    }
    if (ctx_.router) ctx_.router->Register(TaskType::kReleaseSnapshot, release_first_, static_cast<int64_t>(releases_.size()), job_id_);
  }
  state_ = final_state;
  ++generation_;
  if (IsDoneState(state_)) DropTasksLocked();
  return Status::OK();
}

Status BackupJob::ApplyLocked(const Json& r) {
  RETURN_IF_ERROR(ApplyCompletionsLocked(r));
  if (!r.contains("state")) return Status::OK();
  ASSIGN_OR_RETURN(std::string name, json::GetString(r, "state"));
  std::optional<BackupJobState> next = BackupJobStateFromName(name);
  if (!next) return Bad("unknown state " + name);
  if (!IsValidBackupTransition(state_, *next)) {
    return Bad("no transition from " + std::string(BackupJobStateName(state_)) + " to " + name);
  }
  if (*next == BackupJobState::kCancelled && r.contains("status")) {
    ASSIGN_OR_RETURN(const Json* st, json::GetObject(r, "status"));
    ASSIGN_OR_RETURN(std::string ec, json::GetString(*st, "ec"));
    ASSIGN_OR_RETURN(std::string em, json::GetString(*st, "em"));
    std::optional<JobStatus::Code> code = JobStatus::CodeFromName(ec);
    if (!code) return Bad("unknown status code " + ec);
    status_ = JobStatus(*code, em);
  }
  ASSIGN_OR_RETURN(snapshot_finished_time_ms_, json::GetOptionalInt(r, "snapshotFinishedTime", snapshot_finished_time_ms_, 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(bytes_total_, json::GetOptionalInt(r, "bytesTotal", bytes_total_, -1, kMaxBytes * 1024));
  ASSIGN_OR_RETURN(upload_finished_time_ms_, json::GetOptionalInt(r, "uploadFinishedTime", upload_finished_time_ms_, 0, kMaxTimeMs));
  ASSIGN_OR_RETURN(finished_time_ms_, json::GetOptionalInt(r, "finishedTime", finished_time_ms_, 0, kMaxTimeMs));
  RETURN_IF_ERROR(ValidateEnterLocked(*next, r));
  if (r.contains("releaseFirst")) RETURN_IF_ERROR(json::GetInt(r, "releaseFirst", 0, kMaxSignature).status());
  EnterLocked(*next, r);
  return Status::OK();
}

// The payload a transition to `next` carries, checked before anything changes.
Status BackupJob::ValidateEnterLocked(BackupJobState next, const Json& r) const {
  if (next == BackupJobState::kSnapshoting) {
    ASSIGN_OR_RETURN(const Json* groups, json::GetArray(r, "groups"));
    ASSIGN_OR_RETURN(std::vector<int64_t> flat, json::GetIntArray(r, "tablets"));
    if (flat.size() % 3 != 0) return Bad("tablets are not [tablet, group, backend] triples");
    for (size_t k = 1; k < flat.size(); k += 3) {
      if (flat[k] < 0 || static_cast<size_t>(flat[k]) >= groups->size()) return Bad("a tablet names an unknown group");
    }
    for (const auto& g : *groups) {
      if (!g.is_array() || g.size() != 5) return Bad("a group is not [table, partition, index, schema_hash, version]");
      for (size_t k = 0; k < 5; ++k) RETURN_IF_ERROR(json::AsInt(g[k], "group field").status());
      RETURN_IF_ERROR(json::AsInt32(g[3], "schema hash").status());
    }
    ASSIGN_OR_RETURN(const Json* meta, json::GetArray(r, "backupMeta"));
    for (const auto& t : *meta) RETURN_IF_ERROR(TableInfoFromJsonText(DumpJson(t)).status());
    RETURN_IF_ERROR(json::GetInt(r, "snapshotFirst", 0, kMaxSignature).status());
  } else if (next == BackupJobState::kUploading) {
    RETURN_IF_ERROR(json::GetInt(r, "uploadFirst", 0, kMaxSignature).status());
    ASSIGN_OR_RETURN(const Json* tasks, json::GetArray(r, "uploadTasks"));
    for (const auto& t : *tasks) {
      if (!t.is_array() || t.empty()) return Bad("an upload task is not [backend, tablets...]");
      for (size_t k = 0; k < t.size(); ++k) {
        ASSIGN_OR_RETURN(int64_t v, json::AsInt(t[k], "upload task field"));
        if (k > 0 && (v < 0 || static_cast<size_t>(v) >= tablets_.size())) return Bad("an upload names an unknown tablet");
      }
    }
  }
  return Status::OK();
}

// `record` was checked by ValidateEnterLocked.
void BackupJob::EnterLocked(BackupJobState next, const Json& r) {
  int64_t now = ctx_.clock->MonotonicMs();
  switch (next) {
    case BackupJobState::kSnapshoting: {
      snapshot_first_ = r.at("snapshotFirst").get<int64_t>();
      groups_.clear();
      for (const auto& g : r.at("groups")) {
        groups_.push_back(Group{g[0].get<int64_t>(), g[1].get<int64_t>(), g[2].get<int64_t>(), g[3].get<int32_t>(),
                                g[4].get<int64_t>()});
      }
      const Json& flat = r.at("tablets");
      tablets_.clear();
      tablets_.reserve(flat.size() / 3);
      std::vector<int64_t> backends;
      backends.reserve(flat.size() / 3);
      for (size_t k = 0; k + 2 < flat.size(); k += 3) {
        Tablet t;
        t.id = flat[k].get<int64_t>();
        t.group = static_cast<uint32_t>(flat[k + 1].get<int64_t>());
        t.backend = flat[k + 2].get<int64_t>();
        if (t.group >= groups_.size()) t.group = 0;
        backends.push_back(t.backend);
        tablets_.push_back(std::move(t));
      }
      meta_tables_.clear();
      for (const auto& t : r.at("backupMeta")) {
        Result<fe_backup::TableInfo> table = TableInfoFromJsonText(DumpJson(t));
        if (table.ok()) meta_tables_.push_back(std::move(*table));
      }
      snapshots_ = TaskTracker(snapshot_first_, std::move(backends), now, options_.tasks, &backoff_);
      if (ctx_.router) ctx_.router->Register(TaskType::kMakeSnapshot, snapshot_first_, static_cast<int64_t>(tablets_.size()), job_id_);
      break;
    }
    case BackupJobState::kUploadSnapshot:
      snapshots_ = TaskTracker();
      break;
    case BackupJobState::kUploading: {
      upload_first_ = r.at("uploadFirst").get<int64_t>();
      uploads_.clear();
      upload_tablets_.clear();
      std::vector<int64_t> backends;
      for (const auto& t : r.at("uploadTasks")) {
        Upload u{t[0].get<int64_t>(), static_cast<uint32_t>(upload_tablets_.size()), static_cast<uint32_t>(t.size() - 1)};
        for (size_t k = 1; k < t.size(); ++k) upload_tablets_.push_back(static_cast<uint32_t>(t[k].get<int64_t>()));
        uploads_.push_back(u);
        backends.push_back(u.backend);
      }
      upload_tasks_ = TaskTracker(upload_first_, std::move(backends), now, options_.tasks, &backoff_);
      if (ctx_.router) ctx_.router->Register(TaskType::kUpload, upload_first_, static_cast<int64_t>(uploads_.size()), job_id_);
      break;
    }
    case BackupJobState::kSaveMeta:
      upload_tasks_ = TaskTracker();
      progress_.clear();
      break;
    case BackupJobState::kUploadInfo:
    case BackupJobState::kCancelled:
      if (r.contains("releaseFirst")) {
        release_first_ = r.at("releaseFirst").get<int64_t>();
        BuildReleasesLocked();
      }
      break;
    case BackupJobState::kPending:
    case BackupJobState::kFinished:
      break;
  }
  state_ = next;
  ++generation_;
  if (IsDoneState(next)) DropTasksLocked();
}

Status BackupJob::ApplyCompletionsLocked(const Json& r) {
  int64_t n = static_cast<int64_t>(tablets_.size());
  if (r.contains("snapshots")) {
    ASSIGN_OR_RETURN(const Json* snaps, json::GetArray(r, "snapshots"));
    for (const auto& s : *snaps) {
      if (!s.is_array() || s.size() != 5) return Bad("a snapshot is not [tablet, backend, path, files, bytes]");
      ASSIGN_OR_RETURN(int64_t i, json::AsInt(s[0], "snapshot tablet", 0, n - 1));
      ASSIGN_OR_RETURN(int64_t be, json::AsInt(s[1], "snapshot backend"));
      ASSIGN_OR_RETURN(std::string path, json::AsString(s[2], "snapshot path"));
      ASSIGN_OR_RETURN(std::string files, json::AsString(s[3], "snapshot files"));
      ASSIGN_OR_RETURN(int64_t bytes, json::AsInt(s[4], "snapshot bytes", -1, kMaxBytes));
      Tablet& t = tablets_[static_cast<size_t>(i)];
      t.backend = be;
      t.path = std::move(path);
      t.files = std::move(files);
      t.bytes = bytes;
      if (snapshots_.size() == tablets_.size()) snapshots_.Done(static_cast<size_t>(i));
    }
  }
  if (r.contains("uploads")) {
    ASSIGN_OR_RETURN(const Json* ups, json::GetArray(r, "uploads"));
    for (const auto& u : *ups) {
      if (!u.is_array() || u.size() != 3 || !u[2].is_array()) return Bad("an upload is not [task, bytes, files]");
      ASSIGN_OR_RETURN(int64_t j, json::AsInt(u[0], "upload task", 0, static_cast<int64_t>(uploads_.size()) - 1));
      ASSIGN_OR_RETURN(int64_t bytes, json::AsInt(u[1], "upload bytes", 0, kMaxBytes));
      const Upload& task = uploads_[static_cast<size_t>(j)];
      if (u[2].size() != task.count) return Bad("upload " + std::to_string(j) + " lists other tablets than its task");
      for (uint32_t k = 0; k < task.count; ++k) {
        ASSIGN_OR_RETURN(std::string files, json::AsString(u[2][k], "upload files"));
        tablets_[upload_tablets_[task.first + k]].files = std::move(files);
      }
      if (upload_tasks_.size() == uploads_.size() && upload_tasks_.state(static_cast<size_t>(j)) != TaskTracker::State::kDone) {
        upload_tasks_.Done(static_cast<size_t>(j));
        bytes_done_ = std::min(bytes_done_ + bytes, kMaxBytes * 1024);
      }
    }
  }
  if (r.contains("releases")) {
    ASSIGN_OR_RETURN(std::vector<int64_t> done, json::GetIntArray(r, "releases", 0, kMaxCount));
    for (int64_t i : done) {
      if (static_cast<size_t>(i) < release_tasks_.size()) release_tasks_.Done(static_cast<size_t>(i));
    }
  }
  return Status::OK();
}

void BackupJob::BuildReleasesLocked() {
  releases_.clear();
  for (const auto& t : tablets_) {
    if (!t.path.empty()) releases_.emplace_back(t.backend, t.path);
  }
  std::vector<int64_t> backends;
  for (const auto& r : releases_) backends.push_back(r.first);
  release_tasks_ = TaskTracker(release_first_, std::move(backends), ctx_.clock->MonotonicMs(), options_.tasks, &backoff_);
  if (ctx_.router) {
    ctx_.router->Register(TaskType::kReleaseSnapshot, release_first_, static_cast<int64_t>(releases_.size()), job_id_);
  }
}

void BackupJob::DropTasksLocked() {
  // A done job keeps what SHOW BACKUP prints and the releases it still owes.
  if (!tablets_.empty()) summary_tablets_ = static_cast<int64_t>(tablets_.size());
  std::vector<Tablet>().swap(tablets_);
  std::vector<Group>().swap(groups_);
  std::vector<fe_backup::TableInfo>().swap(meta_tables_);
  std::vector<Upload>().swap(uploads_);
  std::vector<uint32_t>().swap(upload_tablets_);
  snapshots_ = TaskTracker();
  upload_tasks_ = TaskTracker();
  new_snapshots_.clear();
  new_uploads_.clear();
  progress_.clear();
  fatal_.reset();
  if (ctx_.router) {
    ctx_.router->Unregister(job_id_);
    if (release_tasks_.size() > release_tasks_.done_count()) {
      ctx_.router->Register(TaskType::kReleaseSnapshot, release_first_, static_cast<int64_t>(releases_.size()), job_id_);
    }
  }
}

std::vector<std::string> BackupJob::FilesOf(const Tablet& t) const { return SplitLines(t.files); }

}  // namespace feb::plugin
