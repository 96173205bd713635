#include "plugin/src/job/job_status.h"

#include <gtest/gtest.h>

#include "plugin/src/job/backup_job_state.h"

namespace feb::plugin {
namespace {

TEST(JobStatusTest, PrintsLikeStarRocks) {
  EXPECT_EQ(JobStatus().ToString(), "[OK]");
  EXPECT_EQ(JobStatus(JobStatus::Code::kTimeout, "").ToString(), "[TIMEOUT, msg: ]");
  EXPECT_EQ(JobStatus(JobStatus::Code::kCommonError, "user cancelled").ToString(), "[COMMON_ERROR, msg: user cancelled]");
  EXPECT_EQ(JobStatus::CodeFromName("OLAP_VERSION_ALREADY_MERGED"), JobStatus::Code::kOlapVersionAlreadyMerged);
  EXPECT_FALSE(JobStatus::CodeFromName("NOPE"));
}

TEST(BackupJobStateTest, OnlyForwardEdgesAndCancel) {
  EXPECT_TRUE(IsValidBackupTransition(BackupJobState::kPending, BackupJobState::kSnapshoting));
  EXPECT_TRUE(IsValidBackupTransition(BackupJobState::kUploadInfo, BackupJobState::kFinished));
  EXPECT_TRUE(IsValidBackupTransition(BackupJobState::kUploading, BackupJobState::kCancelled));
  EXPECT_FALSE(IsValidBackupTransition(BackupJobState::kPending, BackupJobState::kUploading));
  EXPECT_FALSE(IsValidBackupTransition(BackupJobState::kFinished, BackupJobState::kCancelled));
  EXPECT_FALSE(IsValidBackupTransition(BackupJobState::kCancelled, BackupJobState::kCancelled));
  EXPECT_EQ(BackupJobStateName(BackupJobState::kSnapshoting), "SNAPSHOTING");
  EXPECT_EQ(BackupJobStateFromName("UPLOAD_SNAPSHOT"), BackupJobState::kUploadSnapshot);
}

}  // namespace
}  // namespace feb::plugin
