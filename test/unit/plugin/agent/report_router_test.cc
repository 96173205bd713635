#include "plugin/src/agent/report_router.h"

#include <gtest/gtest.h>

namespace feb::plugin {
namespace {

using fe_backup::TaskType;

TEST(ReportRouterTest, RoutesByTypeAndSignatureRange) {
  ReportRouter r;
  r.Register(TaskType::kMakeSnapshot, 100, 10, /*owner=*/1);
  r.Register(TaskType::kMakeSnapshot, 110, 5, /*owner=*/2);
  r.Register(TaskType::kUpload, 100, 1, /*owner=*/3);
  EXPECT_EQ(r.OwnerOf(TaskType::kMakeSnapshot, 100), 1);
  EXPECT_EQ(r.OwnerOf(TaskType::kMakeSnapshot, 109), 1);
  EXPECT_EQ(r.OwnerOf(TaskType::kMakeSnapshot, 110), 2);
  EXPECT_EQ(r.OwnerOf(TaskType::kMakeSnapshot, 115), std::nullopt);
  EXPECT_EQ(r.OwnerOf(TaskType::kMakeSnapshot, 99), std::nullopt);
  EXPECT_EQ(r.OwnerOf(TaskType::kUpload, 100), 3);
  EXPECT_EQ(r.OwnerOf(TaskType::kUpload, 101), std::nullopt);
  EXPECT_EQ(r.OwnerOf(TaskType::kReleaseSnapshot, 100), std::nullopt);
  r.Unregister(1);
  EXPECT_EQ(r.OwnerOf(TaskType::kMakeSnapshot, 105), std::nullopt);
  EXPECT_EQ(r.OwnerOf(TaskType::kMakeSnapshot, 112), 2);
}

}  // namespace
}  // namespace feb::plugin
