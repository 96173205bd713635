#include "backend/agent/agent_server.h"

#include <glog/logging.h>

#include <algorithm>

namespace feb::be {

AgentServer::AgentServer(TaskExecutor* executor, FeClient* fe, AgentServerOptions options,
                         std::function<double()> jitter)
    : executor_(executor), fe_(fe), options_(std::move(options)), jitter_(std::move(jitter)) {
  for (const auto& [type, threads] : options_.threads) {
    pools_[type] = std::make_unique<TaskWorkerPool>(TaskTypeName(type), threads, options_.queue_capacity,
                                                    [this](AgentTask t) { Run(std::move(t)); });
  }
}

AgentServer::~AgentServer() { Shutdown(); }

Result<AgentServer::Outcome> AgentServer::Submit(AgentTask task) {
  auto pool = pools_.find(task.type);
  if (pool == pools_.end()) {
    return Status::NotSupported(std::string("no worker pool for task type ") + TaskTypeName(task.type));
  }
  const TaskType type = task.type;
  const int64_t signature = task.signature;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Status::ResourceExhausted("backend is shutting down");
    if (!registered_[type].insert(signature).second) return Outcome::kDuplicate;
  }
  Status s = pool->second->Submit(std::move(task));
  if (!s.ok()) {
    Unregister(type, signature);
    return s;
  }
  return Outcome::kQueued;
}

std::map<TaskType, std::set<int64_t>> AgentServer::Running() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<TaskType, std::set<int64_t>> out;
  for (const auto& [type, sigs] : registered_) {
    if (!sigs.empty()) out[type] = sigs;
  }
  return out;
}

size_t AgentServer::Queued() const {
  size_t n = 0;
  for (const auto& [type, pool] : pools_) n += pool->queued();
  return n;
}

void AgentServer::Unregister(TaskType type, int64_t signature) {
  std::lock_guard<std::mutex> lock(mu_);
  registered_[type].erase(signature);
}

std::chrono::milliseconds AgentServer::Backoff(int attempt) {
  int64_t base = options_.backoff_base.count();
  int64_t cap = options_.backoff_max.count();
  int64_t d = base;
  for (int i = 1; i < attempt && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  double factor = 0.5 + std::clamp(jitter_(), 0.0, 0.999999);
  return std::chrono::milliseconds(static_cast<int64_t>(static_cast<double>(d) * factor));
}

void AgentServer::Run(AgentTask task) {
  TaskReport report = executor_->Execute(task);
  ReportWithRetry(report);
  Unregister(task.type, task.signature);
}

void AgentServer::ReportWithRetry(const TaskReport& report) {
  for (int attempt = 1; attempt <= options_.finish_task_attempts; ++attempt) {
    Status s = fe_->FinishTask(report);
    if (s.ok()) return;
    bool retriable = s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kTimeout;
    if (!retriable) {
      LOG(WARNING) << "finishTask of " << TaskTypeName(report.type) << " " << report.signature
                   << " answered: " << s;
      return;
    }
    if (attempt == options_.finish_task_attempts) {
      LOG(WARNING) << "giving up finishTask of " << TaskTypeName(report.type) << " " << report.signature << " after "
                   << attempt << " attempts: " << s;
      return;
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (stop_cv_.wait_for(lock, Backoff(attempt), [this] { return stopping_; })) {
      LOG(WARNING) << "shutting down: finishTask of " << TaskTypeName(report.type) << " " << report.signature
                   << " not delivered: " << s;
      return;
    }
  }
}

void AgentServer::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    stop_cv_.notify_all();
  }
  for (auto& [type, pool] : pools_) {
    for (const AgentTask& t : pool->Shutdown()) Unregister(t.type, t.signature);
  }
}

}  // namespace feb::be
