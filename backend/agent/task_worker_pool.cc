#include "backend/agent/task_worker_pool.h"

namespace feb::be {

TaskWorkerPool::TaskWorkerPool(std::string name, int threads, size_t capacity, Handler handler)
    : name_(std::move(name)), capacity_(capacity), handler_(std::move(handler)) {
  for (int i = 0; i < std::max(threads, 1); ++i) workers_.emplace_back([this] { Work(); });
}

TaskWorkerPool::~TaskWorkerPool() { Shutdown(); }

Status TaskWorkerPool::Submit(AgentTask task) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return Status::ResourceExhausted(name_ + " pool is shut down");
  if (queue_.size() >= capacity_) {
    return Status::ResourceExhausted(name_ + " task queue full (" + std::to_string(capacity_) + " tasks)");
  }
  queue_.push_back(std::move(task));
  cv_.notify_one();
  return Status::OK();
}

size_t TaskWorkerPool::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

std::vector<AgentTask> TaskWorkerPool::Shutdown() {
  std::vector<AgentTask> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_ && workers_.empty()) return dropped;
    stopped_ = true;
    for (AgentTask& t : queue_) dropped.push_back(std::move(t));
    queue_.clear();
    cv_.notify_all();
  }
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
  return dropped;
}

void TaskWorkerPool::Work() {
  while (true) {
    AgentTask task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopped_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopped
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    handler_(std::move(task));
  }
}

}  // namespace feb::be
