#include "plugin/src/agent/send_lanes.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>

namespace feb::plugin {
namespace {

// Backend 1's BackendService hangs until released; every other backend answers at once.
class HangingSender : public TaskSender {
 public:
  SubmitOutcome Submit(const fe_backup::BackendInfo& backend, const std::vector<AgentTask>&) override {
    if (backend.id == 1) {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [this] { return released_; });
    }
    return {};
  }
  void Release() {
    std::lock_guard<std::mutex> l(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
};

fe_backup::BackendInfo Backend(int64_t id) {
  fe_backup::BackendInfo b;
  b.id = id;
  b.alive = true;
  return b;
}

std::vector<AgentTask> OneTask() {
  AgentTask t;
  t.type = fe_backup::TaskType::kMakeSnapshot;
  t.signature = 1;
  return {t};
}

TEST(SendLanesTest, AHungBackendDelaysOnlyItsOwnLane) {
  HangingSender sender;
  SendLanes lanes(&sender);
  std::promise<void> hung_done, other_done;
  ASSERT_TRUE(lanes.Post(Backend(1), OneTask(), [&](const SubmitOutcome&) { hung_done.set_value(); }));
  ASSERT_TRUE(lanes.Post(Backend(2), OneTask(), [&](const SubmitOutcome&) { other_done.set_value(); }));
  EXPECT_EQ(other_done.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto hung = hung_done.get_future();
  EXPECT_EQ(hung.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  sender.Release();
  EXPECT_EQ(hung.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(SendLanesTest, AFullLaneRefusesMoreWithoutBlocking) {
  HangingSender sender;
  SendLanes lanes(&sender, /*max_queued_tasks=*/2);
  ASSERT_TRUE(lanes.Post(Backend(1), OneTask(), nullptr));
  ASSERT_TRUE(lanes.Post(Backend(1), OneTask(), nullptr));
  EXPECT_FALSE(lanes.Post(Backend(1), OneTask(), nullptr));
  EXPECT_TRUE(lanes.Post(Backend(2), OneTask(), nullptr));
  sender.Release();
  lanes.WaitIdle();
  EXPECT_EQ(lanes.Pending(1), 0u);
}

}  // namespace
}  // namespace feb::plugin
