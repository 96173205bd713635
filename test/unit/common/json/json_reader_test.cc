#include "common/json/json_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace feb::json {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

Json Parse(std::string_view text) {
  Result<Json> j = ParseObject<Json>(text);
  EXPECT_TRUE(j.ok()) << j.status().ToString();
  return j.ok() ? *j : Json::object();
}

std::string OneHundredTwentyDigits() {
  std::string digits = "86400333";
  while (digits.size() < 120) digits += "0123456789";
  return digits.substr(0, 120);
}

TEST(JsonReaderTest, ReadsIntegersWithinTheirRange) {
  Json j = Parse(R"({"a": 5, "b": -7, "c": 9223372036854775807})");
  EXPECT_EQ(*GetInt(j, "a", 0, 10), 5);
  EXPECT_EQ(*GetInt(j, "b"), -7);
  EXPECT_EQ(*GetInt(j, "c"), kInt64Max);
  EXPECT_EQ(*GetInt32(j, "a"), 5);
}

TEST(JsonReaderTest, AOneHundredTwentyDigitNumberIsAnErrorNamingTheKeyAndTheRange) {
  Json j = Parse("{\"timeoutMs\": " + OneHundredTwentyDigits() + "}");
  Result<int64_t> v = GetInt(j, "timeoutMs", 0, kInt64Max);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(v.status().message(),
              AllOf(HasSubstr("key 'timeoutMs'"), HasSubstr("an integer in [0, 9223372036854775807]")));
}

TEST(JsonReaderTest, AnUnsignedAboveTheMaximumIsAnError) {
  Json j = Parse(R"({"id": 18446744073709551615})");
  Result<int64_t> v = GetInt(j, "id");
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(v.status().message(), HasSubstr("key 'id'"));
}

TEST(JsonReaderTest, AFloatWhereAnIntegerIsExpectedIsAnError) {
  Json j = Parse(R"({"version": 1.0, "buckets": 1e3})");
  Result<int64_t> v = GetInt(j, "version");
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(v.status().message(), AllOf(HasSubstr("key 'version'"), HasSubstr("expected an integer")));
  EXPECT_FALSE(GetInt32(j, "buckets").ok());
}

TEST(JsonReaderTest, AStringWhereAnIntegerIsExpectedIsAnError) {
  Json j = Parse(R"({"id": "12"})");
  Result<int64_t> v = GetInt(j, "id");
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(v.status().message(), AllOf(HasSubstr("key 'id'"), HasSubstr("got \"12\"")));
}

TEST(JsonReaderTest, ANegativeWhereAPositiveIsExpectedIsAnErrorShowingTheRange) {
  Json j = Parse(R"({"buckets": -3})");
  Result<int32_t> v = GetInt32(j, "buckets", 1, kInt32Max);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(v.status().message(),
              AllOf(HasSubstr("key 'buckets'"), HasSubstr("[1, 2147483647]"), HasSubstr("got -3")));
}

TEST(JsonReaderTest, AnInt32OutOfRangeIsAnError) {
  Json j = Parse(R"({"schema_hash": 4294967296})");
  EXPECT_FALSE(GetInt32(j, "schema_hash").ok());
}

TEST(JsonReaderTest, AMissingKeyIsAnErrorNamingTheKey) {
  Json j = Parse(R"({"a": 1})");
  for (const Status& s : {GetInt(j, "id").status(), GetBool(j, "read_only").status(), GetString(j, "name").status(),
                          GetStringArray(j, "files").status(), GetObject(j, "tables").status()}) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_THAT(s.message(), HasSubstr("missing"));
  }
  EXPECT_THAT(GetInt(j, "id").status().message(), HasSubstr("key 'id'"));
}

TEST(JsonReaderTest, OptionalKeysFallBackOnlyWhenAbsentOrNull) {
  Json j = Parse(R"({"n": null, "bad": "x", "ok": 4})");
  EXPECT_EQ(*GetOptionalInt(j, "absent", 9), 9);
  EXPECT_EQ(*GetOptionalInt(j, "n", 9), 9);
  EXPECT_EQ(*GetOptionalInt(j, "ok", 9), 4);
  EXPECT_FALSE(GetOptionalInt(j, "bad", 9).ok());
  EXPECT_EQ(*GetOptionalString(j, "absent", "d"), "d");
  EXPECT_FALSE(GetOptionalBool(j, "bad", false).ok());
}

TEST(JsonReaderTest, ArraysAndMapsCheckEveryElement) {
  Json j = Parse(R"({"s": ["a", "b"], "i": [1, 2], "mixed": ["a", 1], "ints": [1, 2.5], "m": {"k": "v"},
                     "badm": {"k": 1}})");
  EXPECT_EQ(*GetStringArray(j, "s"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*GetIntArray(j, "i"), (std::vector<int64_t>{1, 2}));
  EXPECT_THAT(GetStringArray(j, "mixed").status().message(), HasSubstr("element 1 of key 'mixed'"));
  EXPECT_THAT(GetIntArray(j, "ints").status().message(), HasSubstr("element 1 of key 'ints'"));
  EXPECT_EQ((*GetStringMap(j, "m")).at("k"), "v");
  EXPECT_THAT(GetStringMap(j, "badm").status().message(), HasSubstr("value 'k' of key 'badm'"));
  EXPECT_FALSE(GetStringArray(j, "m").ok());
}

TEST(JsonReaderTest, ANonObjectIsAnErrorNotAnException) {
  Json arr = Json::array({1, 2});
  EXPECT_FALSE(GetInt(arr, "id").ok());
  EXPECT_FALSE(ParseObject<Json>("[1]").ok());
  EXPECT_FALSE(ParseObject<Json>("{").ok());
}

TEST(JsonReaderTest, WorksWithOrderedJson) {
  Result<OrderedJson> j = ParseObject<OrderedJson>(R"({"b": true, "s": "x"})");
  ASSERT_TRUE(j.ok());
  EXPECT_TRUE(*GetBool(*j, "b"));
  EXPECT_EQ(*GetString(*j, "s"), "x");
  EXPECT_FALSE(GetBool(*j, "s").ok());
}

TEST(JsonReaderTest, ALongActualValueIsShortenedInTheMessage) {
  Json j = Parse("{\"name\": [\"" + std::string(500, 'x') + "\"]}");
  Result<std::string> v = GetString(j, "name");
  ASSERT_FALSE(v.ok());
  EXPECT_LT(v.status().message().size(), 200u);
}

}  // namespace
}  // namespace feb::json
