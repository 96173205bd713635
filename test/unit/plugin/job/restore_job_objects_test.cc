// Views and functions through BACKUP and RESTORE: what the snapshot's meta and job info carry,
// which the restore analyzer selects (ON items, ALL, aliases, StarRocks' errors), and when the
// restore job creates them (after every table commit, idempotently, never on cancel).
#include "test/unit/plugin/job/restore_job_fixture.h"

namespace feb::plugin {
namespace {

fe_backup::ViewDefinition View(const std::string& name, const std::string& select) {
  fe_backup::ViewDefinition v;
  v.id = 900 + static_cast<int64_t>(name.size());
  v.name = name;
  v.select_text = select;
  return v;
}

fe_backup::FunctionDefinition Fn(const std::string& name, std::vector<std::string> args) {
  fe_backup::FunctionDefinition f;
  f.name = name;
  f.arg_types = std::move(args);
  f.return_type = "INT";
  f.properties = {{"symbol", "com.example.Add"}, {"type", "StarrocksJar"}, {"file", "http://h/udf.jar"}};
  return f;
}

class RestoreObjectsTest : public RestoreJobTest {
 protected:
  AnalyzedBackup SnapshotRequest() override {
    AnalyzedBackup r = Request();
    fe_backup::ViewDefinition v1 = View("v1", "SELECT k1 FROM example_tbl");
    v1.columns = {{"c1", "first"}};
    r.views = {v1, View("v2", "SELECT * FROM example_tbl2")};
    r.functions = {Fn("my_add", {"INT", "INT"}), Fn("my_add", {"BIGINT", "BIGINT"}), Fn("other", {})};
    return r;
  }

  // Drives a job through every state; returns its final state.
  RestoreJobState Finish(RestoreJob& job) {
    for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kDownload, TaskType::kMove}) (void)Answer(job, type);
    RunRestore(job);
    return job.state();
  }
};

TEST_F(RestoreObjectsTest, TheSnapshotCarriesViewsAndFunctionsInMetaAndViewsInTheJobInfo) {
  Result<std::string> meta_text = Status::NotFound("no meta");
  Result<std::string> info_text = Status::NotFound("no info");
  const std::string dir = repo_.layout().SnapshotDir("snapshot_label3");
  Result<std::vector<std::string>> names = repo_.ListDir(dir);
  ASSERT_TRUE(names.ok()) << names.status();
  std::vector<std::string> listed = *names;
  for (const std::string& name : listed) {
    if (name.rfind("__meta.", 0) == 0) meta_text = repo_.Read(dir + "/" + name);
    if (name.rfind("__info_", 0) == 0) info_text = repo_.Read(dir + "/" + name);
  }
  ASSERT_TRUE(meta_text.ok()) << meta_text.status();
  ASSERT_TRUE(info_text.ok()) << info_text.status();
  Result<BackupMeta> meta = BackupMeta::FromJson(*meta_text);
  ASSERT_TRUE(meta.ok()) << meta.status();
  ASSERT_EQ(meta->views.size(), 2u);
  EXPECT_EQ(meta->views[0], SnapshotRequest().views[0]);
  ASSERT_EQ(meta->functions.size(), 3u);
  EXPECT_EQ(meta->functions[1], Fn("my_add", {"BIGINT", "BIGINT"}));
  Result<BackupJobInfo> info = BackupJobInfo::FromJson(*info_text);
  ASSERT_TRUE(info.ok()) << info.status();
  auto v1 = std::find_if(info->tables.begin(), info->tables.end(), [](const auto& t) { return t.name == "v1"; });
  ASSERT_NE(v1, info->tables.end());
  EXPECT_EQ(v1->id, SnapshotRequest().views[0].id);
  EXPECT_TRUE(v1->partitions.empty());  // StarRocks: a view is a backup object without partitions
}

TEST_F(RestoreObjectsTest, AWholeDatabaseRestoreTakesEveryTableViewAndFunction) {
  Result<AnalyzedRestore> r = Analyze("RESTORE SNAPSHOT snapshot_label3 FROM example_repo DATABASE example_db AS copy_db "
                                      "PROPERTIES (\"backup_timestamp\" = \"" + timestamp_ + "\")");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->tables.size(), 2u);
  ASSERT_EQ(r->views.size(), 2u);
  EXPECT_EQ(r->views[0].source, "v1");
  EXPECT_EQ(r->views[0].definition.select_text, "SELECT k1 FROM example_tbl");
  EXPECT_EQ(r->functions.size(), 3u);
}

TEST_F(RestoreObjectsTest, OnItemsSelectViewsAndFunctionsByStarRocksRules) {
  Result<AnalyzedRestore> r = Analyze(Sql(" ON (VIEW v1 AS v1_r, FUNCTION MY_ADD AS plus)"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->tables.empty());  // ON with no table item restores no table
  ASSERT_EQ(r->views.size(), 1u);
  EXPECT_EQ(r->views[0].definition.name, "v1_r");
  ASSERT_EQ(r->functions.size(), 2u);  // every overload of the name, case-insensitively
  EXPECT_EQ(r->functions[0].name, "plus");
  EXPECT_EQ(r->functions[1].arg_types, (std::vector<std::string>{"BIGINT", "BIGINT"}));

  r = Analyze(Sql(" ON (example_tbl2, ALL VIEWS, FUNCTION other, ALL FUNCTIONS)"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->tables.size(), 1u);
  EXPECT_EQ(r->views.size(), 2u);
  EXPECT_EQ(r->functions.size(), 3u);  // "other" once, then the rest
  r = Analyze(Sql(" ON (ALL TABLES)"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->tables.size(), 2u);
  EXPECT_TRUE(r->views.empty());     // ALL TABLES is OLAP tables only
  EXPECT_TRUE(r->functions.empty());  // an ON clause without a function item restores none
  r = Analyze(Sql(" ON (v2)"));        // a plain item may name a view
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->views.size(), 1u);

  auto error = [&](const std::string& sql) {
    Result<AnalyzedRestore> e = Analyze(sql);
    return e.ok() ? std::string("OK") : e.status().message();
  };
  EXPECT_EQ(error(Sql(" ON (VIEW nov)")), "Table nov does not exist in snapshot snapshot_label3");
  EXPECT_EQ(error(Sql(" ON (FUNCTION nofn)")), "Can not find restore function: nofn");
  EXPECT_EQ(error(Sql(" ON (v1 PARTITION (p1))")), "Partition p1 of table v1 does not exist in snapshot snapshot_label3");
  EXPECT_EQ(error(Sql(" ON (VIEW v1 AS v1)")), "Duplicated alias name: v1");
}

TEST_F(RestoreObjectsTest, ViewsAndFunctionsAreCreatedOnlyAfterTheTablesAreCommitted) {
  auto job = NewRestore(Sql(" ON (example_tbl AS tbl_r, VIEW v1 AS v1_r, ALL FUNCTIONS)"));
  ASSERT_NE(job, nullptr);
  for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kDownload, TaskType::kMove}) {
    (void)Answer(*job, type);
    EXPECT_FALSE(host_.FindView(db_, "v1_r")) << "created before the commit";
    EXPECT_TRUE(host_.ListFunctions(db_).empty());
  }
  RunRestore(*job);
  ASSERT_EQ(job->state(), RestoreJobState::kFinished) << job->status().ToString();
  EXPECT_TRUE(host_.FindTable(db_, "tbl_r"));
  std::optional<fe_backup::ViewDefinition> v = host_.FindView(db_, "v1_r");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->select_text, "SELECT k1 FROM example_tbl");
  EXPECT_EQ(v->columns, (std::vector<fe_backup::ViewColumn>{{"c1", "first"}}));
  EXPECT_EQ(host_.ListFunctions(db_).size(), 3u);
  // SHOW RESTORE lists the view among the objects (functions are not listed, as StarRocks).
  std::vector<std::optional<std::string>> row = job->ShowRow();
  EXPECT_NE(row[7]->find("v1"), std::string::npos) << *row[7];
}

TEST_F(RestoreObjectsTest, ARestartBeforeTheFinishedRecordCreatesThemAgainWithoutDuplicates) {
  auto job = NewRestore(Sql(" ON (VIEW v1, ALL FUNCTIONS)"));
  ASSERT_NE(job, nullptr);
  ASSERT_EQ(Finish(*job), RestoreJobState::kFinished) << job->status().ToString();
  int created = host_.objects_created();
  EXPECT_EQ(created, 4);
  // A crash between the creations and the FINISHED record: the replayed job is COMMITTING and
  // creates them again, replacing what the first attempt made.
  std::vector<FakeHost::JournalRecord> records = host_.journal_records();
  std::shared_ptr<RestoreJob> again;
  for (const auto& rec : records) {
    if (rec.op == RestoreJob::kImageOp) {
      auto j = RestoreJob::FromImage(rec.payload, Context(), {});
      ASSERT_TRUE(j.ok()) << j.status();
      again = *j;
      continue;
    }
    if (again == nullptr) continue;
    auto parsed = nlohmann::json::parse(rec.payload);
    if (parsed.value("state", "") == "FINISHED") break;  // cut the journal before FINISHED
    if (parsed.value("jobId", int64_t{0}) == again->job_id()) {
      ASSERT_TRUE(again->ApplyRecord(rec.op, rec.payload).ok());
    }
  }
  ASSERT_NE(again, nullptr);
  ASSERT_EQ(again->state(), RestoreJobState::kCommitting);
  RunRestore(*again);
  ASSERT_EQ(again->state(), RestoreJobState::kFinished) << again->status().ToString();
  EXPECT_EQ(host_.objects_created(), created + 4);
  EXPECT_EQ(host_.ListViews(db_).size(), 1u);
  EXPECT_EQ(host_.ListFunctions(db_).size(), 3u);
}

TEST_F(RestoreObjectsTest, ACancelBeforeTheCommitCreatesNoViewOrFunction) {
  auto job = NewRestore(Sql(" ON (example_tbl AS t_c, VIEW v1, ALL FUNCTIONS)"));
  ASSERT_NE(job, nullptr);
  (void)Answer(*job, TaskType::kMakeSnapshot);
  (void)Answer(*job, TaskType::kDownload);
  ASSERT_TRUE(job->Cancel().ok());
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kCancelled);
  EXPECT_FALSE(host_.FindView(db_, "v1"));
  EXPECT_TRUE(host_.ListFunctions(db_).empty());
  EXPECT_EQ(host_.objects_created(), 0);
}

TEST_F(RestoreObjectsTest, AViewOverATableIsABadReplaceAndAViewOverAViewReplacesIt) {
  auto job = NewRestore(Sql(" ON (VIEW v1 AS example_tbl2)"));
  ASSERT_NE(job, nullptr);
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kCancelled);
  EXPECT_EQ(job->status().ToString(), "[BAD_REPLACE, msg: Table: example_tbl2 has existed and it is not a View]");

  host_.AddView(db_, View("v1", "SELECT 1"));
  auto replace = NewRestore(Sql(" ON (VIEW v1)"));
  ASSERT_NE(replace, nullptr);
  ASSERT_EQ(Finish(*replace), RestoreJobState::kFinished) << replace->status().ToString();
  ASSERT_EQ(host_.ListViews(db_).size(), 1u);
  EXPECT_EQ(host_.FindView(db_, "v1")->select_text, "SELECT k1 FROM example_tbl");
}

TEST_F(RestoreObjectsTest, AFunctionTheHostRefusesCancelsInStarRocksWordsAndAnOutageIsRetried) {
  // With a table, so that the job waits in COMMITTING for its MOVE tasks.
  auto job = NewRestore(Sql(" ON (example_tbl2 AS t_f, FUNCTION other)"));
  ASSERT_NE(job, nullptr);
  for (TaskType type : {TaskType::kMakeSnapshot, TaskType::kDownload, TaskType::kMove}) (void)Answer(*job, type);
  ASSERT_EQ(job->state(), RestoreJobState::kCommitting);
  host_.FailNextObjectCreate(fe_backup::HostCode::kUnavailable);
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kCommitting) << "an unavailable host is retried";
  host_.FailNextObjectCreate(fe_backup::HostCode::kInvalidArgument);
  RunRestore(*job);
  EXPECT_EQ(job->state(), RestoreJobState::kCancelled);
  EXPECT_EQ(job->status().ToString(), "[COMMON_ERROR, msg: Add Function: other() failed when restore]");
}

TEST_F(RestoreObjectsTest, TheImageKeepsViewsAndFunctions) {
  auto job = NewRestore(Sql(" ON (VIEW v2 AS v2_r, FUNCTION my_add)"));
  ASSERT_NE(job, nullptr);
  Result<std::shared_ptr<RestoreJob>> back = RestoreJob::FromImage(job->Image(), Context(), {});
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(Finish(**back), RestoreJobState::kFinished) << (*back)->status().ToString();
  EXPECT_TRUE(host_.FindView(db_, "v2_r"));
  EXPECT_EQ(host_.ListFunctions(db_).size(), 2u);
  for (const char* bad : {R"("views": 3)", R"("views": [{"id": 1}])", R"("functions": [{"name": ""}])"}) {
    std::string image = job->Image();
    image.insert(image.size() - 1, std::string(",") + bad);
    EXPECT_FALSE(RestoreJob::FromImage(image, Context(), {}).ok()) << bad;
  }
}

}  // namespace
}  // namespace feb::plugin
