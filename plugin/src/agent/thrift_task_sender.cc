#include "plugin/src/agent/thrift_task_sender.h"

#include <map>
#include <optional>

#include "BackendService.h"
#include "Status_types.h"
#include "plugin/src/agent/agent_task_wire.h"
#include "plugin/src/agent/error_text.h"
#include "common/rpc/rejected_task.h"

namespace feb::plugin {

ThriftTaskSender::ThriftTaskSender(rpc::ClientOptions options)
    : pool_(std::make_unique<rpc::ClientPool<wire::BackendServiceClient>>(options)) {}

ThriftTaskSender::~ThriftTaskSender() = default;

SubmitOutcome ThriftTaskSender::Submit(const fe_backup::BackendInfo& backend, const std::vector<AgentTask>& tasks) {
  SubmitOutcome out;
  std::vector<wire::TAgentTaskRequest> requests;
  requests.reserve(tasks.size());
  for (const auto& t : tasks) requests.push_back(ToThriftRequest(t));
  wire::TAgentResult result;
  out.transport = pool_->Call(rpc::Address{backend.host, backend.be_port}, "submit_tasks",
                              [&](wire::BackendServiceClient& client) { client.submit_tasks(result, requests); });
  if (!out.transport.ok() || result.status.status_code == wire::TStatusCode::OK) return out;
  // The reference backend names each refused task ("[task <type> <signature>] <why>"); a
  // refusal without names leaves every task's fate unknown.
  std::map<std::pair<int32_t, int64_t>, size_t> index;
  for (size_t i = 0; i < tasks.size(); ++i) index[{static_cast<int32_t>(tasks[i].type), tasks[i].signature}] = i;
  std::string unnamed;
  for (const auto& m : result.status.error_msgs) {
    std::optional<rpc::RejectedTask> r = rpc::ParseRejectedTask(m);
    auto it = r ? index.find({r->type, r->signature}) : index.end();
    if (it != index.end()) {
      out.rejected.emplace_back(it->second, CapText(r->message, SubmitOutcome::kMaxErrorBytes));
    } else if (unnamed.size() < SubmitOutcome::kMaxErrorBytes) {
      unnamed += (unnamed.empty() ? "" : "; ") + m;
    }
  }
  if (out.rejected.empty()) {
    out.transport = Status::Unavailable("backend " + std::to_string(backend.id) + " refused the tasks: " +
                                        CapText(unnamed, SubmitOutcome::kMaxErrorBytes));
  }
  return out;
}

}  // namespace feb::plugin
