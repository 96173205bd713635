// A tiny module for frontend tests: claims `ECHO ...`, answers with a one-column result set,
// journals every echoed text (op 10001) and, on `ECHO REPLAYED`, lists what it was given by
// Replay() (which must all come before Start()).
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "fe_backup/host.h"

namespace {

class EchoPlugin : public fe_backup::Plugin {
 public:
  explicit EchoPlugin(fe_backup::Host* host) : host_(host) {}
  const char* Name() const override { return "echo"; }
  bool Claims(std::string_view sql) override {
    return sql.size() >= 4 && (sql.substr(0, 4) == "ECHO" || sql.substr(0, 4) == "echo");
  }
  fe_backup::StatementResult Execute(const fe_backup::Session& session, std::string_view sql) override {
    std::string text(sql.substr(4));
    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    fe_backup::StatementResult r;
    r.has_result_set = true;
    if (text == "REPLAYED") {
      std::lock_guard<std::mutex> lock(mu_);
      std::string all;
      for (const auto& s : replayed_) all += (all.empty() ? "" : ",") + s;
      r.columns = {"replayed", "replay_after_start"};
      r.rows.push_back({all, replay_after_start_ ? "1" : "0"});
      return r;
    }
    if (text == "ERROR") {
      return fe_backup::StatementResult::Error(1064, "42000", "echo refuses ERROR");
    }
    auto st = host_->journal().Append(10001, text);
    if (!st.ok()) return fe_backup::StatementResult::Error(1105, "HY000", st.message);
    r.columns = {"echo", "user"};
    r.rows.push_back({text, session.user});
    return r;
  }
  fe_backup::HostStatus Replay(uint16_t op, std::string_view payload) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_) replay_after_start_ = true;
    replayed_.emplace_back(payload);
    return fe_backup::HostStatus::Ok();
  }
  fe_backup::HostStatus Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    started_ = true;
    return fe_backup::HostStatus::Ok();
  }
  void Shutdown() override {}
  bool OwnsTaskType(fe_backup::TaskType type) const override { return type == fe_backup::TaskType::kUpload; }
  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask& task) override {
    return task.signature == 42 ? fe_backup::TaskAnswer::kOk : fe_backup::TaskAnswer::kCancelled;
  }
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress& progress) override {
    return fe_backup::TaskAnswer::kOk;
  }
  void OnBackendTaskReport(const fe_backup::BackendTaskReport& report) override {}

 private:
  fe_backup::Host* host_;
  std::mutex mu_;
  bool started_ = false;
  bool replay_after_start_ = false;
  std::vector<std::string> replayed_;
};

}  // namespace

extern "C" {
uint32_t fe_backup_abi_version() { return fe_backup::kHostAbiVersion; }
fe_backup::Plugin* fe_backup_create_plugin(fe_backup::Host* host) { return new EchoPlugin(host); }
void fe_backup_destroy_plugin(fe_backup::Plugin* plugin) { delete plugin; }
}
