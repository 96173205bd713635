#include "plugin/src/agent/task_tracker.h"

#include <gtest/gtest.h>

namespace feb::plugin {
namespace {

TEST(TaskTrackerTest, ASubmitOutcomeBacksOffOnlyWhatWasNotAccepted) {
  Backoff backoff(1000, 60000, [] { return 0.0; });
  TaskTracker t(100, {1, 1, 1}, 0, {}, &backoff);
  auto due = t.TakeDue(0, [](int64_t) { return true; });
  ASSERT_EQ(due[1].size(), 3u);
  SubmitOutcome refused;
  refused.rejected.emplace_back(1, "queue full");
  t.ApplyOutcome(due[1], refused, 0);
  EXPECT_EQ(t.state(0), TaskTracker::State::kSent);
  EXPECT_EQ(t.state(1), TaskTracker::State::kWaiting);
  EXPECT_EQ(t.errors().at(101), "backend refused the task: queue full");
  EXPECT_EQ(t.state(2), TaskTracker::State::kSent);

  TaskTracker u(200, {2, 2}, 0, {}, &backoff);
  auto due2 = u.TakeDue(0, [](int64_t) { return true; });
  SubmitOutcome down;
  down.transport = Status::Unavailable("connection refused");
  down.rejected.emplace_back(7, "out of range is ignored");
  u.ApplyOutcome(due2[2], down, 0);
  EXPECT_EQ(u.state(0), TaskTracker::State::kWaiting);
  EXPECT_EQ(u.state(1), TaskTracker::State::kWaiting);
  EXPECT_EQ(u.errors().at(200), "failed to send task: connection refused");
  EXPECT_TRUE(u.TakeDue(10, [](int64_t) { return true; }).empty()) << "backed off, not due at once";
}

}  // namespace
}  // namespace feb::plugin
