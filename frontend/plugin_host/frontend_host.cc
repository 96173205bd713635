#include "frontend/plugin_host/frontend_host.h"

#include <glog/logging.h>

namespace feb::frontend {

namespace {

constexpr int64_t kMaxIdRange = 10'000'000;  // host.h: NextIds(count), count in 1..10,000,000

fe_backup::HostStatus CheckModuleOp(uint16_t op) {
  if (op < fe_backup::kModuleOpFirst || op > fe_backup::kModuleOpLast) {
    return fe_backup::HostStatus::Error(fe_backup::HostCode::kInvalidArgument,
                                        "journal op " + std::to_string(op) + " is outside the module's range [" +
                                            std::to_string(fe_backup::kModuleOpFirst) + ", " +
                                            std::to_string(fe_backup::kModuleOpLast) + "]");
  }
  return fe_backup::HostStatus::Ok();
}

}  // namespace

fe_backup::HostStatus FrontendHost::Append(uint16_t op, std::string_view payload) {
  if (fe_backup::HostStatus bad = CheckModuleOp(op); !bad.ok()) return bad;
  auto lock = meta_->WriterLock();
  Status st = meta_->Append(op, payload);
  if (!st.ok()) return fe_backup::HostStatus::Error(fe_backup::HostCode::kUnavailable, st.message());
  return fe_backup::HostStatus::Ok();
}

fe_backup::HostStatus FrontendHost::Checkpoint(uint16_t op, std::string_view image) {
  if (fe_backup::HostStatus bad = CheckModuleOp(op); !bad.ok()) return bad;
  auto lock = meta_->WriterLock();
  Status st = meta_->journal()->AppendModuleCheckpoint(op, image).status();
  if (!st.ok()) return fe_backup::HostStatus::Error(fe_backup::HostCode::kUnavailable, st.message());
  return fe_backup::HostStatus::Ok();
}

int64_t FrontendHost::NextId() { return NextIds(1); }

int64_t FrontendHost::NextIds(int64_t count) {
  // host.h allows 1..kMaxIdRange; anything else is a module bug the contract cannot report.
  CHECK(count >= 1 && count <= kMaxIdRange) << "NextIds(" << count << "): a range must hold 1.." << kMaxIdRange
                                            << " ids";
  auto id = meta_->journal()->NextIds(count);
  // The contract has no error path; a journal that cannot persist the id limit cannot keep any
  // promise of the frontend, so it stops rather than hand out an id twice.
  CHECK(id.ok()) << "cannot persist the id generator: " << id.status();
  return *id;
}

std::optional<std::string> FrontendHost::Get(std::string_view key) { return config_->Get(std::string(key)); }

}  // namespace feb::frontend
