#include "common/time/time_format.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "common/time/clock.h"

namespace feb {
namespace {

class TimeFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

TEST_F(TimeFormatTest, ShowTimeUsesLocalZoneAndNullForUnset) {
  EXPECT_EQ(FormatShowTime(1700000000123), "2023-11-14 22:13:20");
  EXPECT_EQ(FormatShowTime(0), "NULL");
  EXPECT_EQ(FormatShowTime(-1), "NULL");
}

TEST_F(TimeFormatTest, SnapshotTimestampRoundTrips) {
  std::string ts = FormatSnapshotTimestamp(1700000000123);
  EXPECT_EQ(ts, "2023-11-14-22-13-20-123");
  EXPECT_EQ(ParseSnapshotTimestamp(ts), 1700000000123);
  EXPECT_EQ(ParseSnapshotTimestamp("2023-11-14-22-13-20"), 1700000000000);
}

TEST_F(TimeFormatTest, RejectsMalformedTimestamps) {
  EXPECT_FALSE(ParseSnapshotTimestamp(""));
  EXPECT_FALSE(ParseSnapshotTimestamp("2023-11-14 22:13:20"));
  EXPECT_FALSE(ParseSnapshotTimestamp("2023-13-14-22-13-20-123"));
  EXPECT_FALSE(ParseSnapshotTimestamp("2023-11-14-22-13-20-12x"));
  EXPECT_FALSE(ParseSnapshotTimestamp("../../etc/passwd-xx-xx"));
}

TEST(FakeClockTest, MovesOnlyWhenTold) {
  FakeClock clock(1000);
  EXPECT_EQ(clock.NowMs(), 1000);
  clock.AdvanceMs(500);
  EXPECT_EQ(clock.NowMs(), 1500);
  EXPECT_EQ(clock.MonotonicMs(), 1500);
}

}  // namespace
}  // namespace feb
