// The frontend's Thrift service on rpc_port, as far as backends call it
// (StarRocks gensrc/thrift/FrontendService.thrift subset; same method names and argument ids).
namespace cpp feb.wire

include "Status.thrift"
include "Types.thrift"
include "MasterService.thrift"

struct TSnapshotLoaderReportRequest {
  1: required i64 job_id
  2: required i64 task_id
  3: required Types.TTaskType task_type
  4: optional i32 finished_num
  5: optional i32 total_num
}

service FrontendService {
  MasterService.TMasterResult finishTask(1: MasterService.TFinishTaskRequest request)
  MasterService.TMasterResult report(1: MasterService.TReportRequest request)
  Status.TStatus snapshotLoaderReport(1: TSnapshotLoaderReportRequest request)
}
