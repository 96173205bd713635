// Fuzz target: arbitrary bytes read as a Thrift binary-protocol list<TAgentTaskRequest> (the
// body of BackendService.submit_tasks) and fed to the backend's task validation. Must never
// crash; a task that validates must satisfy the path invariants the executor relies on
// (local tablet directories with numeric ids inside the snapshot root, DOWNLOAD sources
// ending in "__<tablet id>", one DOWNLOAD pair per local directory).
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "AgentService_types.h"
#include "backend/agent/task_validator.h"
#include "common/rpc/thrift_server.h"
#include "common/storage/uri.h"

namespace {

const std::string kRoot = "/fuzz/root";

void Require(bool ok) {
  if (!ok) std::abort();
}

void CheckInvariants(const feb::be::AgentTask& task) {
  using namespace feb::be;
  const std::string snap = kRoot + "/snapshot";
  auto local_ok = [&](const std::string& p) {
    return !feb::storage::HasUnsafeComponent(p) && feb::storage::IsWithin(snap, p) && p.size() > snap.size() + 1;
  };
  // "<snap>/<name>/<tablet>/<schema_hash>" with numeric ids: what the executor parses
  auto tablet_dir_ok = [&](const std::string& p) {
    std::string rest = p.substr(snap.size() + 1);
    size_t a = rest.find('/');
    size_t b = a == std::string::npos ? a : rest.find('/', a + 1);
    if (a == std::string::npos || b == std::string::npos || rest.find('/', b + 1) != std::string::npos) return false;
    std::string tablet = rest.substr(a + 1, b - a - 1), hash = rest.substr(b + 1);
    return !tablet.empty() && !hash.empty() && tablet.find_first_not_of("0123456789") == std::string::npos &&
           hash.find_first_not_of("0123456789") == std::string::npos;
  };
  if (const auto* t = std::get_if<TransferTask>(&task.payload)) {
    Require(!t->src_dest.empty());
    std::set<std::string> locals;
    for (const auto& [src, dest] : t->src_dest) {
      const std::string& local = task.type == TaskType::kUpload ? src : dest;
      const std::string& remote = task.type == TaskType::kUpload ? dest : src;
      Require(local_ok(local) && tablet_dir_ok(local));
      Require(!feb::storage::UriScheme(remote).empty() && !feb::storage::HasUnsafeComponent(remote));
      if (task.type == TaskType::kDownload) {
        Require(locals.insert(local).second);  // one pair per local directory
        std::string id = remote.substr(remote.rfind('_') + 1);  // ".../__<tablet id>"
        Require(!id.empty() && id.find_first_not_of("0123456789") == std::string::npos);
      }
    }
  } else if (const auto* r = std::get_if<ReleaseSnapshotTask>(&task.payload)) {
    Require(local_ok(r->snapshot_path) && r->snapshot_path.find('/', snap.size() + 1) == std::string::npos);
  } else if (const auto* m = std::get_if<MoveTask>(&task.payload)) {
    Require(local_ok(m->src) && tablet_dir_ok(m->src) && m->tablet_id > 0);
  } else if (const auto* s = std::get_if<SnapshotTask>(&task.payload)) {
    Require(s->tablet_id > 0 && s->timeout_s >= 0);
  } else if (const auto* c = std::get_if<CreateTabletTask>(&task.payload)) {
    Require(c->meta.tablet_id > 0 && c->meta.versions.size() == 1 && c->meta.versions[0].version >= 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using apache::thrift::protocol::TBinaryProtocol;
  using apache::thrift::transport::TMemoryBuffer;
  // The same decoding limits as the backend's Thrift servers (ServerOptions defaults).
  auto config = std::make_shared<apache::thrift::TConfiguration>(static_cast<int>(size) + 1);
  auto buf = std::make_shared<TMemoryBuffer>(const_cast<uint8_t*>(data), static_cast<uint32_t>(size),
                                             TMemoryBuffer::OBSERVE, config);
  TBinaryProtocol proto(buf);
  proto.setContainerSizeLimit(feb::rpc::ServerOptions::kDefaultMaxContainerElements);
  proto.setStringSizeLimit(feb::rpc::ServerOptions::kDefaultMaxStringBytes);
  try {
    apache::thrift::protocol::TType elem;
    uint32_t count = 0;
    proto.readListBegin(elem, count);
    if (elem != apache::thrift::protocol::T_STRUCT) return 0;
    for (uint32_t i = 0; i < count; ++i) {
      feb::wire::TAgentTaskRequest request;
      request.read(&proto);
      auto task = feb::be::ValidateTask(request, kRoot);
      if (task.ok()) {
        CheckInvariants(*task);
      } else {
        Require(!task.status().message().empty());
      }
    }
  } catch (const apache::thrift::TException&) {
    // malformed input: the server answers with a protocol error and drops the connection
  }
  return 0;
}
