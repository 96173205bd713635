#include "plugin/src/repository/secret_redaction.h"

#include <gtest/gtest.h>

namespace feb::plugin {
namespace {

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
  // only secret keys: the access key and the endpoint stay readable
  EXPECT_EQ(RedactSecrets("AKIA1 http://127.0.0.1:9", props), "AKIA1 http://127.0.0.1:9");
}

}  // namespace
}  // namespace feb::plugin
