// Feeds arbitrary bytes to the module's readers of persisted data. Each must answer with a
// Status, never crash; and whatever a reader accepts must survive a write/read round trip.
// The seeds (test/fuzz/corpus/backup_records/) include numbers of 120 digits in integer
// fields: parsed as doubles, they were undefined behaviour in a get<int64_t>().
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plugin/src/job/backup_job.h"
#include "plugin/src/job/job_manager.h"
#include "plugin/src/job/restore_job.h"
#include "plugin/src/repository/backup_job_info.h"
#include "plugin/src/repository/backup_meta.h"
#include "plugin/src/repository/repository_layout.h"
#include "plugin/src/repository/repository_manager.h"
#include "test/fakes/fake_host.h"
#include "test/fakes/fake_repository.h"

namespace {

struct Env {
  feb::testing::FakeHost host;
  feb::testing::FakeRepository repo{1, "r"};
  feb::FakeClock clock;
  std::shared_ptr<feb::storage::StorageRegistry> storages = feb::storage::MakeDefaultStorageRegistry();
  feb::plugin::RepositoryManager repos{&host, storages, &clock};
};

class NullSender : public feb::plugin::TaskSender {
 public:
  feb::plugin::SubmitOutcome Submit(const fe_backup::BackendInfo&, const std::vector<feb::plugin::AgentTask>&) override {
    return {};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Env* env = new Env();
  static NullSender sender;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto info = feb::plugin::BackupJobInfo::FromJson(text);
  if (info.ok()) {
    auto again = feb::plugin::BackupJobInfo::FromJson(info->ToJson());
    if (!again.ok() || !(*again == *info)) std::abort();
  }
  auto meta = feb::plugin::BackupMeta::FromJson(text);
  if (meta.ok()) {
    auto again = feb::plugin::BackupMeta::FromJson(meta->ToJson());
    if (!again.ok() || again->views != meta->views || again->functions != meta->functions) std::abort();
  }
  auto views = feb::plugin::ViewsFromJsonText(text);
  if (views.ok()) {
    auto again = feb::plugin::ViewsFromJsonText(feb::plugin::ViewsToJsonText(*views));
    if (!again.ok() || *again != *views) std::abort();
  }
  auto functions = feb::plugin::FunctionsFromJsonText(text);
  if (functions.ok()) {
    auto again = feb::plugin::FunctionsFromJsonText(feb::plugin::FunctionsToJsonText(*functions));
    if (!again.ok() || *again != *functions) std::abort();
  }
  static feb::plugin::ModuleJournal journal(&env->host);
  static feb::plugin::SendLanes lanes(&sender);
  feb::plugin::JobContext deps;
  deps.host = &env->host;
  deps.journal = &journal;
  deps.lanes = &lanes;
  deps.repos = &env->repo;
  deps.clock = &env->clock;
  deps.random01 = [] { return 0.5; };
  auto job = feb::plugin::BackupJob::FromImage(text, deps, {});
  if (job.ok()) {
    (void)(*job)->ShowRow();
    auto again = feb::plugin::BackupJob::FromImage((*job)->Image(), deps, {});
    if (!again.ok()) std::abort();
    // The same bytes as a delta of a job in every state it can be in.
    (void)(*job)->ApplyRecord(feb::plugin::JobManager::kDeltaOp, text);
  }
  auto restore = feb::plugin::RestoreJob::FromImage(text, deps, {});
  if (restore.ok()) {
    (void)(*restore)->ShowRow();
    auto again = feb::plugin::RestoreJob::FromImage((*restore)->Image(), deps, {});
    if (!again.ok()) std::abort();
    (void)(*restore)->ApplyRecord(feb::plugin::JobManager::kDeltaOp, text);
  }
  auto table = feb::plugin::TableInfoFromJsonText(text);
  if (table.ok()) {
    auto again = feb::plugin::TableInfoFromJsonText(feb::plugin::TableInfoToJsonText(*table));
    if (!again.ok()) std::abort();
  }
  (void)feb::plugin::RepositoryLayout::ParseInfoFileName(text);
  (void)env->repos.Replay(feb::plugin::RepositoryManager::kJournalOpDrop, text);
  {
    // A fresh manager per input, so that accepted records do not pile up across runs.
    feb::plugin::RepositoryManager repos{&env->host, env->storages, &env->clock};
    (void)repos.Replay(feb::plugin::RepositoryManager::kJournalOpCreate, text);
  }
  return 0;
}
