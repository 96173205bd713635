#include "common/storage/s3_config.h"

#include <gtest/gtest.h>

#include "common/storage/storage_properties.h"

namespace feb::storage {
namespace {

StorageProperties Keys(StorageProperties extra = {}) {
  StorageProperties p{{"aws.s3.access_key", "AK"}, {"aws.s3.secret_key", "SK"}};
  for (auto& [k, v] : extra) p[k] = v;
  return p;
}

TEST(S3ConfigTest, IpEndpointDefaultsToPathStyle) {
  auto c = ParseS3Config(Keys({{"aws.s3.endpoint", "http://127.0.0.1:4568"}, {"aws.s3.region", "eu-west-1"}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->scheme, "http");
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->port, 4568);
  EXPECT_EQ(c->region, "eu-west-1");
  EXPECT_TRUE(c->path_style);
  EXPECT_EQ(c->EndpointUrl(), "http://127.0.0.1:4568");
  EXPECT_EQ(c->access_key, "AK");
  EXPECT_EQ(c->secret_key, "SK");
}

TEST(S3ConfigTest, LocalhostIsPathStyleAndANameIsVirtualHosted) {
  EXPECT_TRUE(ParseS3Config(Keys({{"aws.s3.endpoint", "http://localhost:9000"}}))->path_style);
  EXPECT_TRUE(ParseS3Config(Keys({{"aws.s3.endpoint", "http://[::1]:9000"}}))->path_style);
  auto named = ParseS3Config(Keys({{"aws.s3.endpoint", "https://s3.example.com/"}}));
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_FALSE(named->path_style);
  EXPECT_EQ(named->HostPort(), "s3.example.com");
  auto forced = ParseS3Config(Keys({{"aws.s3.endpoint", "127.0.0.1:9000"}, {"aws.s3.enable_path_style_access", "false"}}));
  ASSERT_TRUE(forced.ok());
  EXPECT_FALSE(forced->path_style);
  EXPECT_EQ(forced->scheme, "https");  // no scheme: enable_ssl decides, default true
  EXPECT_EQ(ParseS3Config(Keys({{"aws.s3.endpoint", "127.0.0.1:9000"}, {"aws.s3.enable_ssl", "false"}}))->scheme, "http");
}

TEST(S3ConfigTest, NoEndpointMeansAwsOfTheRegion) {
  auto c = ParseS3Config(Keys());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->EndpointUrl(), "https://s3.us-east-1.amazonaws.com");
  EXPECT_FALSE(c->path_style);
}

TEST(S3ConfigTest, UnknownKeyIsNamed) {
  auto c = ParseS3Config(Keys({{"aws.s3.acess_key", "x"}}));
  ASSERT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("unknown property 'aws.s3.acess_key'"), std::string::npos) << c.status();
}

TEST(S3ConfigTest, OtherKeysAreNotOurs) {
  EXPECT_TRUE(ParseS3Config(Keys({{"timeout", "5"}, {"read_only", "true"}})).ok());
}

TEST(S3ConfigTest, InstanceProfileAndRolesAreNotSupported) {
  auto p = ParseS3Config(Keys({{"aws.s3.use_instance_profile", "true"}}));
  EXPECT_EQ(p.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(p.status().message().find("'aws.s3.use_instance_profile' is not supported"), std::string::npos);
  auto r = ParseS3Config(Keys({{"aws.s3.iam_role_arn", "arn:aws:iam::1:role/x"}}));
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported);
  EXPECT_TRUE(ParseS3Config(Keys({{"aws.s3.use_instance_profile", "false"}})).ok());
}

TEST(S3ConfigTest, BadValuesAreRefusedWithTheKey) {
  auto b = ParseS3Config(Keys({{"aws.s3.enable_path_style_access", "yes"}}));
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(b.status().message().find("aws.s3.enable_path_style_access"), std::string::npos);
  for (const char* bad : {"ftp://h", "http://", "http://h:0", "http://h:99999", "http://h/path", "http://u@h", "http://h:x"}) {
    auto e = ParseS3Config(Keys({{"aws.s3.endpoint", bad}}));
    EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(e.status().message().find("aws.s3.endpoint"), std::string::npos) << bad;
  }
  EXPECT_EQ(ParseS3Config(Keys({{"aws.s3.region", "us east"}})).status().code(), StatusCode::kInvalidArgument);
}

TEST(S3ConfigTest, BothKeysAreRequiredAndTheSecretIsNeverInAMessage) {
  auto a = ParseS3Config({{"aws.s3.secret_key", "TOPSECRET"}});
  ASSERT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("aws.s3.access_key"), std::string::npos);
  EXPECT_EQ(a.status().message().find("TOPSECRET"), std::string::npos);
  auto s = ParseS3Config({{"aws.s3.access_key", "AK"}});
  EXPECT_NE(s.status().message().find("aws.s3.secret_key"), std::string::npos);
  auto bad = ParseS3Config({{"aws.s3.access_key", "AK"}, {"aws.s3.secret_key", "TOPSECRET"}, {"aws.s3.endpoint", "ftp://x"}});
  EXPECT_EQ(bad.status().message().find("TOPSECRET"), std::string::npos);
}

TEST(StoragePropertiesTest, RedactionHidesSecretsOnly) {
  StorageProperties p{{"aws.s3.access_key", "AK"},     {"aws.s3.secret_key", "SK"},
                      {"aws.s3.endpoint", "http://h"}, {"broker.password", "pw"},
                      {"some.session_token", "tk"},    {"AWS.S3.SECRET_KEY", "sk2"}};
  StorageProperties r = RedactStorageProperties(p);
  EXPECT_EQ(r["aws.s3.access_key"], "AK");
  EXPECT_EQ(r["aws.s3.endpoint"], "http://h");
  EXPECT_EQ(r["aws.s3.secret_key"], "******");
  EXPECT_EQ(r["broker.password"], "******");
  EXPECT_EQ(r["some.session_token"], "******");
  EXPECT_EQ(r["AWS.S3.SECRET_KEY"], "******");
  EXPECT_TRUE(IsSecretStorageProperty("aws.s3.secret_key"));
  EXPECT_FALSE(IsSecretStorageProperty("aws.s3.access_key"));
}

TEST(StoragePropertiesTest, EverySpecHasADoc) {
  int secrets = 0;
  for (const StoragePropertySpec& s : S3PropertySpecs()) {
    EXPECT_FALSE(s.doc.empty()) << s.name;
    EXPECT_EQ(s.name.rfind("aws.s3.", 0), 0u) << s.name;
    secrets += s.secret ? 1 : 0;
  }
  EXPECT_EQ(secrets, 1);
}

}  // namespace
}  // namespace feb::storage
