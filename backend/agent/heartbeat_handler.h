// HeartbeatHandler: HeartbeatService.heartbeat on heartbeat_service_port. Learns the
// frontend's address (master_info.network_address, i.e. its host and rpc_port), the host the
// frontend knows this backend by (backend_ip) and the backend id; answers with the ports.
#pragma once

#include <cstdint>

#include "HeartbeatService.h"
#include "backend/agent/master_info.h"
#include "backend/agent/thrift_fe_client.h"

namespace feb::be {

class HeartbeatHandler : public wire::HeartbeatServiceIf {
 public:
  HeartbeatHandler(MasterInfo* master, BackendPorts ports, int64_t start_time_s);
  void heartbeat(wire::THeartbeatResult& result, const wire::TMasterInfo& info) override;

 private:
  MasterInfo* master_;
  const BackendPorts ports_;
  const int64_t start_time_s_;
};

}  // namespace feb::be
