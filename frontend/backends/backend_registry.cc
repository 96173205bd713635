#include "frontend/backends/backend_registry.h"

#include <cstdlib>

namespace feb::frontend {

using nlohmann::json;

Result<std::pair<std::string, int32_t>> BackendRegistry::ParseAddress(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    return Status(StatusCode::kInvalidArgument,
                  "Getting analyzing error. Detail message: invalid host port: " + address + ".", 1064);
  }
  std::string port_text = address.substr(colon + 1);
  char* end = nullptr;
  long port = std::strtol(port_text.c_str(), &end, 10);
  if (*end != '\0' || port <= 0 || port > 65535) {
    return Status(StatusCode::kInvalidArgument,
                  "Getting analyzing error. Detail message: invalid port: " + port_text + ".", 1064);
  }
  return std::make_pair(address.substr(0, colon), static_cast<int32_t>(port));
}

Result<int64_t> BackendRegistry::Add(const std::string& address) {
  ASSIGN_OR_RETURN(auto hp, ParseAddress(address));
  auto w = log_->WriterLock();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, b] : backends_) {
      if (b.info.host == hp.first && b.heartbeat_port == hp.second) {
        return Status::AlreadyExists("Same backend already exists[" + address + "]");
      }
    }
  }
  ASSIGN_OR_RETURN(int64_t id, log_->NextId());
  json r{{"id", id}, {"host", hp.first}, {"heartbeat_port", hp.second}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kAddBackend, r.dump()));
  RETURN_IF_ERROR(Apply(MetaOp::kAddBackend, r));
  return id;
}

Status BackendRegistry::Drop(const std::string& address) {
  ASSIGN_OR_RETURN(auto hp, ParseAddress(address));
  auto w = log_->WriterLock();
  int64_t found = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, b] : backends_) {
      if (b.info.host == hp.first && b.heartbeat_port == hp.second) found = id;
    }
  }
  if (!found) return Status::NotFound("backend does not exists[" + address + "]");
  json r{{"id", found}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kDropBackend, r.dump()));
  return Apply(MetaOp::kDropBackend, r);
}

std::vector<BackendEntry> BackendRegistry::Entries() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<BackendEntry> out;
  for (const auto& [id, b] : backends_) out.push_back(b);
  return out;
}

std::vector<fe_backup::BackendInfo> BackendRegistry::AliveBackends() {
  std::vector<fe_backup::BackendInfo> out;
  for (auto& b : List()) {
    if (b.alive) out.push_back(b);
  }
  return out;
}

void BackendRegistry::RecordHeartbeat(int64_t id, bool ok, const BackendEntry& reported, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = backends_.find(id);
  if (it == backends_.end()) return;
  auto& b = it->second;
  b.last_attempt_ms = now_ms;
  if (ok) {
    if (!b.info.alive) b.last_start_time_ms = now_ms;
    b.info.alive = true;
    b.info.be_port = reported.info.be_port;
    b.info.http_port = reported.info.http_port;
    b.info.brpc_port = reported.info.brpc_port;
    b.version = reported.version;
    b.last_heartbeat_ms = now_ms;
    b.error.clear();
  } else {
    b.error = reported.error;
  }
}

void BackendRegistry::Expire(int64_t now_ms, std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, b] : backends_) {
    if (b.info.alive && now_ms - b.last_heartbeat_ms > timeout.count()) b.info.alive = false;
  }
}

std::vector<fe_backup::BackendInfo> BackendRegistry::List() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<fe_backup::BackendInfo> out;
  for (const auto& [id, b] : backends_) out.push_back(b.info);
  return out;
}

std::optional<fe_backup::BackendInfo> BackendRegistry::Find(int64_t backend_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = backends_.find(backend_id);
  if (it == backends_.end()) return std::nullopt;
  return it->second.info;
}

Status BackendRegistry::Apply(MetaOp op, const json& r) {
  std::lock_guard<std::mutex> lock(mu_);
  try {
    if (op == MetaOp::kAddBackend) {
      BackendEntry e;
      e.info.id = r.at("id").get<int64_t>();
      e.info.host = r.at("host").get<std::string>();
      e.heartbeat_port = r.at("heartbeat_port").get<int32_t>();
      backends_[e.info.id] = e;
      return Status::OK();
    }
    if (op == MetaOp::kDropBackend) {
      backends_.erase(r.at("id").get<int64_t>());
      return Status::OK();
    }
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("bad backend record: ") + e.what());
  }
  return Status::Corruption("backends: unknown op " + std::to_string(static_cast<int>(op)));
}

json BackendRegistry::Snapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  json out = json::array();
  for (const auto& [id, b] : backends_) {
    out.push_back(json{{"id", id}, {"host", b.info.host}, {"heartbeat_port", b.heartbeat_port}});
  }
  return out;
}

Status BackendRegistry::Restore(const json& image) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    backends_.clear();
  }
  if (!image.is_array()) return Status::Corruption("bad backends checkpoint");
  for (const auto& r : image) RETURN_IF_ERROR(Apply(MetaOp::kAddBackend, r));
  return Status::OK();
}

}  // namespace feb::frontend
