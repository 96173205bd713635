// TaskWorkerPool: a fixed number of worker threads draining a bounded FIFO of tasks of one
// type. Submit() never blocks: a full queue or a stopped pool is ResourceExhausted.
// Shutdown() stops accepting, drops what is still queued (returned to the caller) and
// joins the workers after their current task. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backend/agent/agent_task.h"
#include "common/status/status.h"

namespace feb::be {

class TaskWorkerPool {
 public:
  using Handler = std::function<void(AgentTask)>;

  TaskWorkerPool(std::string name, int threads, size_t capacity, Handler handler);
  ~TaskWorkerPool();
  TaskWorkerPool(const TaskWorkerPool&) = delete;
  TaskWorkerPool& operator=(const TaskWorkerPool&) = delete;

  Status Submit(AgentTask task);
  std::vector<AgentTask> Shutdown();
  size_t queued() const;

 private:
  void Work();

  const std::string name_;
  const size_t capacity_;
  Handler handler_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<AgentTask> queue_;  // guarded by mu_
  bool stopped_ = false;         // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace feb::be
