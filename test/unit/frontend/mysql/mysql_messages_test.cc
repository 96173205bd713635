#include "frontend/mysql/mysql_messages.h"

#include <gtest/gtest.h>

namespace feb::frontend {
namespace {

std::string Response(uint32_t caps, const std::string& user, const std::string& auth, const std::string& db,
                     const std::string& plugin) {
  std::string p;
  AppendFixedInt(&p, caps, 4);
  AppendFixedInt(&p, 16 << 20, 4);
  p.push_back(33);
  p.append(23, '\0');
  p += user;
  p.push_back('\0');
  AppendLenencString(&p, auth);
  if (caps & kClientConnectWithDb) {
    p += db;
    p.push_back('\0');
  }
  if (caps & kClientPluginAuth) {
    p += plugin;
    p.push_back('\0');
  }
  if (caps & kClientConnectAttrs) {
    std::string attrs;
    AppendLenencString(&attrs, "_client_name");
    AppendLenencString(&attrs, "libmariadb");
    AppendLenencString(&p, attrs);
  }
  return p;
}

constexpr uint32_t kCaps = kClientProtocol41 | kClientSecureConnection | kClientPluginAuth |
                           kClientPluginAuthLenencData | kClientConnectAttrs;

TEST(MysqlMessagesTest, LenencIntegersRoundTripAtEveryWidth) {
  for (uint64_t v : {0ULL, 250ULL, 251ULL, 65535ULL, 65536ULL, 16777215ULL, 16777216ULL, ~0ULL}) {
    std::string s;
    AppendLenencInt(&s, v);
    PayloadReader r(s);
    auto got = r.LenencInt();
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, v);
    EXPECT_EQ(r.remaining(), 0u);
  }
}

TEST(MysqlMessagesTest, DecodesAHandshakeResponseWithDbPluginAndAttributes) {
  auto r = DecodeHandshakeResponse(Response(kCaps | kClientConnectWithDb, "root", std::string(20, 'a'), "db1",
                                            "mysql_native_password"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->user, "root");
  EXPECT_EQ(r->auth_response, std::string(20, 'a'));
  EXPECT_EQ(r->database, "db1");
  EXPECT_EQ(r->auth_plugin, "mysql_native_password");
  EXPECT_EQ(r->attributes.at("_client_name"), "libmariadb");
  EXPECT_EQ(r->charset, 33);
}

TEST(MysqlMessagesTest, RefusesEveryTruncationOfAHandshakeResponse) {
  std::string full = Response(kCaps | kClientConnectWithDb, "someone", std::string(20, 'b'), "db", "x");
  // Cutting inside a field must fail cleanly; cutting right after a whole optional part is valid.
  int failures = 0;
  for (size_t n = 0; n < full.size(); ++n) {
    auto r = DecodeHandshakeResponse(full.substr(0, n));
    if (!r.ok()) {
      ++failures;
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << n;
    }
  }
  EXPECT_GT(failures, 40);
}

TEST(MysqlMessagesTest, RefusesClientsWithoutProtocol41OrAskingForSsl) {
  EXPECT_FALSE(DecodeHandshakeResponse(Response(kClientSecureConnection, "u", "", "", "")).ok());
  auto ssl = DecodeHandshakeResponse(Response(kCaps | kClientSsl, "u", "", "", "p"));
  ASSERT_FALSE(ssl.ok());
  EXPECT_NE(ssl.status().message().find("SSL"), std::string::npos);
}

TEST(MysqlMessagesTest, HandshakeAdvertisesNativePasswordAndNoSsl) {
  std::string scramble(20, 'S');
  std::string hs = EncodeHandshake(7, "5.1.0", scramble);
  PayloadReader r(hs);
  EXPECT_EQ(*r.FixedInt(1), 10u);
  EXPECT_EQ(*r.NulString(), "5.1.0");
  EXPECT_EQ(*r.FixedInt(4), 7u);
  EXPECT_EQ(*r.Bytes(8), scramble.substr(0, 8));
  (void)r.Bytes(1);
  uint64_t caps = *r.FixedInt(2);
  (void)r.Bytes(3);
  caps |= *r.FixedInt(2) << 16;
  EXPECT_EQ(caps & kClientSsl, 0u);
  EXPECT_EQ(caps & kClientDeprecateEof, 0u);
  EXPECT_NE(caps & kClientPluginAuth, 0u);
  EXPECT_NE(hs.find("mysql_native_password"), std::string::npos);
}

TEST(MysqlMessagesTest, NativePasswordAcceptsTheRightPasswordOnly) {
  std::string scramble = "12345678901234567890";
  std::string stored = NativePasswordHash("secret");
  EXPECT_TRUE(CheckNativePassword(scramble, NativePasswordScramble(scramble, "secret"), stored));
  EXPECT_FALSE(CheckNativePassword(scramble, NativePasswordScramble(scramble, "Secret"), stored));
  EXPECT_FALSE(CheckNativePassword(scramble, "", stored));
  EXPECT_FALSE(CheckNativePassword(scramble, "short", stored));
  EXPECT_TRUE(CheckNativePassword(scramble, "", NativePasswordHash("")));
  EXPECT_FALSE(CheckNativePassword(scramble, NativePasswordScramble(scramble, "x"), NativePasswordHash("")));
}

TEST(MysqlMessagesTest, ErrPacketCarriesErrnoAndSqlstate) {
  std::string e = EncodeErr(1045, "28000", "Access denied");
  EXPECT_EQ(e, std::string("\xff\x15\x04#28000Access denied", 22));
}

TEST(MysqlMessagesTest, TextRowsEncodeNullAsFb) {
  std::string row = EncodeTextRow({std::string("ab"), std::nullopt, std::string("")});
  EXPECT_EQ(row, std::string("\x02" "ab" "\xfb" "\x00", 5));
}

TEST(MysqlMessagesTest, ColumnDefinitionCarriesNameAndType) {
  std::string c = EncodeColumnDefinition(ColumnMeta{"n", MysqlType::kLongLong, "db", "t"});
  PayloadReader r(c);
  EXPECT_EQ(*r.LenencString(), "def");
  EXPECT_EQ(*r.LenencString(), "db");
  EXPECT_EQ(*r.LenencString(), "t");
  EXPECT_EQ(*r.LenencString(), "t");
  EXPECT_EQ(*r.LenencString(), "n");
  EXPECT_EQ(*r.LenencString(), "n");
  EXPECT_EQ(*r.FixedInt(1), 0x0cu);
  (void)r.FixedInt(2);
  (void)r.FixedInt(4);
  EXPECT_EQ(*r.FixedInt(1), 0x08u);
}

}  // namespace
}  // namespace feb::frontend
