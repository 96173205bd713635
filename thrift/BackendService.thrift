// The backend's task entry point on be_port (StarRocks gensrc/thrift/BackendService.thrift subset).
namespace cpp feb.wire

include "AgentService.thrift"

service BackendService {
  AgentService.TAgentResult submit_tasks(1: list<AgentService.TAgentTaskRequest> tasks)
}
