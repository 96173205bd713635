// ToThriftRequest: an AgentTask as StarRocks' TAgentTaskRequest. Only the agent adapters
// (ThriftTaskSender, its tests) include this header: Thrift types stay in plugin/src/agent.
// UPLOAD and DOWNLOAD go broker-less (use_broker = false, broker_addr ("", 0)) and carry the
// repository's properties, credentials included, in broker_prop (field 4) when there are any.
#pragma once

#include "AgentService_types.h"
#include "plugin/src/agent/agent_task.h"

namespace feb::plugin {

wire::TAgentTaskRequest ToThriftRequest(const AgentTask& task);

}  // namespace feb::plugin
