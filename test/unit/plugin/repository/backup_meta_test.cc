#include "plugin/src/repository/backup_meta.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace feb::plugin {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

BackupMeta Sample() {
  fe_backup::TableInfo t;
  t.id = 10002;
  t.name = "example_tbl";
  t.definition.name = "example_tbl";
  t.definition.columns.push_back({"k1", "INT", false, true, "", std::nullopt, ""});
  t.definition.columns.push_back({"v1", "VARCHAR(8)", true, false, "", std::string("x"), "a comment"});
  t.definition.key_columns = {"k1"};
  t.definition.partition_columns = {"k1"};
  t.definition.partitions.push_back({"p1", {"100"}});
  t.definition.distribution_columns = {"k1"};
  t.definition.buckets = 2;
  t.definition.properties = {{"replication_num", "1"}};
  fe_backup::PartitionInfo p;
  p.id = 10003;
  p.name = "p1";
  p.visible_version = 3;
  p.indexes.push_back({10004, "example_tbl", 1234, {{10005, {}}, {10006, {}}}});
  t.partitions.push_back(p);
  BackupMeta meta;
  meta.database = "example_db";
  meta.tables.push_back(t);
  return meta;
}

nlohmann::ordered_json SampleJson() { return nlohmann::ordered_json::parse(Sample().ToJson()); }

Status Read(const nlohmann::ordered_json& j) { return BackupMeta::FromJson(j.dump()).status(); }

std::string OneHundredTwentyDigits() {
  std::string digits = "86400333";
  while (digits.size() < 120) digits += "0123456789";
  return digits.substr(0, 120);
}

TEST(BackupMetaTest, RoundTrips) {
  auto meta = BackupMeta::FromJson(Sample().ToJson());
  ASSERT_TRUE(meta.ok()) << meta.status();
  ASSERT_EQ(meta->tables.size(), 1u);
  EXPECT_EQ(meta->tables[0].definition.columns[1].default_value, std::optional<std::string>("x"));
  EXPECT_EQ(meta->tables[0].partitions[0].indexes[0].tablets[1].id, 10006);
  EXPECT_EQ(meta->ToJson(), Sample().ToJson());
}

TEST(BackupMetaTest, AOneHundredTwentyDigitNumberIsAnErrorNamingTheKey) {
  auto j = SampleJson();
  j["tables"][0]["partitions"][0]["visible_version"] = nlohmann::ordered_json::parse(OneHundredTwentyDigits());
  Status s = Read(j);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("meta file"), HasSubstr("key 'visible_version'"),
                                 HasSubstr("[0, 9223372036854775807]")));
}

TEST(BackupMetaTest, AFloatWhereAnIntegerIsExpectedIsAnErrorNamingTheKey) {
  auto j = SampleJson();
  j["tables"][0]["definition"]["buckets"] = 2.0;
  EXPECT_THAT(Read(j).message(), AllOf(HasSubstr("definition"), HasSubstr("key 'buckets'")));
  j = SampleJson();
  j["version"] = 1.0;
  EXPECT_THAT(Read(j).message(), HasSubstr("key 'version'"));
}

TEST(BackupMetaTest, ANegativeWhereAPositiveIsExpectedIsAnErrorNamingTheKey) {
  auto j = SampleJson();
  j["tables"][0]["definition"]["buckets"] = -1;
  EXPECT_THAT(Read(j).message(), AllOf(HasSubstr("key 'buckets'"), HasSubstr("[1, 2147483647]")));
  j = SampleJson();
  j["tables"][0]["partitions"][0]["indexes"][0]["tablets"][1] = -6;
  EXPECT_THAT(Read(j).message(), HasSubstr("element 1 of key 'tablets'"));
}

TEST(BackupMetaTest, AMissingKeyOrAWrongTypeIsAnErrorNamingTheKey) {
  auto j = SampleJson();
  j["tables"][0]["definition"]["columns"][0].erase("nullable");
  EXPECT_THAT(Read(j).message(), AllOf(HasSubstr("element 0 of 'columns'"), HasSubstr("key 'nullable': missing")));
  j = SampleJson();
  j["tables"][0]["definition"]["properties"]["replication_num"] = 1;
  EXPECT_THAT(Read(j).message(), HasSubstr("value 'replication_num' of key 'properties'"));
  j = SampleJson();
  j["tables"] = "none";
  EXPECT_THAT(Read(j).message(), HasSubstr("key 'tables': expected a JSON array"));
}

TEST(BackupMetaTest, ATableRecordWithABadNumberIsAnError) {
  auto t = SampleJson()["tables"][0];
  t["id"] = nlohmann::ordered_json::parse(OneHundredTwentyDigits());
  auto r = TableInfoFromJsonText(t.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), AllOf(HasSubstr("table record"), HasSubstr("key 'id'")));
}

BackupMeta SampleWithObjects() {
  BackupMeta meta = Sample();
  fe_backup::ViewDefinition v;
  v.id = 10010;
  v.name = "v1";
  v.columns = {{"c1", "first column"}, {"c2", ""}};
  v.comment = "a view";
  v.select_text = "SELECT k1, v1 FROM example_tbl WHERE v1 = 'it''s'";
  meta.views.push_back(v);
  fe_backup::FunctionDefinition f;
  f.name = "my_add";
  f.arg_types = {"INT", "VARCHAR(10)"};
  f.variadic = true;
  f.return_type = "BIGINT";
  f.kind = fe_backup::FunctionKind::kAggregate;
  f.intermediate_type = "BIGINT";
  f.properties = {{"symbol", "com.example.Add"}, {"type", "StarrocksJar"}, {"file", "http://h/udf.jar"}};
  meta.functions.push_back(f);
  return meta;
}

TEST(BackupMetaTest, ViewsAndFunctionsRoundTrip) {
  BackupMeta sample = SampleWithObjects();
  auto meta = BackupMeta::FromJson(sample.ToJson());
  ASSERT_TRUE(meta.ok()) << meta.status();
  EXPECT_EQ(meta->views, sample.views);
  EXPECT_EQ(meta->functions, sample.functions);
  EXPECT_EQ(meta->ToJson(), sample.ToJson());
  EXPECT_EQ(fe_backup::FunctionSignature(meta->functions[0]), "my_add(INT,VARCHAR(10), ...)");
  auto views = ViewsFromJsonText(ViewsToJsonText(sample.views));
  ASSERT_TRUE(views.ok()) << views.status();
  EXPECT_EQ(*views, sample.views);
  auto functions = FunctionsFromJsonText(FunctionsToJsonText(sample.functions));
  ASSERT_TRUE(functions.ok()) << functions.status();
  EXPECT_EQ(*functions, sample.functions);
}

TEST(BackupMetaTest, AMetaWithoutViewsAndFunctionsReadsAsNone) {
  auto j = SampleJson();
  j.erase("views");
  j.erase("functions");
  auto meta = BackupMeta::FromJson(j.dump());
  ASSERT_TRUE(meta.ok()) << meta.status();
  EXPECT_TRUE(meta->views.empty());
  EXPECT_TRUE(meta->functions.empty());
}

TEST(BackupMetaTest, BadViewsAndFunctionsAreCorruptAndNamed) {
  auto base = nlohmann::ordered_json::parse(SampleWithObjects().ToJson());
  struct Case {
    const char* pointer;
    nlohmann::ordered_json value;
    const char* expected;
  };
  std::vector<Case> cases = {
      {"/views", 7, "views"},
      {"/views/0/select", "", "has no query"},
      {"/views/0/name", 1, "name"},
      {"/views/0/columns/0/comment", nullptr, "comment"},
      {"/functions/0/kind", "WINDOW", "'WINDOW' is not SCALAR, AGGREGATE or TABLE"},
      {"/functions/0/arg_types", nlohmann::ordered_json::array({1}), "arg_types"},
      {"/functions/0/name", "", "a function needs a name"},
      {"/functions/0/properties", nlohmann::ordered_json::array(), "properties"},
  };
  for (const auto& c : cases) {
    auto j = base;
    j[nlohmann::ordered_json::json_pointer(c.pointer)] = c.value;
    Status st = Read(j);
    EXPECT_FALSE(st.ok()) << c.pointer;
    EXPECT_THAT(st.message(), HasSubstr(c.expected)) << c.pointer;
  }
  EXPECT_FALSE(ViewsFromJsonText("{}").ok());
  EXPECT_FALSE(FunctionsFromJsonText("[{\"name\": \"f\"}]").ok());
  EXPECT_FALSE(ViewsFromJsonText("not json").ok());
}

}  // namespace
}  // namespace feb::plugin
