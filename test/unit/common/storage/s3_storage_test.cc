#include "common/storage/s3_storage.h"

#include <gtest/gtest.h>

#include <atomic>

#include "common/storage/file_publisher.h"
#include "common/storage/local_storage.h"
#include "common/storage/md5.h"
#include "common/storage/s3_storage_factory.h"
#include "common/storage/storage_registry.h"
#include "fake_s3_transport.h"
#include "faulty_storage.h"
#include "pattern_bytes.h"
#include "temp_dir.h"

namespace feb::storage {
namespace {

using testing::FakeS3Transport;
using testing::TempDir;

std::string Bytes(size_t n, int seed) { return testing::PatternBytes(n, seed); }

class S3StorageTest : public ::testing::Test {
 protected:
  void SetUp() override { Make({}); }

  void Make(S3StorageOptions options) {
    transport_ = std::make_shared<FakeS3Transport>();
    S3Config c = testing::FakeS3Config();
    RetryEnv env;
    env.sleep = [](int64_t) {};
    RetryPolicy retry;
    retry.max_attempts = 3;
    s3_ = std::make_shared<S3Storage>(std::make_shared<const S3Client>(c, transport_, retry, env), options);
  }

  std::string Local(const std::string& name, const std::string& data) {
    std::string uri = tmp_.uri() + "/" + name;
    EXPECT_TRUE(WriteFileAtomically(local_, uri, data).ok());
    return uri;
  }

  size_t Count(const std::string& request_prefix) {
    size_t n = 0;
    for (const std::string& r : transport_->Requests()) n += r.rfind(request_prefix, 0) == 0 ? 1 : 0;
    return n;
  }

  TempDir tmp_;
  LocalStorage local_;
  std::shared_ptr<FakeS3Transport> transport_;
  std::shared_ptr<S3Storage> s3_;
};

TEST_F(S3StorageTest, DirectoriesAreKeyPrefixes) {
  ASSERT_TRUE(WriteFileAtomically(*s3_, "s3://bucket/repo/a/f1", "one").ok());
  ASSERT_TRUE(WriteFileAtomically(*s3_, "s3://bucket/repo/a/sub/f2", "two").ok());
  ASSERT_TRUE(WriteFileAtomically(*s3_, "s3a://bucket/repo/a/f0", "").ok());
  auto l = s3_->List("s3://bucket/repo/a/");
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->size(), 3u);
  EXPECT_EQ((*l)[0].name, "f0");
  EXPECT_EQ((*l)[1].name, "f1");
  EXPECT_EQ((*l)[1].size, 3u);
  EXPECT_FALSE((*l)[1].is_dir);
  EXPECT_EQ((*l)[2].name, "sub");
  EXPECT_TRUE((*l)[2].is_dir);
  EXPECT_TRUE(*s3_->Exists("s3://bucket/repo/a/f1"));
  EXPECT_TRUE(*s3_->Exists("s3://bucket/repo/a/sub"));
  EXPECT_TRUE(*s3_->Exists("s3://bucket/repo"));
  EXPECT_FALSE(*s3_->Exists("s3://bucket/repo/b"));
  EXPECT_EQ(s3_->List("s3://bucket/repo/b").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*ReadFileToString(*s3_, "s3://bucket/repo/a/sub/f2"), "two");
  EXPECT_EQ(*ReadFileToString(*s3_, "s3://bucket/repo/a/f0"), "");
  EXPECT_TRUE(s3_->MakeDirs("s3://bucket/x").ok());
  EXPECT_TRUE(s3_->SyncDir("s3://bucket/x").ok());
  EXPECT_TRUE(s3_->Delete("s3://bucket/repo/a/f1").ok());
  EXPECT_TRUE(s3_->Delete("s3://bucket/repo/a/f1").ok());  // idempotent
  EXPECT_FALSE(*s3_->Exists("s3://bucket/repo/a/f1"));
  EXPECT_EQ(s3_->Rename("s3://bucket/a", "s3://bucket/b").code(), StatusCode::kNotSupported);
  EXPECT_FALSE(s3_->HasRename());
  EXPECT_EQ(s3_->OpenRead("s3://bucket/repo/../x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s3_->OpenRead("file:///x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s3_->OpenRead("s3://bucket/nope").status().code(), StatusCode::kNotFound);
}

TEST_F(S3StorageTest, MissingBucketIsAnErrorNamingIt) {
  auto e = s3_->Exists("s3://nobucket/repo/__repo_info");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("NoSuchBucket"), std::string::npos) << e.status();
  EXPECT_NE(e.status().message().find("s3://nobucket/"), std::string::npos) << e.status();
}

TEST_F(S3StorageTest, ListPagesThroughContinuationTokens) {
  for (int i = 0; i < 2345; ++i) transport_->PutObject("bucket", "d/f" + std::to_string(100000 + i), "x");
  transport_->PutObject("bucket", "d/sub/inner", "y");
  auto l = s3_->List("s3://bucket/d");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->size(), 2346u);
  EXPECT_EQ(l->front().name, "f100000");
  EXPECT_EQ(l->back().name, "sub");
  EXPECT_EQ(Count("GET /bucket?"), 3u);
}

TEST_F(S3StorageTest, ReadsInRangedWindowsPinnedToTheFirstEtag) {
  S3StorageOptions o;
  o.read_window = 1000;
  Make(o);
  const std::string data = Bytes(3500, 1);
  transport_->PutObject("bucket", "big", data);
  auto in = s3_->OpenRead("s3://bucket/big");
  ASSERT_TRUE(in.ok());
  std::string got;
  char buf[300];
  while (true) {
    auto n = (*in)->Read(buf, sizeof buf);
    ASSERT_TRUE(n.ok()) << n.status();
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_EQ(got, data);
  EXPECT_EQ(Count("GET /bucket/big"), 4u);
  // replaced between two windows: the next window fails instead of mixing versions
  auto again = s3_->OpenRead("s3://bucket/big");
  ASSERT_TRUE(again.ok());
  char window[1000];
  ASSERT_EQ(*(*again)->Read(window, sizeof window), 1000u);
  transport_->PutObject("bucket", "big", Bytes(3500, 2));
  auto n = (*again)->Read(window, sizeof window);
  EXPECT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("PreconditionFailed"), std::string::npos) << n.status();
}

TEST_F(S3StorageTest, PublishGoesStraightToTheChecksumNameInPartsAndSkipsWhatIsThere) {
  const std::string small = Bytes(1000, 3);
  const std::string large = Bytes(12u << 20, 4);  // 5 MiB parts: 3 parts
  S3StorageOptions o;
  o.write.part_size = 5u << 20;
  Make(o);
  std::vector<PublishSource> files{{Local("s.dat", small), "s.dat"}, {Local("l.dat", large), "l.dat"}};
  auto published = PublishFiles(local_, files, *s3_, "s3://bucket/repo/__1", {});
  ASSERT_TRUE(published.ok()) << published.status();
  auto objects = transport_->Objects("bucket");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects["repo/__1/s.dat." + Md5::Of(small)], small);
  EXPECT_EQ(objects["repo/__1/l.dat." + Md5::Of(large)], large);
  EXPECT_EQ((*published)[1].name, "l.dat." + Md5::Of(large));
  EXPECT_EQ((*published)[1].bytes, large.size());
  EXPECT_EQ(Count("PUT /bucket/repo/__1/l.dat." + Md5::Of(large) + "?partNumber="), 3u);
  EXPECT_EQ(Count("PUT /bucket/repo/__1/s.dat." + Md5::Of(small)), 1u);
  EXPECT_EQ(transport_->OpenUploads(), 0u);
  for (const std::string& r : transport_->Requests()) EXPECT_EQ(r.find(".part"), std::string::npos) << r;

  // again, with a stale copy of s.dat: l.dat is skipped, the stale copy goes
  transport_->PutObject("bucket", "repo/__1/s.dat.0123456789abcdef0123456789abcdef", "old");
  auto listing = s3_->List("s3://bucket/repo/__1");
  ASSERT_TRUE(listing.ok());
  auto second = PublishFiles(local_, files, *s3_, "s3://bucket/repo/__1", *listing);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE((*second)[0].skipped);
  EXPECT_TRUE((*second)[1].skipped);
  EXPECT_EQ(transport_->Objects("bucket").size(), 2u);
}

TEST_F(S3StorageTest, AFailedPartAbortsTheUploadAndLeavesNoObject) {
  const std::string large = Bytes(11u << 20, 5);
  S3StorageOptions o;
  o.write.part_size = 5u << 20;
  Make(o);
  transport_->SetFault([](const HttpRequest& r, int) -> std::optional<Result<HttpResponse>> {
    if (r.url.find("partNumber=2") != std::string::npos) return FakeS3Transport::Error(400, "InvalidPart", "no");
    return std::nullopt;
  });
  auto published = PublishFile(local_, Local("l.dat", large), *s3_, "s3://bucket/repo", "l.dat", {});
  ASSERT_FALSE(published.ok());
  EXPECT_NE(published.status().message().find("InvalidPart"), std::string::npos) << published.status();
  EXPECT_TRUE(transport_->Objects("bucket").empty());
  EXPECT_EQ(transport_->OpenUploads(), 0u);
  EXPECT_EQ(Count("DELETE /bucket/repo/l.dat." + Md5::Of(large) + "?uploadId="), 1u);
}

TEST_F(S3StorageTest, ACancelledUploadIsAborted) {
  const std::string large = Bytes(16u << 20, 6);
  S3StorageOptions o;
  o.write.part_size = 5u << 20;
  Make(o);
  CopyOptions copy;
  copy.chunk_size = 1u << 20;
  copy.on_chunk = [](uint64_t copied) {
    return copied >= (12u << 20) ? Status::Cancelled("Cancelled") : Status::OK();
  };
  auto published = PublishFile(local_, Local("l.dat", large), *s3_, "s3://bucket/repo", "l.dat", {}, copy);
  EXPECT_EQ(published.status().code(), StatusCode::kCancelled);
  EXPECT_GE(Count("PUT /bucket/repo/l.dat"), 2u);  // parts had gone up
  EXPECT_TRUE(transport_->Objects("bucket").empty());
  EXPECT_EQ(transport_->OpenUploads(), 0u);
}

TEST_F(S3StorageTest, BytesThatDoNotMatchTheExpectedMd5CreateNothing) {
  for (size_t size : {size_t{100}, size_t{7u << 20}}) {
    auto out = s3_->OpenWriteVerified("s3://bucket/f." + Md5::Of("something else"), Md5::Of("something else"));
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Append(Bytes(size, 7)).ok());
    Status closed = (*out)->Close();
    EXPECT_EQ(closed.code(), StatusCode::kCorruption) << closed;
    EXPECT_TRUE(transport_->Objects("bucket").empty());
    EXPECT_EQ(transport_->OpenUploads(), 0u);
  }
  EXPECT_EQ(s3_->OpenWriteVerified("s3://bucket/f", "XYZ").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(S3StorageTest, AWriterDroppedBeforeCloseLeavesNothing) {
  {
    auto out = s3_->OpenWrite("s3://bucket/big");
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Append(Bytes(9u << 20, 8)).ok());
    EXPECT_EQ(transport_->OpenUploads(), 1u);
  }
  EXPECT_EQ(transport_->OpenUploads(), 0u);
  EXPECT_TRUE(transport_->Objects("bucket").empty());
}

TEST_F(S3StorageTest, AFaultyWrapperKeepsThePublishStepOfTheStorageItWraps) {
  S3StorageOptions o;
  o.write.part_size = 5u << 20;
  Make(o);
  auto faulty = std::make_shared<testing::FaultyStorage>(s3_);
  EXPECT_FALSE(faulty->HasRename());
  const std::string big = Bytes(12u << 20, 11);
  faulty->FailAt("append", "l.dat", 8);  // after two parts went up
  CopyOptions copy;
  copy.chunk_size = 1u << 20;
  auto published = PublishFile(local_, Local("l.dat", big), *faulty, "s3://bucket/w", "l.dat", {}, copy);
  EXPECT_EQ(published.status().code(), StatusCode::kIoError) << published.status();
  EXPECT_EQ(faulty->Calls("rename"), 0);
  EXPECT_TRUE(transport_->Objects("bucket").empty());
  EXPECT_EQ(transport_->OpenUploads(), 0u);
  EXPECT_GE(Count("PUT /bucket/w/l.dat." + Md5::Of(big) + "?partNumber="), 1u);
  faulty->ClearFaults();
  ASSERT_TRUE(PublishFile(local_, Local("l.dat", big), *faulty, "s3://bucket/w", "l.dat", {}, copy).ok());
  EXPECT_EQ(transport_->Objects("bucket")["w/l.dat." + Md5::Of(big)], big);
}

TEST_F(S3StorageTest, FetchVerifiedFromS3ChecksTheMd5) {
  const std::string data = Bytes(50000, 9);
  transport_->PutObject("bucket", "r/f.dat." + Md5::Of(data), data);
  const std::string dest = tmp_.uri() + "/out";
  ASSERT_TRUE(local_.MakeDirs(dest).ok());
  auto ok = FetchVerified(*s3_, "s3://bucket/r/f.dat." + Md5::Of(data), Md5::Of(data), local_, dest + "/f.dat");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ReadFileToString(local_, dest + "/f.dat"), data);
  transport_->PutObject("bucket", "r/g.dat", "tampered");
  auto bad = FetchVerified(*s3_, "s3://bucket/r/g.dat", Md5::Of(data), local_, dest + "/g.dat");
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_FALSE(*local_.Exists(dest + "/g.dat"));
  EXPECT_FALSE(*local_.Exists(dest + "/g.dat.part"));
}

TEST_F(S3StorageTest, FetchVerifiedIntoS3) {
  const std::string data = Bytes(2000, 10);
  std::string src = Local("src.dat", data);
  ASSERT_TRUE(FetchVerified(local_, src, Md5::Of(data), *s3_, "s3://bucket/d/x").ok());
  EXPECT_EQ(transport_->Objects("bucket")["d/x"], data);
  auto bad = FetchVerified(local_, src, Md5::Of("other"), *s3_, "s3://bucket/d/y");
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(transport_->Objects("bucket").count("d/y"), 0u);
}

TEST_F(S3StorageTest, ConcurrentPublishersShareTheStorage) {
  std::vector<PublishSource> files;
  for (int i = 0; i < 24; ++i) files.push_back({Local("f" + std::to_string(i), Bytes(3000 + i, i)), "f" + std::to_string(i)});
  CopyOptions copy;
  copy.parallel_files = 6;
  auto published = PublishFiles(local_, files, *s3_, "s3://bucket/p", {}, copy);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(transport_->Objects("bucket").size(), 24u);
}

TEST(S3RegistryTest, S3AndS3aAreRegisteredAndValidateTheirProperties) {
  auto reg = MakeDefaultStorageRegistry();
  StorageProperties p{{"aws.s3.access_key", "AK"}, {"aws.s3.secret_key", "SK"}, {"aws.s3.endpoint", "http://127.0.0.1:1"}};
  auto s3 = reg->Open("s3://bucket/prefix", p);
  ASSERT_TRUE(s3.ok()) << s3.status();
  EXPECT_EQ((*s3)->Scheme(), "s3");
  EXPECT_FALSE((*s3)->HasRename());
  EXPECT_TRUE(reg->Open("s3a://bucket/prefix", p).ok());
  EXPECT_EQ(reg->Open("s3://bucket/prefix").status().code(), StatusCode::kInvalidArgument);
  p["aws.s3.use_instance_profile"] = "true";
  EXPECT_EQ(reg->Open("s3://bucket/prefix", p).status().code(), StatusCode::kNotSupported);
  p.erase("aws.s3.use_instance_profile");
  EXPECT_EQ(reg->Open("s3://B/prefix", p).status().code(), StatusCode::kInvalidArgument);
}

TEST(S3RegistryTest, OnePoolPerEndpoint) {
  std::atomic<int> made{0};
  S3FactoryOptions o;
  o.make_transport = [&made](const S3Config&) {
    ++made;
    return std::make_shared<FakeS3Transport>();
  };
  S3StorageFactory f(o);
  StorageProperties a{{"aws.s3.access_key", "AK"}, {"aws.s3.secret_key", "SK"}, {"aws.s3.endpoint", "http://127.0.0.1:1"}};
  StorageProperties b = a;
  b["aws.s3.endpoint"] = "http://127.0.0.1:2";
  ASSERT_TRUE(f.Open("s3://bucket/x", a).ok());
  ASSERT_TRUE(f.Open("s3://other/y", a).ok());
  ASSERT_TRUE(f.Open("s3://bucket/z", b).ok());
  EXPECT_EQ(made.load(), 2);
}

}  // namespace
}  // namespace feb::storage
