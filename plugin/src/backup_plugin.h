// BackupPlugin: the module's fe_backup::Plugin. Today it recognizes and parses the module's
// statements; analysis and jobs come with later work (a valid statement answers "not
// executed yet").
#pragma once

#include <string_view>

#include "fe_backup/host.h"

namespace feb {

class BackupPlugin final : public fe_backup::Plugin {
 public:
  // `host` is not owned and must outlive the plugin.
  explicit BackupPlugin(fe_backup::Host* host) : host_(host) {}

  const char* Name() const override { return "fe_backup"; }
  // The parser's claim-or-decline test (plugin/src/sql/claims.h).
  bool Claims(std::string_view sql) override;
  // Syntax errors come back as MySQL 1064 / 42000 with StarRocks' text; a statement that
  // parses answers 1235 / 42000 "<STATEMENT> is parsed but not executed yet: ...".
  fe_backup::StatementResult Execute(const fe_backup::Session& session, std::string_view sql) override;

  fe_backup::HostStatus Replay(uint16_t op, std::string_view payload) override;
  fe_backup::HostStatus Start() override;
  void Shutdown() override {}

  // MAKE_SNAPSHOT, RELEASE_SNAPSHOT, UPLOAD, DOWNLOAD and MOVE.
  bool OwnsTaskType(fe_backup::TaskType type) const override;
  // No job exists yet, so every report is for an unknown task: kCancelled.
  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task) override;
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress) override;
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& report) override {}

 private:
  [[maybe_unused]] fe_backup::Host* host_;  // used by the analyzer and jobs (later work)
};

}  // namespace feb
