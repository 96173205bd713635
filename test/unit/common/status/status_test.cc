#include "common/status/status.h"

#include <gtest/gtest.h>

#include <string_view>
#include <utility>

#include "common/status/mysql_error.h"
#include "common/status/result.h"

namespace feb {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd value " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  RETURN_IF_ERROR(Half(x).status());
  return Status::OK();
}

TEST(StatusTest, OkHasNoMessageAndDefaultCode) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeMessageAndContext) {
  Status s = Status::NotFound("table t1");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "NotFound: table t1");
  Status c = s.WithContext("backup label1");
  EXPECT_EQ(c.message(), "backup label1: table t1");
  EXPECT_EQ(c.code(), StatusCode::kNotFound);
}

TEST(StatusTest, ResultPropagatesErrorsThroughMacros) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd value 3");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).code(), StatusCode::kInvalidArgument);
}

TEST(MysqlErrorTest, MapsCodesAndExplicitErrnos) {
  EXPECT_EQ(ToMysqlError(Status::SyntaxError("x")).code, kErrParse);
  EXPECT_EQ(ToMysqlError(Status::SyntaxError("x")).sqlstate, "42000");
  EXPECT_EQ(ToMysqlError(Status::Internal("x")).code, kErrUnknown);
  EXPECT_EQ(ToMysqlError(Status::Internal("x")).sqlstate, "HY000");
  Status bad_db(StatusCode::kNotFound, "Unknown database 'd'", kErrBadDb);
  EXPECT_EQ(ToMysqlError(bad_db).code, kErrBadDb);
  EXPECT_EQ(ToMysqlError(bad_db).sqlstate, "42000");
}

// The frontend answers through this table too, so it holds the SQLSTATE of every errno the
// frontend sends (the values it always sent).
TEST(MysqlErrorTest, HoldsTheSqlstateOfEveryErrnoTheFrontendSends) {
  const std::pair<uint16_t, std::string_view> expected[] = {
      {1040, "08004"}, {1043, "08S01"}, {1045, "28000"}, {1046, "3D000"}, {1047, "08S01"},
      {1049, "42000"}, {1050, "42S01"}, {1051, "42S02"}, {1064, "42000"}, {1065, "42000"},
      {1146, "42S02"}, {1153, "08S01"}, {1227, "42000"}, {1235, "42000"}, {1251, "08004"},
      {1835, "08S01"}, {1054, "HY000"}, {1193, "HY000"}, {1517, "HY000"}};
  for (const auto& [code, state] : expected) {
    EXPECT_EQ(ToMysqlError(Status(StatusCode::kInternal, "x", code)).sqlstate, state) << code;
    EXPECT_EQ(ToMysqlError(Status(StatusCode::kInternal, "x", code)).code, code);
  }
}

}  // namespace
}  // namespace feb
