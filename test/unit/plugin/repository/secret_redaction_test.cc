#include "plugin/src/repository/secret_redaction.h"

#include <gtest/gtest.h>

namespace feb::plugin {
namespace {

TEST(SecretRedactionTest, OnlyTheSecretKeyIsASecret) {
  EXPECT_TRUE(IsSecretProperty("aws.s3.secret_key"));
  EXPECT_TRUE(IsSecretProperty("AWS.S3.SECRET_KEY"));
  EXPECT_FALSE(IsSecretProperty("aws.s3.access_key"));
  EXPECT_FALSE(IsSecretProperty("aws.s3.endpoint"));
  EXPECT_FALSE(IsSecretProperty("aws.s3.secret_key2"));
}

TEST(SecretRedactionTest, EveryOccurrenceOfTheSecretValueIsReplaced) {
  const std::map<std::string, std::string> props{{"aws.s3.access_key", "AKIA1"},
                                                 {"aws.s3.secret_key", "wJalr/K7"},
                                                 {"aws.s3.endpoint", "http://127.0.0.1:9"}};
  EXPECT_EQ(RedactSecrets("key wJalr/K7 and again wJalr/K7wJalr/K7 at http://127.0.0.1:9 for AKIA1", props),
            "key ****** and again ************ at http://127.0.0.1:9 for AKIA1");
  EXPECT_EQ(RedactSecrets("nothing secret", props), "nothing secret");
  // a secret that contains the replacement text does not loop
  EXPECT_EQ(RedactSecrets("x**********y", {{"aws.s3.secret_key", "*****"}}), "x************y");
  EXPECT_EQ(RedactSecrets("empty", {{"aws.s3.secret_key", ""}}), "empty");
}

}  // namespace
}  // namespace feb::plugin
