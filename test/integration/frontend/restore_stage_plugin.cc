// A tiny module for the frontend's integration tests: it drives host.h's CatalogWriter from SQL,
// so real fe and be processes can be tested (and killed) around RESTORE stages without the
// backup module. Statements (one line each, words separated by spaces):
//   HOSTRESTORE STAGE <db> <table> <replication_num> <p>=<version>[,<p>=<version>...] [LIKE <src>]
//       the definition is that of table <src> (default: <table>) of <db>; answers stage_id
//   HOSTRESTORE COMMIT|ABORT|FORGET <stage_id>
//   HOSTRESTORE LIST      stage_id, job_id, table, new_table, committed, partitions (name=version)
// Host errors come back as ERROR 1105 with "<code>: <message>".
#include <sstream>
#include <string>
#include <vector>

#include "fe_backup/host.h"

namespace {

const char* CodeName(fe_backup::HostCode c) {
  switch (c) {
    case fe_backup::HostCode::kOk: return "kOk";
    case fe_backup::HostCode::kNotFound: return "kNotFound";
    case fe_backup::HostCode::kAlreadyExists: return "kAlreadyExists";
    case fe_backup::HostCode::kInvalidArgument: return "kInvalidArgument";
    case fe_backup::HostCode::kTimeout: return "kTimeout";
    case fe_backup::HostCode::kUnavailable: return "kUnavailable";
    case fe_backup::HostCode::kIoError: return "kIoError";
    case fe_backup::HostCode::kInternal: return "kInternal";
  }
  return "?";
}

fe_backup::StatementResult Error(const fe_backup::HostStatus& st) {
  return fe_backup::StatementResult::Error(1105, "HY000", std::string(CodeName(st.code)) + ": " + st.message);
}

fe_backup::StatementResult Usage() {
  return fe_backup::StatementResult::Error(1064, "42000", "HOSTRESTORE: bad statement");
}

class RestoreStagePlugin : public fe_backup::Plugin {
 public:
  explicit RestoreStagePlugin(fe_backup::Host* host) : host_(host) {}
  const char* Name() const override { return "restore_stage_test"; }
  bool Claims(std::string_view sql) override { return sql.substr(0, 11) == "HOSTRESTORE"; }

  fe_backup::StatementResult Execute(const fe_backup::Session&, std::string_view sql) override {
    std::istringstream in{std::string(sql.substr(11))};
    std::string verb;
    in >> verb;
    auto& writer = host_->catalog_writer();
    if (verb == "STAGE") return Stage(in);
    if (verb == "LIST") {
      fe_backup::StatementResult r;
      r.has_result_set = true;
      r.columns = {"stage_id", "job_id", "table", "new_table", "committed", "partitions"};
      for (const auto& s : writer.ListRestoreStages()) {
        std::string parts;
        for (const auto& p : s.table.partitions) {
          parts += (parts.empty() ? "" : ",") + p.name + "=" + std::to_string(p.visible_version);
        }
        r.rows.push_back({std::to_string(s.stage_id), std::to_string(s.job_id), s.table.name,
                          s.new_table ? "1" : "0", s.committed ? "1" : "0", parts});
      }
      return r;
    }
    int64_t id = 0;
    if (!(in >> id)) return Usage();
    fe_backup::HostStatus st;
    if (verb == "COMMIT") {
      st = writer.CommitRestore(id);
    } else if (verb == "ABORT") {
      st = writer.AbortRestore(id);
    } else if (verb == "FORGET") {
      st = writer.ForgetRestoreStage(id);
    } else {
      return Usage();
    }
    if (!st.ok()) return Error(st);
    return fe_backup::StatementResult{};
  }

  fe_backup::HostStatus Replay(uint16_t, std::string_view) override { return fe_backup::HostStatus::Ok(); }
  fe_backup::HostStatus Start() override { return fe_backup::HostStatus::Ok(); }
  void Shutdown() override {}
  bool OwnsTaskType(fe_backup::TaskType) const override { return false; }
  fe_backup::TaskAnswer OnFinishTask(const fe_backup::FinishedTask&) override { return fe_backup::TaskAnswer::kCancelled; }
  fe_backup::TaskAnswer OnLoaderProgress(const fe_backup::LoaderProgress&) override {
    return fe_backup::TaskAnswer::kCancelled;
  }
  void OnBackendTaskReport(const fe_backup::BackendTaskReport&) override {}

 private:
  fe_backup::StatementResult Stage(std::istringstream& in) {
    std::string db_name, table, specs, like, src;
    int32_t replication = 0;
    if (!(in >> db_name >> table >> replication >> specs)) return Usage();
    src = table;
    if (in >> like) {
      if (like != "LIKE" || !(in >> src)) return Usage();
    }
    auto db = host_->catalog().FindDatabase(db_name);
    if (!db) return Error(fe_backup::HostStatus::Error(fe_backup::HostCode::kNotFound, "no database " + db_name));
    auto source = host_->catalog().FindTable(db->id, src);
    if (!source) return Error(fe_backup::HostStatus::Error(fe_backup::HostCode::kNotFound, "no table " + src));
    fe_backup::RestoreStageRequest req;
    req.job_id = 1;
    req.table_name = table;
    req.definition = source->definition;
    req.definition.name = table;
    req.replication_num = replication;
    std::istringstream list(specs);
    std::string spec;
    while (std::getline(list, spec, ',')) {
      auto eq = spec.find('=');
      if (eq == std::string::npos) return Usage();
      req.partitions.push_back({spec.substr(0, eq), std::stoll(spec.substr(eq + 1))});
    }
    auto staged = host_->catalog_writer().StageRestore(db->id, req);
    if (!staged.ok()) return Error(staged.status);
    fe_backup::StatementResult r;
    r.has_result_set = true;
    r.columns = {"stage_id"};
    r.rows.push_back({std::to_string(staged.value->stage_id)});
    return r;
  }

  fe_backup::Host* host_;
};

}  // namespace

extern "C" {
uint32_t fe_backup_abi_version() { return fe_backup::kHostAbiVersion; }
fe_backup::Plugin* fe_backup_create_plugin(fe_backup::Host* host) { return new RestoreStagePlugin(host); }
void fe_backup_destroy_plugin(fe_backup::Plugin* plugin) { delete plugin; }
}
