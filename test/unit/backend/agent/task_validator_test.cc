#include "backend/agent/task_validator.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace feb::be {
namespace {

const std::string kRoot = "/data/be";

wire::TAgentTaskRequest Base(wire::TTaskType::type type, int64_t sig = 42) {
  wire::TAgentTaskRequest r;
  r.protocol_version = wire::TAgentServiceVersion::V1;
  r.task_type = type;
  r.signature = sig;
  return r;
}

wire::TAgentTaskRequest Upload(const std::string& src, const std::string& dest) {
  auto r = Base(wire::TTaskType::UPLOAD);
  wire::TUploadReq u;
  u.job_id = 7;
  u.src_dest_map[src] = dest;
  u.__set_use_broker(false);
  r.__set_upload_req(u);
  return r;
}

TEST(TaskValidatorTest, AcceptsSnapshotUploadReleaseCreate) {
  auto snap = Base(wire::TTaskType::MAKE_SNAPSHOT);
  wire::TSnapshotRequest s;
  s.tablet_id = 10001;
  s.schema_hash = 5;
  s.__set_version(3);
  s.__set_timeout(86400);
  s.__set_list_files(true);
  snap.__set_snapshot_req(s);
  auto t = ValidateTask(snap, kRoot);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->type, TaskType::kMakeSnapshot);
  const auto& p = std::get<SnapshotTask>(t->payload);
  EXPECT_EQ(p.version, 3);
  EXPECT_EQ(p.timeout_s, 86400);
  EXPECT_TRUE(p.list_files);

  auto up = ValidateTask(Upload("/data/be/snapshot/20251126000000.0.60/10001/5/",
                                "file:///repo/__starrocks_repository_r/__ss_l/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__10001"),
                         kRoot);
  ASSERT_TRUE(up.ok()) << up.status();
  const auto& tr = std::get<TransferTask>(up->payload);
  EXPECT_EQ(tr.job_id, 7);
  EXPECT_EQ(tr.src_dest[0].first, "/data/be/snapshot/20251126000000.0.60/10001/5");

  auto rel = Base(wire::TTaskType::RELEASE_SNAPSHOT);
  rel.__set_release_snapshot_req(wire::TReleaseSnapshotRequest());
  rel.release_snapshot_req.snapshot_path = "/data/be/snapshot/20251126000000.0.60";
  EXPECT_TRUE(ValidateTask(rel, kRoot).ok());

  auto create = Base(wire::TTaskType::CREATE);
  wire::TCreateTabletReq c;
  c.tablet_id = 10001;
  c.tablet_schema.schema_hash = 5;
  c.tablet_schema.keys_type = wire::TKeysType::DUP_KEYS;
  wire::TColumn col;
  col.column_name = "k";
  col.column_type.type = wire::TPrimitiveType::INT;
  col.__set_is_key(true);
  c.tablet_schema.columns.push_back(col);
  create.__set_create_tablet_req(c);
  auto ct = ValidateTask(create, kRoot);
  ASSERT_TRUE(ct.ok()) << ct.status();
  const auto& meta = std::get<CreateTabletTask>(ct->payload).meta;
  EXPECT_EQ(meta.keys_type, "DUP_KEYS");
  ASSERT_EQ(meta.columns.size(), 1u);
  EXPECT_EQ(meta.columns[0].type, "INT");
  EXPECT_EQ(meta.MaxVersion(), 1);
}

TEST(TaskValidatorTest, MissingPayloadNamesTheTask) {
  for (auto type : {wire::TTaskType::CREATE, wire::TTaskType::MAKE_SNAPSHOT, wire::TTaskType::UPLOAD,
                    wire::TTaskType::DOWNLOAD, wire::TTaskType::RELEASE_SNAPSHOT, wire::TTaskType::MOVE,
                    wire::TTaskType::DROP}) {
    auto t = ValidateTask(Base(type, 99), kRoot);
    ASSERT_FALSE(t.ok()) << type;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(t.status().message().find("task(signature=99"), std::string::npos) << t.status();
    EXPECT_NE(t.status().message().find("has wrong request member"), std::string::npos) << t.status();
  }
}

TEST(TaskValidatorTest, UnknownTaskTypesAreNotSupported) {
  for (int type : {2, 3, 10, 16, 26, 1000, -5}) {
    auto t = ValidateTask(Base(static_cast<wire::TTaskType::type>(type)), kRoot);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.status().code(), StatusCode::kNotSupported) << type;
  }
}

TEST(TaskValidatorTest, PathsOutsideTheRootsAreRejected) {
  const std::string repo = "file:///repo/x/__10001";
  for (const char* src :
       {"/data/be/data/10001/5", "/data/be/snapshot/../data/10001/5", "/data/be/snapshot/a/../../x/10001/5",
        "/etc/passwd", "relative/10001/5", "/data/be/snapshot/s/10001", "/data/be/snapshot/s/x/5",
        "/data/be/snapshot/s/10001/5/extra", "/data/besnapshot/s/10001/5"}) {
    auto t = ValidateTask(Upload(src, repo), kRoot);
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << src;
  }
  for (const char* dest : {"/repo/no/scheme", "file:///repo/../etc", "file:///repo/./x", "file://", "file:///a//b"}) {
    auto t = ValidateTask(Upload("/data/be/snapshot/s/10001/5", dest), kRoot);
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << dest;
  }
  auto rel = Base(wire::TTaskType::RELEASE_SNAPSHOT);
  rel.__set_release_snapshot_req(wire::TReleaseSnapshotRequest());
  for (const char* p : {"/data/be/snapshot", "/data/be/snapshot/..", "/data/be/data", "/data/be/snapshot/a/b", ""}) {
    rel.release_snapshot_req.snapshot_path = p;
    EXPECT_EQ(ValidateTask(rel, kRoot).status().code(), StatusCode::kInvalidArgument) << p;
  }
  auto mv = Base(wire::TTaskType::MOVE);
  wire::TMoveDirReq m;
  m.tablet_id = 1;
  m.src = "/data/be/data/1/5";
  mv.__set_move_dir_req(m);
  EXPECT_EQ(ValidateTask(mv, kRoot).status().code(), StatusCode::kInvalidArgument);
}

wire::TAgentTaskRequest Download(const std::map<std::string, std::string>& pairs) {
  auto r = Base(wire::TTaskType::DOWNLOAD);
  wire::TDownloadReq d;
  d.job_id = 7;
  d.src_dest_map = pairs;
  d.__set_use_broker(false);
  d.__set_broker_prop({{"k", "v"}});
  r.__set_download_req(d);
  return r;
}

wire::TAgentTaskRequest Move(int64_t tablet, const std::string& src) {
  auto r = Base(wire::TTaskType::MOVE);
  wire::TMoveDirReq m;
  m.tablet_id = tablet;
  m.schema_hash = 6;
  m.src = src;
  m.job_id = 7;
  m.overwrite = true;
  r.__set_move_dir_req(m);
  return r;
}

const std::string kRepoTablet = "file:///repo/__starrocks_repository_r/__ss_l/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__10001";

TEST(TaskValidatorTest, RestoreSnapshotDownloadAndMoveAsTheFrontendSendsThem) {
  auto snap = Base(wire::TTaskType::MAKE_SNAPSHOT);
  wire::TSnapshotRequest s;
  s.tablet_id = 20002;
  s.schema_hash = 6;
  s.__set_version(13);
  s.__set_timeout(86400);
  s.__set_list_files(true);
  s.__set_preferred_snapshot_format(4);
  s.__set_is_restore_task(true);
  snap.__set_snapshot_req(s);
  auto t = ValidateTask(snap, kRoot);
  ASSERT_TRUE(t.ok()) << t.status();
  const auto& p = std::get<SnapshotTask>(t->payload);
  EXPECT_TRUE(p.is_restore_task);
  EXPECT_EQ(p.snapshot_format, 4);
  snap.snapshot_req.__isset.is_restore_task = false;
  snap.snapshot_req.__isset.preferred_snapshot_format = false;
  auto plain = ValidateTask(snap, kRoot);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(std::get<SnapshotTask>(plain->payload).is_restore_task);
  EXPECT_EQ(std::get<SnapshotTask>(plain->payload).snapshot_format, 4) << "the Thrift default";

  auto down = ValidateTask(Download({{kRepoTablet + "/", "/data/be/snapshot/20251126000000.0.60/20002/6/"},
                                     {"file:///repo/x/__10002", "/data/be/snapshot/20251126000000.0.60/20003/6"}}),
                           kRoot);
  ASSERT_TRUE(down.ok()) << down.status();
  const auto& tr = std::get<TransferTask>(down->payload);
  ASSERT_EQ(tr.src_dest.size(), 2u);
  EXPECT_EQ(tr.src_dest[0], std::make_pair(kRepoTablet, std::string("/data/be/snapshot/20251126000000.0.60/20002/6")));
  EXPECT_EQ(tr.src_dest[1].first, "file:///repo/x/__10002");

  auto mv = ValidateTask(Move(20002, "/data/be/snapshot/20251126000000.0.60/20002/6"), kRoot);
  ASSERT_TRUE(mv.ok()) << mv.status();
  EXPECT_EQ(std::get<MoveTask>(mv->payload).src, "/data/be/snapshot/20251126000000.0.60/20002/6");
}

TEST(TaskValidatorTest, TransfersCarryTheRepositoryPropertiesOfBrokerProp) {
  const std::map<std::string, std::string> props{{"aws.s3.endpoint", "http://127.0.0.1:9"},
                                                 {"aws.s3.access_key", "ak"},
                                                 {"aws.s3.secret_key", "sk"}};
  const std::string s3_tablet = "s3://bucket/p/__starrocks_repository_r/__ss_l/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__10001";
  auto up = Upload("/data/be/snapshot/20251126000000.0.60/10001/5", s3_tablet);
  up.upload_req.__set_broker_prop(props);
  auto u = ValidateTask(up, kRoot);
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(std::get<TransferTask>(u->payload).properties, props);
  EXPECT_EQ(std::get<TransferTask>(u->payload).src_dest[0].second, s3_tablet);

  auto down = Download({{s3_tablet, "/data/be/snapshot/20251126000000.0.60/20002/6"}});
  down.download_req.__set_broker_prop(props);
  auto d = ValidateTask(down, kRoot);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(std::get<TransferTask>(d->payload).properties, props);

  // no broker_prop (a file:// repository without properties): none
  auto bare = ValidateTask(Upload("/data/be/snapshot/20251126000000.0.60/10001/5", s3_tablet), kRoot);
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_TRUE(std::get<TransferTask>(bare->payload).properties.empty());
}

TEST(TaskValidatorTest, MalformedDownloadsAreRejectedWithTheirReason) {
  const std::string dest = "/data/be/snapshot/s.0.60/20002/6";
  struct Case {
    std::map<std::string, std::string> pairs;
    const char* why;
  };
  for (const Case& c : std::vector<Case>{
           {{}, "has an empty src_dest_map"},
           {{{kRepoTablet, "/data/be/snapshot/../data/20002/6"}}, "is not inside"},
           {{{kRepoTablet, "/data/be/data/20002/6"}}, "is not inside"},
           {{{kRepoTablet, "/data/be/snapshot/s.0.60/x/6"}}, "must look like"},
           {{{kRepoTablet, "/data/be/snapshot/s.0.60/20002/-6"}}, "must look like"},
           {{{kRepoTablet, "/data/be/snapshot/s.0.60/20002"}}, "must look like"},
           {{{kRepoTablet, "relative/20002/6"}}, "is not inside"},
           {{{kRepoTablet, ""}}, "is not inside"},
           {{{"/repo/__10001", dest}}, "is not a URI"},
           {{{"file:///repo/../__10001", dest}}, "'..'"},
           {{{"file:///repo/__abc", dest}}, "is not a repository tablet directory"},
           {{{"file:///repo/tablet", dest}}, "is not a repository tablet directory"},
           {{{"file:///repo/__", dest}}, "is not a repository tablet directory"},
           {{{kRepoTablet, dest}, {"file:///repo/y/__10001", dest + "/"}}, "more than once"},
       }) {
    auto t = ValidateTask(Download(c.pairs), kRoot);
    ASSERT_FALSE(t.ok()) << c.why;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << t.status();
    EXPECT_NE(t.status().message().find(c.why), std::string::npos) << t.status();
    EXPECT_NE(t.status().message().find("task(signature=42, type=DOWNLOAD)"), std::string::npos) << t.status();
  }
  auto broker = Download({{kRepoTablet, dest}});
  broker.download_req.__isset.use_broker = false;
  broker.download_req.broker_addr.hostname = "broker1";
  EXPECT_EQ(ValidateTask(broker, kRoot).status().code(), StatusCode::kNotSupported);
}

TEST(TaskValidatorTest, MalformedMovesAreRejectedWithTheirReason) {
  for (const char* src : {"/data/be/snapshot/s.0.60/../../data/20002/6", "/data/be/data/20002/6", "/etc/20002/6",
                          "/data/be/snapshot/s.0.60/abc/6", "/data/be/snapshot/s.0.60/20002/6x", "/data/be/snapshot/20002/6",
                          "/data/be/snapshot/s.0.60/20002/6/extra", "", "20002/6"}) {
    auto t = ValidateTask(Move(20002, src), kRoot);
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << src;
  }
  EXPECT_EQ(ValidateTask(Move(0, "/data/be/snapshot/s.0.60/20002/6"), kRoot).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateTask(Move(-1, "/data/be/snapshot/s.0.60/20002/6"), kRoot).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(TaskValidatorTest, BrokerTransfersAreNotSupported) {
  auto r = Upload("/data/be/snapshot/s/10001/5", "file:///repo/x");
  r.upload_req.__set_use_broker(true);
  EXPECT_EQ(ValidateTask(r, kRoot).status().code(), StatusCode::kNotSupported);
  r.upload_req.__isset.use_broker = false;
  r.upload_req.broker_addr.hostname = "broker1";
  EXPECT_EQ(ValidateTask(r, kRoot).status().code(), StatusCode::kNotSupported);
  r.upload_req.broker_addr.hostname = "";
  EXPECT_TRUE(ValidateTask(r, kRoot).ok());
}

TEST(TaskValidatorTest, BadIdsAndVersions) {
  auto snap = Base(wire::TTaskType::MAKE_SNAPSHOT);
  snap.__set_snapshot_req(wire::TSnapshotRequest());
  snap.snapshot_req.tablet_id = 0;
  EXPECT_EQ(ValidateTask(snap, kRoot).status().code(), StatusCode::kInvalidArgument);
  auto bad_proto = Base(wire::TTaskType::MAKE_SNAPSHOT);
  bad_proto.protocol_version = static_cast<wire::TAgentServiceVersion::type>(9);
  EXPECT_EQ(ValidateTask(bad_proto, kRoot).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace feb::be
