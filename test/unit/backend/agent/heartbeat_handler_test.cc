#include "backend/agent/heartbeat_handler.h"

#include <gtest/gtest.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <memory>
#include <vector>

#include "test/unit/common/storage/temp_dir.h"

namespace feb::be {
namespace {

using storage::testing::TempDir;

// The field ids a struct carries on the wire, in order.
template <typename T>
std::vector<int16_t> WireFieldIds(const T& obj) {
  using apache::thrift::protocol::TBinaryProtocol;
  using apache::thrift::protocol::TType;
  auto buf = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
  TBinaryProtocol out(buf);
  obj.write(&out);
  TBinaryProtocol in(buf);
  std::string name;
  in.readStructBegin(name);
  std::vector<int16_t> ids;
  while (true) {
    TType type;
    int16_t id;
    in.readFieldBegin(name, type, id);
    if (type == apache::thrift::protocol::T_STOP) break;
    ids.push_back(id);
    in.skip(type);
    in.readFieldEnd();
  }
  return ids;
}

wire::TMasterInfo MasterInfoFor(int64_t backend_id) {
  wire::TMasterInfo info;
  info.network_address.hostname = "fe-host";
  info.network_address.port = 9020;
  info.epoch = 1;
  info.__set_backend_ip("be-host");
  info.__set_backend_id(backend_id);
  return info;
}

TEST(HeartbeatHandlerTest, TheAnswerCarriesOnlyStarRocksFieldsAndNoBackendId) {
  TempDir root;
  MasterInfo master(root.path(), "localhost");
  HeartbeatHandler handler(&master, BackendPorts{}, 1700000000);
  wire::THeartbeatResult result;
  handler.heartbeat(result, MasterInfoFor(42));
  ASSERT_EQ(result.status.status_code, wire::TStatusCode::OK);
  // StarRocks' TBackendInfo: 1 be_port, 2 http_port, 4 brpc_port, 5 version,
  // 6 num_hardware_cores, 8 reboot_time (3 be_rpc_port is not served).
  EXPECT_EQ(WireFieldIds(result.backend_info), (std::vector<int16_t>{1, 2, 4, 5, 6, 8}));
}

TEST(HeartbeatHandlerTest, TheBackendLearnsItsIdFromTheMasterInfo) {
  TempDir root;
  MasterInfo master(root.path(), "localhost");
  HeartbeatHandler handler(&master, BackendPorts{}, 1700000000);
  wire::THeartbeatResult result;
  handler.heartbeat(result, MasterInfoFor(42));
  ASSERT_EQ(result.status.status_code, wire::TStatusCode::OK);
  EXPECT_EQ(master.backend_id(), 42);
  EXPECT_EQ(master.backend_host(), "be-host");
  // A frontend that calls it by another id is refused; the kept id stays.
  handler.heartbeat(result, MasterInfoFor(43));
  EXPECT_NE(result.status.status_code, wire::TStatusCode::OK);
  EXPECT_EQ(master.backend_id(), 42);
}

}  // namespace
}  // namespace feb::be
