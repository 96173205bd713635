#include "backend/agent/transfer_progress.h"

#include <gtest/gtest.h>

#include <vector>

namespace feb::be {
namespace {

using std::chrono::milliseconds;

class TransferProgressTest : public ::testing::Test {
 protected:
  std::chrono::steady_clock::time_point now_{};
  std::vector<int32_t> sent_;
  Status answer_;
  TransferProgress progress_{[this](int32_t finished) {
                               sent_.push_back(finished);
                               return answer_;
                             },
                             milliseconds(1000), [this] { return now_; }};
};

TEST_F(TransferProgressTest, ReportsByTimeNotByCalls) {
  ASSERT_TRUE(progress_.Force().ok());
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(progress_.Tick().ok());
  EXPECT_EQ(sent_, std::vector<int32_t>{0}) << "a hundred files within a second: no report";
  now_ += milliseconds(999);
  progress_.SetFinished(3);
  ASSERT_TRUE(progress_.Tick().ok());
  EXPECT_EQ(sent_.size(), 1u);
  now_ += milliseconds(1);
  ASSERT_TRUE(progress_.Tick().ok());
  ASSERT_TRUE(progress_.Tick().ok());
  EXPECT_EQ(sent_, (std::vector<int32_t>{0, 3}));
  progress_.SetFinished(4);
  ASSERT_TRUE(progress_.Force().ok());
  EXPECT_EQ(sent_, (std::vector<int32_t>{0, 3, 4}));
}

TEST_F(TransferProgressTest, AnUnansweredReportIsNotRetriedBeforeTheInterval) {
  answer_ = Status::OK();  // the caller maps "unreachable" to OK; the clock still restarts
  ASSERT_TRUE(progress_.Force().ok());
  now_ += milliseconds(500);
  ASSERT_TRUE(progress_.Tick().ok());
  EXPECT_EQ(sent_.size(), 1u);
}

TEST_F(TransferProgressTest, CancelIsStickyForEveryThread) {
  now_ += milliseconds(1000);
  answer_ = Status::Cancelled("Cancelled");
  EXPECT_EQ(progress_.Tick().code(), StatusCode::kCancelled);
  answer_ = Status::OK();
  EXPECT_EQ(progress_.Tick().code(), StatusCode::kCancelled) << "no new report needed to know";
  EXPECT_EQ(progress_.Force().code(), StatusCode::kCancelled);
  EXPECT_EQ(sent_.size(), 1u);
}

}  // namespace
}  // namespace feb::be
