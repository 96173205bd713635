// AgentServer: the backend's task front door. Accepts validated tasks, drops a task whose
// (type, signature) is already queued or running (a frontend re-send), queues it on the
// pool for its type, runs it with the TaskExecutor and reports the result with
// FrontendService.finishTask, retrying an unreachable frontend a bounded number of times
// with jittered exponential backoff. The (type, signature) stays registered until its
// report was sent or given up, so the periodic report lists it as running.
// Thread-safe. Shutdown() order: stop accepting, wake backoff sleeps, join the pools.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "backend/agent/agent_task.h"
#include "backend/agent/fe_client.h"
#include "backend/agent/task_executor.h"
#include "backend/agent/task_worker_pool.h"

namespace feb::be {

struct AgentServerOptions {
  std::map<TaskType, int> threads = {{TaskType::kCreate, 3},          {TaskType::kDrop, 3},
                                     {TaskType::kMakeSnapshot, 5},    {TaskType::kReleaseSnapshot, 5},
                                     {TaskType::kUpload, 1},          {TaskType::kDownload, 1},
                                     {TaskType::kMove, 1}};
  size_t queue_capacity = 10000;  // per type
  int finish_task_attempts = 5;   // including the first
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{5000};
};

class AgentServer {
 public:
  enum class Outcome { kQueued, kDuplicate };

  // `jitter` returns a value in [0, 1) (injected for tests). `executor` and `fe` outlive this.
  AgentServer(TaskExecutor* executor, FeClient* fe, AgentServerOptions options, std::function<double()> jitter);
  ~AgentServer();

  // kDuplicate when the same (type, signature) is still queued/running; ResourceExhausted
  // when that type's queue is full or the server is shutting down.
  Result<Outcome> Submit(AgentTask task);
  std::map<TaskType, std::set<int64_t>> Running() const;
  // Tasks waiting in the queues (not yet picked by a worker).
  size_t Queued() const;
  void Shutdown();

  // The delay before retry `attempt` (1-based): base * 2^(attempt-1), capped, times a
  // factor in [0.5, 1.5).
  std::chrono::milliseconds Backoff(int attempt);

 private:
  void Run(AgentTask task);
  void ReportWithRetry(const TaskReport& report);
  void Unregister(TaskType type, int64_t signature);

  TaskExecutor* executor_;
  FeClient* fe_;
  const AgentServerOptions options_;
  std::function<double()> jitter_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;                               // guarded by mu_
  std::map<TaskType, std::set<int64_t>> registered_;    // guarded by mu_
  std::map<TaskType, std::unique_ptr<TaskWorkerPool>> pools_;
};

}  // namespace feb::be
