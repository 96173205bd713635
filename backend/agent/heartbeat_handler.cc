#include "backend/agent/heartbeat_handler.h"

#include <glog/logging.h>

#include <thread>

#include "backend/agent/wire_convert.h"

namespace feb::be {

HeartbeatHandler::HeartbeatHandler(MasterInfo* master, BackendPorts ports, int64_t start_time_s)
    : master_(master), ports_(ports), start_time_s_(start_time_s) {}

void HeartbeatHandler::heartbeat(wire::THeartbeatResult& result, const wire::TMasterInfo& info) {
  result.backend_info.be_port = ports_.be_port;
  result.backend_info.http_port = ports_.http_port;
  result.backend_info.__set_brpc_port(ports_.brpc_port);
  result.backend_info.__set_version("fe-backup reference be 0.1");
  result.backend_info.__set_num_hardware_cores(static_cast<int32_t>(std::thread::hardware_concurrency()));
  result.backend_info.__set_reboot_time(start_time_s_);
  Status s;
  const auto& addr = info.network_address;
  if (addr.hostname.empty() || addr.port <= 0 || addr.port > 65535) {
    s = Status::InvalidArgument("heartbeat carries a bad frontend address '" + addr.hostname + ":" +
                                std::to_string(addr.port) + "'");
  } else {
    std::optional<int64_t> id;
    if (info.__isset.backend_id) id = info.backend_id;
    s = master_->OnHeartbeat(rpc::Address{addr.hostname, addr.port}, info.__isset.backend_ip ? info.backend_ip : "", id);
  }
  if (!s.ok()) LOG(WARNING) << "heartbeat refused: " << s;
  result.status = ToWireStatus(s);
}

}  // namespace feb::be
