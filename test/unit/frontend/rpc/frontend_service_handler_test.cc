#include "frontend/rpc/frontend_service_handler.h"

#include <gtest/gtest.h>

namespace feb::frontend {
namespace {

// A module that owns UPLOAD and knows only signature 42.
class UploadOwner : public fe_backup::Plugin {
 public:
  const char* Name() const override { return "upload_owner"; }
  bool Claims(std::string_view) override { return false; }
  fe_backup::StatementResult Execute(const fe_backup::Session&, std::string_view) override { return {}; }
  fe_backup::HostStatus Replay(uint16_t, std::string_view) override { return {}; }
  fe_backup::HostStatus Start() override { return {}; }
  void Shutdown() override {}
  bool OwnsTaskType(fe_backup::TaskType type) const override { return type == fe_backup::TaskType::kUpload; }
  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task) override {
    last = task;
    return task.signature == 42 ? fe_backup::TaskAnswer::kOk : fe_backup::TaskAnswer::kCancelled;
  }
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& p) override {
    return p.job_id == 7 ? fe_backup::TaskAnswer::kOk : fe_backup::TaskAnswer::kCancelled;
  }
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& r) override { reports.push_back(r); }

  fe_backup::FinishedTask last;
  std::vector<fe_backup::BackendTaskReport> reports;
};

wire::TFinishTaskRequest Finished(wire::TTaskType::type type, int64_t signature) {
  wire::TFinishTaskRequest r;
  r.backend.host = std::string(1, 'h');
  r.backend.be_port = 9060;
  r.task_type = type;
  r.signature = signature;
  r.task_status.status_code = wire::TStatusCode::OK;
  return r;
}

class FrontendServiceHandlerTest : public ::testing::Test {
 protected:
  AgentTaskTracker tracker_;
  BackendRegistry registry_{nullptr};
  UploadOwner plugin_;
  FrontendServiceHandler handler_{&tracker_, &registry_, {&plugin_}};
};

TEST_F(FrontendServiceHandlerTest, OwnTasksCompleteAndUnknownOnesAreCancelled) {
  tracker_.Register({{-1, 0, 5}});
  wire::TMasterResult r;
  handler_.finishTask(r, Finished(wire::TTaskType::CREATE, 5));
  EXPECT_EQ(r.status.status_code, wire::TStatusCode::OK);
  EXPECT_TRUE(tracker_.Wait({{-1, 0, 5}}, std::chrono::milliseconds(0)).ok());
  handler_.finishTask(r, Finished(wire::TTaskType::CREATE, 6));
  EXPECT_EQ(r.status.status_code, wire::TStatusCode::CANCELLED);
  ASSERT_EQ(r.status.error_msgs.size(), 1u);
  EXPECT_EQ(r.status.error_msgs[0], "cannot find task. type: 0, backendId: -1, signature: 6");
  handler_.finishTask(r, Finished(wire::TTaskType::CLONE, 1));
  EXPECT_EQ(r.status.status_code, wire::TStatusCode::CANCELLED);
}

TEST_F(FrontendServiceHandlerTest, FailedCreateReportsReachTheWaiter) {
  tracker_.Register({{-1, 0, 8}});
  auto req = Finished(wire::TTaskType::CREATE, 8);
  req.task_status.status_code = wire::TStatusCode::RUNTIME_ERROR;
  req.task_status.__set_error_msgs({"disk full"});
  wire::TMasterResult r;
  handler_.finishTask(r, req);
  Status st = tracker_.Wait({{-1, 0, 8}}, std::chrono::milliseconds(0));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("disk full"), std::string::npos);
  EXPECT_EQ(tracker_.Wait({{-1, 0, 9}}, std::chrono::milliseconds(0)).code(), StatusCode::kOk);
}

TEST_F(FrontendServiceHandlerTest, ModuleTaskTypesGoToTheModule) {
  auto req = Finished(wire::TTaskType::UPLOAD, 42);
  req.__set_tablet_files({{100, {"a.dat.md5"}}});
  req.__set_copy_size(4096);
  req.__set_copy_time_ms(12);
  wire::TMasterResult r;
  handler_.finishTask(r, req);
  EXPECT_EQ(r.status.status_code, wire::TStatusCode::OK);
  ASSERT_TRUE(plugin_.last.tablet_files.has_value());
  EXPECT_EQ(plugin_.last.tablet_files->at(100), std::vector<std::string>{"a.dat.md5"});
  EXPECT_EQ(plugin_.last.copy_size, 4096);
  EXPECT_EQ(plugin_.last.copy_time_ms, 12);
  handler_.finishTask(r, Finished(wire::TTaskType::UPLOAD, 43));
  EXPECT_EQ(r.status.status_code, wire::TStatusCode::CANCELLED);

  wire::TSnapshotLoaderReportRequest progress;
  progress.job_id = 7;
  progress.task_type = wire::TTaskType::UPLOAD;
  wire::TStatus s;
  handler_.snapshotLoaderReport(s, progress);
  EXPECT_EQ(s.status_code, wire::TStatusCode::OK);
  progress.job_id = 8;
  handler_.snapshotLoaderReport(s, progress);
  EXPECT_EQ(s.status_code, wire::TStatusCode::CANCELLED);
  progress.task_type = wire::TTaskType::CLONE;
  handler_.snapshotLoaderReport(s, progress);
  EXPECT_EQ(s.status_code, wire::TStatusCode::CANCELLED);

  wire::TReportRequest report;
  report.backend.host = std::string(1, 'h');
  report.__set_tasks({{wire::TTaskType::UPLOAD, {1, 2}}, {wire::TTaskType::CLONE, {3}}});
  handler_.report(r, report);
  EXPECT_EQ(r.status.status_code, wire::TStatusCode::OK);
  ASSERT_EQ(plugin_.reports.size(), 1u);
  EXPECT_EQ(plugin_.reports[0].running.size(), 1u);
  EXPECT_EQ(plugin_.reports[0].running.at(fe_backup::TaskType::kUpload), (std::vector<int64_t>{1, 2}));

  // A backend that runs none of the module's tasks (e.g. restarted) is reported too: the module
  // learns its tasks were lost.
  report.__set_tasks({{wire::TTaskType::CLONE, {3}}});
  handler_.report(r, report);
  ASSERT_EQ(plugin_.reports.size(), 2u);
  EXPECT_TRUE(plugin_.reports[1].running.empty());
}

}  // namespace
}  // namespace feb::frontend
