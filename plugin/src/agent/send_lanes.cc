#include "plugin/src/agent/send_lanes.h"

namespace feb::plugin {

SendLanes::SendLanes(TaskSender* sender, size_t max_queued_tasks)
    : sender_(sender), max_queued_tasks_(max_queued_tasks) {}

SendLanes::~SendLanes() { Shutdown(); }

bool SendLanes::Post(const fe_backup::BackendInfo& backend, std::vector<AgentTask> tasks, Callback done) {
  if (tasks.empty()) return true;
  MutexLock l(mu_);
  if (stopping_) return false;
  std::unique_ptr<Lane>& lane = lanes_[backend.id];
  if (!lane) {
    lane = std::make_unique<Lane>();
    Lane* raw = lane.get();
    lane->thread = std::thread([this, raw] { Loop(raw); });
  }
  if (lane->pending_tasks > 0 && lane->pending_tasks + tasks.size() > max_queued_tasks_) return false;
  lane->pending_tasks += tasks.size();
  ++busy_;
  lane->queue.push_back(Batch{backend, std::move(tasks), std::move(done)});
  lane->cv.NotifyOne();
  return true;
}

size_t SendLanes::Pending(int64_t backend_id) const {
  MutexLock l(mu_);
  auto it = lanes_.find(backend_id);
  return it == lanes_.end() ? 0 : it->second->pending_tasks;
}

void SendLanes::Loop(Lane* lane) {
  while (true) {
    Batch batch;
    {
      MutexLock l(mu_);
      while (!stopping_ && lane->queue.empty()) lane->cv.Wait(mu_);
      if (stopping_) return;
      batch = std::move(lane->queue.front());
      lane->queue.pop_front();
    }
    SubmitOutcome outcome = sender_->Submit(batch.backend, batch.tasks);
    {
      MutexLock l(mu_);
      lane->pending_tasks -= batch.tasks.size();
    }
    if (batch.done) batch.done(outcome);
    MutexLock l(mu_);
    if (--busy_ == 0) idle_cv_.NotifyAll();
  }
}

void SendLanes::WaitIdle() {
  MutexLock l(mu_);
  while (busy_ > 0 && !stopping_) idle_cv_.WaitFor(mu_, std::chrono::milliseconds(100));
}

void SendLanes::Shutdown() {
  std::map<int64_t, std::unique_ptr<Lane>> lanes;
  std::vector<Batch> dropped;
  {
    MutexLock l(mu_);
    if (stopping_ && lanes_.empty()) return;
    stopping_ = true;
    for (auto& [id, lane] : lanes_) {
      for (auto& b : lane->queue) dropped.push_back(std::move(b));
      lane->queue.clear();
      lane->cv.NotifyAll();
    }
    lanes = std::move(lanes_);
    lanes_.clear();
    busy_ = 0;
    idle_cv_.NotifyAll();
  }
  for (auto& [id, lane] : lanes) {
    if (lane->thread.joinable()) lane->thread.join();
  }
  SubmitOutcome cancelled;
  cancelled.transport = Status::Cancelled("the module is shutting down");
  for (auto& b : dropped) {
    if (b.done) b.done(cancelled);
  }
}

}  // namespace feb::plugin
