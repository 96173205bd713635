#include "plugin/src/repository/backup_job_info.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace feb::plugin {
namespace {

BackupJobInfo Sample() {
  BackupJobInfo info;
  info.name = "snapshot_label1";
  info.database = "example_db";
  info.db_id = 10001;
  info.backup_time = 1700000000123;
  BackupJobInfo::Index idx{"example_tbl", 10004, 1234, {{10006, {"a.dat.0123456789abcdef0123456789abcdef"}}, {10005, {}}}};
  info.tables.push_back({"example_tbl", 10002, {{"p1", 10003, 7, {idx}}}});
  return info;
}

TEST(BackupJobInfoTest, WritesStarRocksKeys) {
  auto j = nlohmann::json::parse(Sample().ToJson());
  EXPECT_EQ(j["name"], "snapshot_label1");
  EXPECT_EQ(j["database"], "example_db");
  EXPECT_EQ(j["id"], 10001);
  EXPECT_EQ(j["backup_time"], 1700000000123);
  EXPECT_EQ(j["backup_result"], "succeed");
  const auto& p = j["backup_objects"]["example_tbl"]["partitions"]["p1"];
  EXPECT_EQ(p["version"], 7);
  EXPECT_EQ(p["version_hash"], 0);
  const auto& idx = p["indexes"]["example_tbl"];
  EXPECT_EQ(idx["schema_hash"], 1234);
  EXPECT_EQ(idx["tablets"]["10006"][0], "a.dat.0123456789abcdef0123456789abcdef");
  EXPECT_EQ(idx["tablets_order"], nlohmann::json::array({"10006", "10005"}));
}

TEST(BackupJobInfoTest, RoundTripsAndKeepsTabletOrder) {
  auto parsed = BackupJobInfo::FromJson(Sample().ToJson());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, Sample());
}

TEST(BackupJobInfoTest, BriefHasNoIds) {
  std::string brief = Sample().ToBriefJson();
  EXPECT_NE(brief.find("\"backup_objects\""), std::string::npos);
  EXPECT_EQ(brief.find("10006"), std::string::npos);
  EXPECT_EQ(brief.find("\"id\""), std::string::npos);
}

TEST(BackupJobInfoTest, RejectsMalformedJsonWithAClearError) {
  EXPECT_FALSE(BackupJobInfo::FromJson("").ok());
  EXPECT_FALSE(BackupJobInfo::FromJson("[]").ok());
  EXPECT_FALSE(BackupJobInfo::FromJson("{\"name\": 1}").ok());
  std::string missing_db = R"({"name":"l","id":1,"backup_time":1,"backup_result":"succeed","backup_objects":{}})";
  auto r = BackupJobInfo::FromJson(missing_db);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'database'"), std::string::npos);
  std::string bad_tablet = R"({"name":"l","database":"d","id":1,"backup_time":1,"backup_result":"succeed",
    "backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"version":1,"indexes":{"t":{"id":4,"schema_hash":5,
    "tablets":{"x":[]}}}}}}}})";
  EXPECT_EQ(BackupJobInfo::FromJson(bad_tablet).status().code(), StatusCode::kCorruption);
}

TEST(BackupJobInfoTest, RejectsTabletsListedTwice) {
  std::string twice = R"({"name":"l","database":"d","id":1,"backup_time":1,"backup_result":"succeed",
    "backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"version":1,"indexes":{"t":{"id":4,"schema_hash":5,
    "tablets":{"1":[],"01":[]}}}}}}}})";
  auto r = BackupJobInfo::FromJson(twice);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("listed twice"), std::string::npos);
}

TEST(BackupJobInfoTest, InvalidUtf8FromAPeerNeverThrows) {
  BackupJobInfo info = Sample();
  info.tables[0].partitions[0].indexes[0].tablets[0].files = {"bad\xff.dat"};
  std::string json = info.ToJson();
  EXPECT_NE(json.find("bad"), std::string::npos);
}

std::string OneHundredTwentyDigits() {
  std::string digits = "86400333";
  while (digits.size() < 120) digits += "0123456789";
  return digits.substr(0, 120);
}

// Sample()'s JSON with the value of `key` (first occurrence after `after`) replaced by `value`.
std::string WithValue(const std::string& after, const std::string& key, const std::string& value) {
  std::string json = Sample().ToJson();
  size_t from = json.find(after);
  size_t at = json.find("\"" + key + "\":", from);
  EXPECT_NE(at, std::string::npos) << key;
  size_t begin = at + key.size() + 3;
  size_t end = json.find_first_of(",}", begin);
  return json.substr(0, begin) + value + json.substr(end);
}

TEST(BackupJobInfoTest, ANumberTooLargeForItsFieldIsAnErrorNamingTheKey) {
  auto r = BackupJobInfo::FromJson(WithValue("", "backup_time", OneHundredTwentyDigits()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(r.status().message(), ::testing::AllOf(::testing::HasSubstr("job info"),
                                                     ::testing::HasSubstr("key 'backup_time'"),
                                                     ::testing::HasSubstr("[0, 9223372036854775807]")));
  r = BackupJobInfo::FromJson(WithValue("", "schema_hash", "4294967296"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), ::testing::AllOf(::testing::HasSubstr("index example_tbl"),
                                                     ::testing::HasSubstr("key 'schema_hash'")));
}

TEST(BackupJobInfoTest, AFloatWhereAnIntegerIsExpectedIsAnErrorNamingTheKey) {
  auto r = BackupJobInfo::FromJson(WithValue("partitions", "version", "7.5"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), ::testing::AllOf(::testing::HasSubstr("partition p1"),
                                                     ::testing::HasSubstr("key 'version'"),
                                                     ::testing::HasSubstr("expected an integer")));
}

TEST(BackupJobInfoTest, ANegativeIdIsAnErrorNamingTheKey) {
  auto r = BackupJobInfo::FromJson(WithValue("backup_objects", "id", "-2"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), ::testing::AllOf(::testing::HasSubstr("table example_tbl"),
                                                     ::testing::HasSubstr("key 'id'"), ::testing::HasSubstr("got -2")));
}

TEST(BackupJobInfoTest, AMissingKeyIsAnErrorNamingIt) {
  std::string json = Sample().ToJson();
  size_t at = json.find("\"backup_time\":");
  json.erase(at, json.find(',', at) + 1 - at);
  auto r = BackupJobInfo::FromJson(json);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("key 'backup_time': missing"));
}

}  // namespace
}  // namespace feb::plugin
