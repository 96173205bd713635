#include "plugin/src/repository/repository_manager.h"

#include <glog/logging.h>

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "common/json/json_reader.h"
#include "common/time/time_format.h"
#include "plugin/src/repository/json_text.h"
#include "plugin/src/repository/secret_redaction.h"

namespace feb::plugin {

using Json = nlohmann::ordered_json;

Status CheckRepositoryName(const std::string& name) {
  static const std::regex kName(R"(^[a-zA-Z]\w{0,63}$|^_[a-zA-Z0-9]\w{0,62}$)");
  if (!std::regex_match(name, kName)) {
    return Status(StatusCode::kInvalidArgument, "Incorrect repository name '" + name + "'", 1105);
  }
  return Status::OK();
}

RepositoryManager::RepositoryManager(fe_backup::Host* host, std::shared_ptr<storage::StorageRegistry> storages,
                                     const Clock* clock)
    : host_(host), storages_(std::move(storages)), clock_(clock) {}

namespace {

// Why a CREATE REPOSITORY failed, as the user sees it: the storage's message (which says what
// the server answered) with the endpoint named and no secret in it.
Status CreateError(const Status& s, const RepositoryDefinition& def) {
  std::string message = s.message();
  auto endpoint = def.properties.find("aws.s3.endpoint");
  if (endpoint != def.properties.end() && !endpoint->second.empty() &&
      message.find(endpoint->second) == std::string::npos) {
    message += " (endpoint " + endpoint->second + ")";
  }
  message = RedactSecrets(std::move(message), def.properties);
  if (s.code() == StatusCode::kNotSupported) return Status(s.code(), message, s.mysql_errno());
  return Status(s.code(), "Failed to create repository: " + message);
}

}  // namespace

Status RepositoryManager::Create(const CreateRepositoryRequest& request) {
  if (request.broker) {
    return Status::NotSupported("broker does not exist: " + *request.broker +
                                ". Only broker-less repositories (WITH BROKER ON LOCATION ...) are supported");
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    // Reserve the name: a concurrent CREATE of it fails here, and the finders skip the entry.
    if (!by_name_.emplace(request.name, Entry{}).second) {
      return Status::AlreadyExists("repository with same name already exist: " + request.name);
    }
  }
  auto unreserve = [&] {
    std::lock_guard<std::mutex> l(mu_);
    by_name_.erase(request.name);
  };
  RepositoryDefinition def;
  def.id = host_->journal().NextId();
  def.name = request.name;
  def.location = request.location;
  while (def.location.size() > 1 && def.location.back() == '/' &&
         def.location.compare(def.location.size() - 3, 3, "://") != 0) {
    def.location.pop_back();
  }
  def.read_only = request.read_only;
  def.properties = request.properties;
  def.create_time_ms = clock_->NowMs();
  // Storage I/O, without the lock.
  Result<std::shared_ptr<StorageRepository>> repo = StorageRepository::Open(def, *storages_, /*init=*/!def.read_only);
  Status s = repo.status();
  if (s.ok() && def.read_only) s = (*repo)->CheckLocation();
  if (s.ok() && def.read_only) s = (*repo)->Ping();
  if (!s.ok()) {
    unreserve();
    return CreateError(s, def);
  }
  Json record{{"id", def.id},         {"name", def.name},           {"location", def.location},
              {"read_only", def.read_only}, {"properties", def.properties}, {"create_time", def.create_time_ms}};
  Status js = AppendRecord(kJournalOpCreate, DumpJson(record), [&] {
    std::lock_guard<std::mutex> l(mu_);
    by_name_[def.name] = Entry{*repo, "", clock_->MonotonicMs(), false};
  });
  if (!js.ok()) {
    unreserve();
    return Status::Unavailable("failed to journal repository " + def.name + ": " + js.message());
  }
  LOG(INFO) << "repository " << def.name << " created at " << def.location << (def.read_only ? " (read only)" : "");
  return Status::OK();
}

Status RepositoryManager::Drop(const std::string& name, const std::function<bool(int64_t)>& in_use) {
  std::shared_ptr<StorageRepository> repo;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = by_name_.find(name);
    if (it == by_name_.end() || !it->second.repo) return Status::NotFound("Repository does not exist");
    if (it->second.dropping) return Status::IllegalState("repository " + name + " is being dropped");
    it->second.dropping = true;
    repo = it->second.repo;
  }
  auto keep = [&] {
    std::lock_guard<std::mutex> l(mu_);
    auto it = by_name_.find(name);
    if (it != by_name_.end() && it->second.repo == repo) it->second.dropping = false;
  };
  // The callback takes job mutexes, and job steps holding one call FindById: not under mu_.
  if (in_use && in_use(repo->id())) {
    keep();
    return Status::IllegalState("Backup or restore job is running on this repository. Can not drop it");
  }
  Json record{{"name", name}};
  Status js = AppendRecord(kJournalOpDrop, DumpJson(record), [&] {
    std::lock_guard<std::mutex> l(mu_);
    auto it = by_name_.find(name);
    if (it != by_name_.end() && it->second.repo == repo) by_name_.erase(it);
  });
  if (!js.ok()) {
    keep();
    return Status::Unavailable("failed to journal the drop of repository " + name + ": " + js.message());
  }
  LOG(INFO) << "repository " << name << " dropped (its data stays in storage)";
  return Status::OK();
}

fe_backup::StatementResult RepositoryManager::Show() const {
  fe_backup::StatementResult r;
  r.has_result_set = true;
  r.columns = {"RepoId", "RepoName", "CreateTime", "IsReadOnly", "Location", "Broker", "ErrMsg"};
  std::lock_guard<std::mutex> l(mu_);
  std::vector<const Entry*> entries;
  for (const auto& [name, e] : by_name_) {
    if (e.repo) entries.push_back(&e);
  }
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->repo->id() < b->repo->id(); });
  for (const Entry* e : entries) {
    const RepositoryDefinition& d = e->repo->definition();
    r.rows.push_back({std::to_string(d.id), d.name, FormatShowTime(d.create_time_ms), d.read_only ? "true" : "false",
                      d.location, d.broker, e->err_msg.empty() ? "NULL" : e->err_msg});
  }
  return r;
}

std::shared_ptr<SnapshotRepository> RepositoryManager::FindByName(const std::string& name) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second.repo;  // null while reserved
}

std::shared_ptr<SnapshotRepository> RepositoryManager::FindById(int64_t repo_id) {
  std::lock_guard<std::mutex> l(mu_);
  for (const auto& [name, e] : by_name_) {
    if (e.repo && e.repo->id() == repo_id) return e.repo;
  }
  return nullptr;
}

namespace {

Result<RepositoryDefinition> DefinitionFromRecord(const Json& j) {
  RepositoryDefinition def;
  ASSIGN_OR_RETURN(def.id, json::GetInt(j, "id", 0, json::kInt64Max));
  ASSIGN_OR_RETURN(def.name, json::GetString(j, "name"));
  ASSIGN_OR_RETURN(def.location, json::GetString(j, "location"));
  ASSIGN_OR_RETURN(def.read_only, json::GetBool(j, "read_only"));
  ASSIGN_OR_RETURN(def.properties, json::GetStringMap(j, "properties"));
  ASSIGN_OR_RETURN(def.create_time_ms, json::GetInt(j, "create_time", 0, json::kInt64Max));
  return def;
}

}  // namespace

Status RepositoryManager::Replay(uint16_t op, std::string_view payload) {
  if (op != kJournalOpCreate && op != kJournalOpDrop) return Status::OK();
  Result<Json> j = json::ParseObject<Json>(payload);
  if (!j.ok()) return j.status().WithContext("repository record");
  if (op == kJournalOpDrop) {
    Result<std::string> name = json::GetString(*j, "name");
    if (!name.ok()) return name.status().WithContext("repository record");
    std::lock_guard<std::mutex> l(mu_);
    by_name_.erase(*name);
    return Status::OK();
  }
  Result<RepositoryDefinition> def = DefinitionFromRecord(*j);
  if (!def.ok()) return def.status().WithContext("repository record");
  // Open probes the storage: without the lock.
  Result<std::shared_ptr<StorageRepository>> repo = StorageRepository::Open(*def, *storages_, /*init=*/false);
  if (!repo.ok()) {
    return Status(repo.status().code(), "repository " + def->name + ": " + RedactSecrets(repo.status().message(), def->properties));
  }
  std::lock_guard<std::mutex> l(mu_);
  by_name_[def->name] = Entry{*repo, "", -1, false};
  return Status::OK();
}

Status RepositoryManager::AppendRecord(uint16_t op, const std::string& payload, const std::function<void()>& apply) {
  if (journal_ != nullptr) return journal_->Append(op, payload, apply);
  fe_backup::HostStatus s = host_->journal().Append(op, payload);
  if (!s.ok()) return Status::Unavailable(s.message);
  apply();
  return Status::OK();
}

std::vector<std::string> RepositoryManager::CreateRecords() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> out;
  for (const auto& [name, e] : by_name_) {
    if (!e.repo) continue;  // a Create in progress: not journaled yet
    const RepositoryDefinition& def = e.repo->definition();
    Json record{{"id", def.id},         {"name", def.name},           {"location", def.location},
                {"read_only", def.read_only}, {"properties", def.properties}, {"create_time", def.create_time_ms}};
    out.push_back(DumpJson(record));
  }
  return out;
}

void RepositoryManager::PingDue(bool force) {
  std::vector<std::pair<std::string, std::shared_ptr<StorageRepository>>> due;
  int64_t now = clock_->MonotonicMs();
  {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& [name, e] : by_name_) {
      if (!e.repo) continue;  // being created
      if (force || e.last_ping_ms < 0 || now - e.last_ping_ms >= kPingIntervalMs) {
        e.last_ping_ms = now;
        due.emplace_back(name, e.repo);
      }
    }
  }
  for (auto& [name, repo] : due) {
    Status s = repo->Ping();
    std::lock_guard<std::mutex> l(mu_);
    auto it = by_name_.find(name);
    if (it == by_name_.end() || it->second.repo != repo) continue;
    it->second.err_msg =
        s.ok() ? "" : FormatShowTime(clock_->NowMs()) + ": " + RedactSecrets(s.message(), repo->definition().properties);
  }
}

}  // namespace feb::plugin
