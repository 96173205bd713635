// SendLanes: one send lane per backend. A lane is a thread with a bounded queue of batches that
// it hands to the TaskSender one after another, so a backend whose BackendService hangs (while
// its heartbeats still succeed) delays only its own lane: jobs, other backends and report
// handlers never wait for it.
//
// Post() never blocks: a lane whose queue holds `max_queued_tasks` refuses more, and the caller
// keeps those tasks for a later step. The outcome callback runs on the lane's thread with no
// lane lock held (it may take the poster's own locks).
// Thread-safe. Shutdown() stops accepting, drops queued batches (their callbacks get a
// Cancelled transport status) and joins every lane.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "common/sync/mutex.h"
#include "plugin/src/agent/task_sender.h"

namespace feb::plugin {

class SendLanes {
 public:
  using Callback = std::function<void(const SubmitOutcome&)>;

  SendLanes(TaskSender* sender, size_t max_queued_tasks = 20000);
  ~SendLanes();
  SendLanes(const SendLanes&) = delete;
  SendLanes& operator=(const SendLanes&) = delete;

  // Queues `tasks` for `backend`'s lane; false (nothing queued, no callback) if the lane is
  // full or shutting down.
  bool Post(const fe_backup::BackendInfo& backend, std::vector<AgentTask> tasks, Callback done) EXCLUDES(mu_);
  // Tasks queued or being sent on a backend's lane.
  size_t Pending(int64_t backend_id) const EXCLUDES(mu_);
  // Blocks until every lane is idle: nothing queued, no call or callback running (tests).
  void WaitIdle() EXCLUDES(mu_);
  void Shutdown() EXCLUDES(mu_);

 private:
  struct Batch {
    fe_backup::BackendInfo backend;
    std::vector<AgentTask> tasks;
    Callback done;
  };
  struct Lane {
    std::deque<Batch> queue;
    size_t pending_tasks = 0;  // queued + the batch being sent
    CondVar cv;
    std::thread thread;
  };
  void Loop(Lane* lane);

  TaskSender* sender_;
  const size_t max_queued_tasks_;
  mutable Mutex mu_;
  bool stopping_ GUARDED_BY(mu_) = false;
  size_t busy_ GUARDED_BY(mu_) = 0;  // batches queued or being sent, over all lanes
  CondVar idle_cv_;
  std::map<int64_t, std::unique_ptr<Lane>> lanes_ GUARDED_BY(mu_);
};

}  // namespace feb::plugin
