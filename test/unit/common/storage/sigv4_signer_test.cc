#include "common/storage/sigv4_signer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace feb::storage {
namespace {

// The worked examples of AWS's "Signature Calculations for the Authorization Header:
// Transferring Payload in a Single Chunk" (S3 API reference).
constexpr const char* kAccessKey = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kDate = "20130524T000000Z";
constexpr const char* kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string SignatureOf(const std::string& authorization) {
  size_t at = authorization.find("Signature=");
  return at == std::string::npos ? "" : authorization.substr(at + 10);
}

TEST(SigV4SignerTest, AwsExampleGetObjectWithRange) {
  SigV4Signer signer(kAccessKey, kSecretKey, "us-east-1");
  SigV4Request r;
  r.method = "GET";
  r.canonical_uri = "/test.txt";
  r.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
               {"Range", "bytes=0-9"},
               {"x-amz-content-sha256", kEmptySha},
               {"x-amz-date", kDate}};
  r.payload_hash = kEmptySha;
  EXPECT_EQ(SigV4Signer::CanonicalRequest(r),
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(signer.Authorization(r, kDate),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4SignerTest, AwsExamplePutObject) {
  SigV4Signer signer(kAccessKey, kSecretKey, "us-east-1");
  SigV4Request r;
  r.method = "PUT";
  r.canonical_uri = "/" + SigV4UriEncode("test$file.text", false);
  EXPECT_EQ(r.canonical_uri, "/test%24file.text");
  r.payload_hash = Sha256Hex("Welcome to Amazon S3.");
  EXPECT_EQ(r.payload_hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  r.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
               {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
               {"x-amz-date", kDate},
               {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
               {"x-amz-content-sha256", r.payload_hash}};
  EXPECT_EQ(SignatureOf(signer.Authorization(r, kDate)), "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4SignerTest, AwsExampleListObjectsQueryIsSorted) {
  SigV4Signer signer(kAccessKey, kSecretKey, "us-east-1");
  SigV4Request r;
  r.method = "GET";
  r.canonical_uri = "/";
  r.query = {{"prefix", "J"}, {"max-keys", "2"}};
  r.headers = {{"Host", "examplebucket.s3.amazonaws.com"}, {"x-amz-date", kDate}, {"x-amz-content-sha256", kEmptySha}};
  r.payload_hash = kEmptySha;
  EXPECT_EQ(SignatureOf(signer.Authorization(r, kDate)), "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4SignerTest, EncodingRules) {
  EXPECT_EQ(SigV4UriEncode("a b/c+d~e_f.g-h", false), "a%20b/c%2Bd~e_f.g-h");
  EXPECT_EQ(SigV4UriEncode("a/b", true), "a%2Fb");
  EXPECT_EQ(SigV4UriEncode("\xc3\xbc", false), "%C3%BC");
  EXPECT_EQ(SigV4CanonicalQuery({{"uploads", ""}, {"b", "x y"}, {"a", "1=2&3"}}), "a=1%3D2%263&b=x%20y&uploads=");
  EXPECT_EQ(SigV4AmzDate(1369353600000), kDate);
}

// The same requests signed by botocore (an independent implementation, Debian's
// python3-botocore), through test/unit/common/storage/botocore_sign.py.
struct Case {
  std::string method;
  std::string bucket;
  std::string key;
  HeaderList query;
  std::string payload_hash;
};

// botocore's answer per case, one line each (one python run for all).
std::vector<std::string> Botocore(const std::vector<Case>& cases, const std::string& host, const std::string& region) {
  const char* src = std::getenv("FEB_SOURCE_DIR");
  std::string script = std::string(src != nullptr ? src : ".") + "/test/unit/common/storage/botocore_sign.py";
  std::string args_path = ::testing::TempDir() + "/botocore_args.txt";
  {
    std::ofstream args(args_path);
    for (const Case& c : cases) {
      args << kAccessKey << "\n" << kSecretKey << "\n" << region << "\n" << c.method << "\n" << host << "\n"
           << c.bucket << "\n" << c.key << "\n" << c.payload_hash << "\n" << kDate << "\n" << c.query.size() << "\n";
      for (const auto& [n, v] : c.query) args << n << "\t" << v << "\n";
    }
  }
  std::string cmd = "/usr/bin/python3 " + script + " " + args_path + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::vector<std::string> out;
  char buf[1024];
  while (p != nullptr && ::fgets(buf, sizeof buf, p) != nullptr) {
    std::string line = buf;
    while (!line.empty() && line.back() == '\n') line.pop_back();
    out.push_back(line);
  }
  if (p != nullptr) ::pclose(p);
  return out;
}

TEST(SigV4SignerTest, MatchesBotocoreOnKeysAndQueriesWithSpecialCharacters) {
  const std::string host = "127.0.0.1:4568";
  const std::vector<Case> cases = {
      {"GET", "bucket", "dir/file.txt", {}, kEmptySha},
      {"PUT", "bucket", "dir/my file +plus (1).dat", {}, "UNSIGNED-PAYLOAD"},
      {"PUT", "bucket", "r\xc3\xa9pertoire/\xe6\x96\x87\xe4\xbb\xb6 \xc3\xbc.bin", {{"partNumber", "3"}, {"uploadId", "a/b+c=="}}, "UNSIGNED-PAYLOAD"},
      {"GET", "bucket", "", {{"list-type", "2"}, {"prefix", "a b/\xc3\xbc&x=y+z"}, {"delimiter", "/"}, {"continuation-token", "1/2+3=="}}, kEmptySha},
      {"POST", "bucket", "k~e_y.-*", {{"uploads", ""}}, kEmptySha},
  };
  SigV4Signer signer(kAccessKey, kSecretKey, "us-west-2");
  const std::vector<std::string> theirs_all = Botocore(cases, host, "us-west-2");
  ASSERT_EQ(theirs_all.size(), cases.size()) << (theirs_all.empty() ? "" : theirs_all[0]);
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SigV4Request r;
    r.method = c.method;
    r.canonical_uri = "/" + c.bucket + (c.key.empty() ? "" : "/" + SigV4UriEncode(c.key, false));
    r.query = c.query;
    r.payload_hash = c.payload_hash;
    r.headers = {{"host", host}, {"x-amz-date", kDate}, {"x-amz-content-sha256", c.payload_hash}};
    std::string ours = signer.Authorization(r, kDate);
    const std::string& theirs = theirs_all[i];
    ASSERT_FALSE(SignatureOf(ours).empty());
    EXPECT_EQ("Signature=" + SignatureOf(ours), theirs.substr(theirs.find("Signature=") == std::string::npos ? 0 : theirs.find("Signature=")))
        << c.method << " " << c.key << "\nbotocore said: " << theirs << "\ncanonical request:\n"
        << SigV4Signer::CanonicalRequest(r);
  }
}

}  // namespace
}  // namespace feb::storage
