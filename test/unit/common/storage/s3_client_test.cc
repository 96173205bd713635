#include "common/storage/s3_client.h"

#include <gtest/gtest.h>

#include <deque>

#include "common/storage/md5.h"

#include "common/time/clock.h"
#include "fake_s3_transport.h"

namespace feb::storage {
namespace {

using testing::FakeS3Transport;

S3Config Config() { return testing::FakeS3Config("SECRET-VALUE"); }

class S3ClientTest : public ::testing::Test {
 protected:
  S3ClientTest() : transport_(std::make_shared<FakeS3Transport>()) {
    env_.clock = &clock_;
    env_.sleep = [this](int64_t ms) {
      sleeps_.push_back(ms);
      clock_.AdvanceMs(ms);
    };
    env_.random = [] { return 0.5; };
  }

  S3Client Client(RetryPolicy policy = {}) { return S3Client(Config(), transport_, policy, env_); }

  // Answers the next `n` requests with `response` (or `error` when it is not OK).
  void FailNext(int n, Result<HttpResponse> response) {
    transport_->SetFault([n, response](const HttpRequest&, int call) -> std::optional<Result<HttpResponse>> {
      if (call <= n) return response;
      return std::nullopt;
    });
  }

  FakeClock clock_;
  RetryEnv env_;
  std::vector<int64_t> sleeps_;
  std::shared_ptr<FakeS3Transport> transport_;
};

TEST_F(S3ClientTest, RetriesServerErrorsThrottlingAndResetsThenSucceeds) {
  for (auto failure : {Result<HttpResponse>(FakeS3Transport::Error(500, "InternalError", "We encountered an internal error")),
                       Result<HttpResponse>(FakeS3Transport::Error(503, "SlowDown", "Please reduce your request rate.")),
                       Result<HttpResponse>(FakeS3Transport::Error(429, "TooManyRequests", "slow")),
                       Result<HttpResponse>(FakeS3Transport::Error(400, "RequestTimeout", "idle")),
                       Result<HttpResponse>(Status::Unavailable("connection reset")),
                       Result<HttpResponse>(Status::Timeout("operation timed out"))}) {
    transport_ = std::make_shared<FakeS3Transport>();
    sleeps_.clear();
    FailNext(3, failure);
    S3Client c = Client();
    Status put = c.PutObject("bucket", "k", "data", Md5::Of("data"));
    EXPECT_TRUE(put.ok()) << put;
    EXPECT_EQ(transport_->Objects("bucket")["k"], "data");
    // 100, 200, 400 before jitter; jitter 0.5 puts each at 3/4 of that
    EXPECT_EQ(sleeps_, (std::vector<int64_t>{75, 150, 300}));
  }
}

TEST_F(S3ClientTest, PersistentServerErrorGivesUpAfterMaxAttempts) {
  FailNext(1000, FakeS3Transport::Error(500, "InternalError", "We encountered an internal error"));
  RetryPolicy p;
  p.max_attempts = 4;
  Status s = Client(p).PutObject("bucket", "k", "data", Md5::Of("data"));
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(transport_->Requests().size(), 4u);
  EXPECT_EQ(sleeps_.size(), 3u);
  EXPECT_NE(s.message().find("InternalError: We encountered an internal error"), std::string::npos) << s;
  EXPECT_NE(s.message().find("gave up after 4 attempts"), std::string::npos) << s;
  EXPECT_NE(s.message().find("s3://bucket/k"), std::string::npos) << s;
  EXPECT_NE(s.message().find("http://127.0.0.1:4568"), std::string::npos) << s;
}

TEST_F(S3ClientTest, TotalTimeBoundsTheRetries) {
  FailNext(1000, Status::Unavailable("connection refused"));
  RetryPolicy p;
  p.max_attempts = 100;
  p.initial_backoff_ms = 1000;
  p.max_backoff_ms = 1000;
  p.max_total_ms = 3500;
  Status s = Client(p).DeleteObject("bucket", "k");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  int64_t slept = 0;
  for (int64_t ms : sleeps_) slept += ms;
  EXPECT_LE(slept, 3500);
  EXPECT_EQ(transport_->Requests().size(), sleeps_.size() + 1);
  EXPECT_GE(sleeps_.size(), 3u);
}

TEST_F(S3ClientTest, ClientErrorsFailAtOnceWithTheServersCodeAndMessage) {
  FailNext(1000, FakeS3Transport::Error(403, "InvalidAccessKeyId",
                                        "The AWS Access Key Id you provided does not exist in our records."));
  Status s = Client().PutObject("bucket", "dir/k", "data", Md5::Of("data"));
  EXPECT_EQ(s.code(), StatusCode::kAccessDenied);
  EXPECT_EQ(transport_->Requests().size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(s.message(),
            "S3 PutObject s3://bucket/dir/k at http://127.0.0.1:4568: HTTP 403 InvalidAccessKeyId: The AWS Access "
            "Key Id you provided does not exist in our records.");
  EXPECT_EQ(s.message().find("SECRET-VALUE"), std::string::npos);
}

TEST_F(S3ClientTest, MissingThingsAreNotFound) {
  S3Client c = Client();
  auto get = c.GetObjectRange("bucket", "nope", 0, 10, "");
  EXPECT_EQ(get.status().code(), StatusCode::kNotFound);
  EXPECT_NE(get.status().message().find("NoSuchKey"), std::string::npos);
  auto list = c.ListObjectsV2("nobucket", "", "/", "");
  EXPECT_EQ(list.status().code(), StatusCode::kNotFound);
  EXPECT_NE(list.status().message().find("NoSuchBucket: The specified bucket does not exist"), std::string::npos);
  auto head = c.HeadObject("bucket", "nope");
  EXPECT_EQ(head.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(c.DeleteObject("bucket", "nope").ok());
}

TEST_F(S3ClientTest, BadDigestIsCorruption) {
  Status s = Client().PutObject("bucket", "k", "data", Md5::Of("other"));
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("BadDigest"), std::string::npos);
  EXPECT_TRUE(transport_->Objects("bucket").empty());
}

TEST_F(S3ClientTest, RequestsAreSignedAndCarryThePayloadHash) {
  ASSERT_TRUE(Client().PutObject("bucket", "a b", "data", Md5::Of("data")).ok());
  HeaderList h = transport_->LastHeaders();
  auto get = [&](const std::string& name) {
    for (auto& [n, v] : h)
      if (n == name) return v;
    return std::string();
  };
  EXPECT_EQ(get("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(get("content-md5"), Md5HexToBase64(Md5::Of("data")));
  EXPECT_EQ(get("host"), "127.0.0.1:4568");
  EXPECT_EQ(get("x-amz-date"), SigV4AmzDate(clock_.NowMs()));
  EXPECT_EQ(get("Authorization").rfind("AWS4-HMAC-SHA256 Credential=AK/", 0), 0u) << get("Authorization");
  EXPECT_EQ(get("Authorization").find("SECRET"), std::string::npos);
  EXPECT_EQ(transport_->Requests().back(), "PUT /bucket/a b");
  ASSERT_TRUE(Client().ListObjectsV2("bucket", "", "/", "").ok());
  h = transport_->LastHeaders();
  EXPECT_EQ(get("x-amz-content-sha256"), Sha256Hex(""));
}

// Hands requests to the fake but loses the answer of the first CompleteMultipartUpload
// (applied by the server, reset on the way back).
class LosesFirstCompleteAnswer : public HttpTransport {
 public:
  explicit LosesFirstCompleteAnswer(std::shared_ptr<FakeS3Transport> fake) : fake_(std::move(fake)) {}
  Result<HttpResponse> Send(const HttpRequest& r) override {
    auto out = fake_->Send(r);
    if (r.method == "POST" && r.url.find("uploadId=") != std::string::npos && !lost_) {
      lost_ = true;
      return Status::Unavailable("connection reset by peer");
    }
    return out;
  }

 private:
  std::shared_ptr<FakeS3Transport> fake_;
  bool lost_ = false;
};

TEST_F(S3ClientTest, RetriedCompleteThatFindsTheUploadGoneChecksTheObject) {
  S3Client c(Config(), std::make_shared<LosesFirstCompleteAnswer>(transport_), RetryPolicy{}, env_);
  auto id = c.CreateMultipartUpload("bucket", "big");
  ASSERT_TRUE(id.ok()) << id.status();
  auto etag = c.UploadPart("bucket", "big", *id, 1, "xyz", Md5::Of("xyz"));
  ASSERT_TRUE(etag.ok()) << etag.status();
  Status s = c.CompleteMultipartUpload("bucket", "big", *id, {*etag}, 3);
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(transport_->Objects("bucket")["big"], "xyz");
  // the object is not what was uploaded (size differs): the lost answer stays an error
  auto id2 = c.CreateMultipartUpload("bucket", "big2");
  auto etag2 = c.UploadPart("bucket", "big2", *id2, 1, "xyz", Md5::Of("xyz"));
  S3Client c2(Config(), std::make_shared<LosesFirstCompleteAnswer>(transport_), RetryPolicy{}, env_);
  EXPECT_EQ(c2.CompleteMultipartUpload("bucket", "big2", *id2, {*etag2}, 4).code(), StatusCode::kNotFound);
}

TEST(RetryPolicyTest, BackoffDoublesIsCappedAndJittered) {
  RetryPolicy p;
  p.initial_backoff_ms = 100;
  p.max_backoff_ms = 1000;
  EXPECT_EQ(p.BackoffMs(1, 0.0), 50);
  EXPECT_EQ(p.BackoffMs(1, 0.999999), 99);
  EXPECT_EQ(p.BackoffMs(2, 0.0), 100);
  EXPECT_EQ(p.BackoffMs(3, 0.0), 200);
  EXPECT_EQ(p.BackoffMs(5, 0.0), 500);
  EXPECT_EQ(p.BackoffMs(30, 0.0), 500);
  EXPECT_EQ(p.BackoffMs(30, 1.0), 1000);
}

}  // namespace
}  // namespace feb::storage
