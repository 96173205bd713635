#include "plugin/src/agent/agent_task_wire.h"

#include <gtest/gtest.h>

namespace feb::plugin {
namespace {

const std::map<std::string, std::string> kProps{{"aws.s3.access_key", "ak"},
                                                {"aws.s3.secret_key", "sk"},
                                                {"aws.s3.endpoint", "http://127.0.0.1:9"}};

TEST(AgentTaskWireTest, UploadGoesBrokerLessWithTheRepositoryPropertiesInBrokerProp) {
  AgentTask t;
  t.type = fe_backup::TaskType::kUpload;
  t.signature = 9;
  t.upload = UploadRequest{7, {{"/be/snapshot/x/10001/5", "s3://b/p/__10001"}}, kProps};
  wire::TAgentTaskRequest r = ToThriftRequest(t);
  ASSERT_TRUE(r.__isset.upload_req);
  EXPECT_EQ(r.task_type, wire::TTaskType::UPLOAD);
  EXPECT_EQ(r.upload_req.job_id, 7);
  EXPECT_EQ(r.upload_req.src_dest_map.at("/be/snapshot/x/10001/5"), "s3://b/p/__10001");
  ASSERT_TRUE(r.upload_req.__isset.use_broker);
  EXPECT_FALSE(r.upload_req.use_broker);
  EXPECT_EQ(r.upload_req.broker_addr.hostname, "");
  ASSERT_TRUE(r.upload_req.__isset.broker_prop);
  EXPECT_EQ(r.upload_req.broker_prop, kProps);
}

TEST(AgentTaskWireTest, DownloadCarriesThePropertiesTooAndNoneAreSentWhenThereAreNone) {
  AgentTask t;
  t.type = fe_backup::TaskType::kDownload;
  t.signature = 10;
  t.download = DownloadRequest{8, {{"s3://b/p/__10001", "/be/snapshot/y/20002/6"}}, kProps};
  wire::TAgentTaskRequest r = ToThriftRequest(t);
  ASSERT_TRUE(r.__isset.download_req);
  ASSERT_TRUE(r.download_req.__isset.use_broker);
  EXPECT_FALSE(r.download_req.use_broker);
  ASSERT_TRUE(r.download_req.__isset.broker_prop);
  EXPECT_EQ(r.download_req.broker_prop, kProps);

  t.download->properties.clear();
  EXPECT_FALSE(ToThriftRequest(t).download_req.__isset.broker_prop);
  AgentTask up;
  up.type = fe_backup::TaskType::kUpload;
  up.upload = UploadRequest{7, {{"/be/snapshot/x/10001/5", "file:///r/__10001"}}, {}};
  EXPECT_FALSE(ToThriftRequest(up).upload_req.__isset.broker_prop);
}

}  // namespace
}  // namespace feb::plugin
