// S3Storage against a real S3-compatible server (s3rver, started by s3_server.py on a free
// port), checked with a real S3 client (awscli): what the storage writes is what an S3 user
// sees. Retries and aborts go through fault_proxy.py. One process (one server) for the whole
// suite; every test works under its own key prefix.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/storage/curl_http_transport.h"
#include "common/storage/file_publisher.h"
#include "common/storage/local_storage.h"
#include "common/storage/md5.h"
#include "common/storage/s3_storage_factory.h"
#include "common/storage/storage_registry.h"
#include "test/unit/common/storage/pattern_bytes.h"
#include "test/unit/common/storage/temp_dir.h"

namespace feb::storage {
namespace {

using testing::TempDir;

std::string SourceDir() {
  const char* s = std::getenv("FEB_SOURCE_DIR");
  return s != nullptr ? s : ".";
}

// A helper process whose first stdout line is "PORT <n>"; it stops when its stdin closes.
class Helper {
 public:
  explicit Helper(std::vector<std::string> argv) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      std::vector<char*> args;
      for (std::string& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    FILE* f = ::fdopen(out[0], "r");
    char line[256] = {0};
    if (f != nullptr && ::fgets(line, sizeof line, f) != nullptr && std::string(line).rfind("PORT ", 0) == 0) {
      port_ = std::atoi(line + 5);
    }
    out_ = f;
  }
  ~Helper() {
    if (stdin_ >= 0) ::close(stdin_);
    if (pid_ > 0) {
      int st = 0;
      for (int i = 0; i < 100 && ::waitpid(pid_, &st, WNOHANG) == 0; ++i) ::usleep(50000);
      if (::waitpid(pid_, &st, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &st, 0);
      }
    }
    if (out_ != nullptr) ::fclose(out_);
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
};

struct World {
  TempDir dir;
  std::unique_ptr<Helper> s3;
  std::unique_ptr<Helper> proxy;
};
World* world = nullptr;

class Env : public ::testing::Environment {
 public:
  void SetUp() override {
    world = new World();
    const std::string here = SourceDir() + "/test/integration/s3/";
    world->s3 = std::make_unique<Helper>(
        std::vector<std::string>{"/usr/bin/python3", here + "s3_server.py", "serve", world->dir.path(), "bucket"});
    ASSERT_GT(world->s3->port(), 0) << "s3rver did not start (is it installed? ./build.sh deps)";
    world->proxy = std::make_unique<Helper>(std::vector<std::string>{
        "/usr/bin/python3", here + "fault_proxy.py", std::to_string(world->s3->port())});
    ASSERT_GT(world->proxy->port(), 0) << "fault proxy did not start";
  }
  void TearDown() override {
    delete world;
    world = nullptr;
  }
};
const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new Env());

std::string Endpoint(int port) { return "http://127.0.0.1:" + std::to_string(port); }

StorageProperties Props(int port, const std::string& access_key = "S3RVER") {
  return {{"aws.s3.access_key", access_key},
          {"aws.s3.secret_key", "S3RVER"},
          {"aws.s3.endpoint", Endpoint(port)},
          {"aws.s3.region", "us-east-1"}};
}

// Debian's awscli against the server itself (not through the proxy); stdout.
std::string Aws(const std::string& args) {
  std::string home = world->dir.path() + "/aws_home";
  std::string cmd = "env -i PATH=/usr/bin:/bin HOME=" + home +
                    " AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1"
                    " AWS_EC2_METADATA_DISABLED=true AWS_PAGER= /usr/bin/aws --endpoint-url " +
                    Endpoint(world->s3->port()) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while (p != nullptr && (n = ::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (p != nullptr) ::pclose(p);
  return out;
}

// Keys under `prefix` as awscli lists them (it pages by itself), one per line.
std::vector<std::string> AwsKeys(const std::string& prefix) {
  std::string out = Aws("s3api list-objects-v2 --bucket bucket --prefix '" + prefix +
                        "' --query 'Contents[].Key' --output text");
  std::vector<std::string> keys;
  std::istringstream in(out);
  std::string k;
  while (in >> k) {
    if (k != "None") keys.push_back(k);
  }
  return keys;
}

std::string AwsOpenUploads(const std::string& prefix) {
  return Aws("s3api list-multipart-uploads --bucket bucket --prefix '" + prefix + "' --query 'Uploads[].Key' --output text");
}

// The proxy's rules (JSON) and log, through its control endpoint.
std::string ProxyControl(const std::string& method, const std::string& what, const std::string& body = "") {
  CurlHttpTransport t;
  HttpRequest r;
  r.method = method;
  r.url = Endpoint(world->proxy->port()) + "/__fault__/" + what;
  r.body = body;
  auto resp = t.Send(r);
  return resp.ok() ? resp->body : "<" + resp.status().ToString() + ">";
}
size_t ProxyCount(const std::string& needle) {
  std::string log = ProxyControl("GET", "log");
  size_t n = 0;
  for (size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
  return n;
}

std::string Bytes(size_t n, int seed) { return testing::PatternBytes(n, seed); }

class S3StorageIt : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(world, nullptr);
    ProxyControl("POST", "rules", "[]");
    ProxyControl("POST", "clear");
  }

  // A storage as the registry builds it, through the proxy unless `direct`.
  std::shared_ptr<Storage> Open(bool direct = false, RetryPolicy retry = Fast()) {
    S3FactoryOptions o;
    o.retry = retry;
    o.storage.write.part_size = 5u << 20;
    o.storage.read_window = 3u << 20;
    o.timeouts.connect_ms = 2000;
    registry_ = MakeDefaultStorageRegistry(o);
    auto s = registry_->Open("s3://bucket/" + Prefix(), Props(direct ? world->s3->port() : world->proxy->port()));
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : nullptr;
  }

  static RetryPolicy Fast() {
    RetryPolicy p;
    p.max_attempts = 5;
    p.initial_backoff_ms = 10;
    p.max_backoff_ms = 100;
    p.max_total_ms = 10000;
    return p;
  }

  std::string Prefix() const { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }
  std::string Uri(const std::string& rest) const { return "s3://bucket/" + Prefix() + "/" + rest; }

  std::string Local(const std::string& name, const std::string& data) {
    std::string uri = tmp_.uri() + "/" + name;
    EXPECT_TRUE(WriteFileAtomically(local_, uri, data).ok());
    return uri;
  }

  TempDir tmp_;
  LocalStorage local_;
  std::shared_ptr<StorageRegistry> registry_;
};

TEST_F(S3StorageIt, PublishedFilesAreWhatAnS3ClientSees) {
  auto s3 = Open();
  const std::string small = Bytes(1000, 1);
  const std::string big = Bytes(20u << 20, 2);  // 20 MiB: 4 parts of 5 MiB
  auto published = PublishFiles(local_, {{Local("small.dat", small), "small.dat"}, {Local("big.dat", big), "big.dat"}},
                                *s3, Uri("__ss/tablet"), {});
  ASSERT_TRUE(published.ok()) << published.status();
  const std::string big_key = Prefix() + "/__ss/tablet/big.dat." + Md5::Of(big);
  const std::string small_key = Prefix() + "/__ss/tablet/small.dat." + Md5::Of(small);
  EXPECT_EQ(ProxyCount("PUT /bucket/" + big_key + "?partNumber="), 4u) << ProxyControl("GET", "log");
  EXPECT_EQ(ProxyCount("POST /bucket/" + big_key + "?uploads"), 1u);
  EXPECT_EQ(AwsKeys(Prefix() + "/"), (std::vector<std::string>{big_key, small_key}));
  // awscli downloads the object: the bytes are those of the name's md5
  const std::string down = tmp_.path() + "/down.dat";
  Aws("s3 cp s3://bucket/" + big_key + " " + down);
  auto got = ReadFileToString(local_, "file://" + down, 64u << 20);
  ASSERT_TRUE(got.ok()) << got.status() << Aws("s3 ls s3://bucket/" + Prefix() + "/ --recursive");
  EXPECT_EQ(Md5::Of(*got), Md5::Of(big));
  EXPECT_EQ(AwsOpenUploads(Prefix()), "None\n");
  // and we read it back in ranged GETs of 3 MiB, verified
  ProxyControl("POST", "clear");
  auto fetched = FetchVerified(*s3, "s3://bucket/" + big_key, Md5::Of(big), local_, tmp_.uri() + "/back.dat");
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(*fetched, big.size());
  EXPECT_EQ(ProxyCount("GET /bucket/" + big_key), 7u);
  auto listing = s3->List(Uri("__ss/tablet"));
  ASSERT_TRUE(listing.ok()) << listing.status();
  ASSERT_EQ(listing->size(), 2u);
  EXPECT_EQ((*listing)[0].size, big.size());
  EXPECT_TRUE(*s3->Exists(Uri("__ss")));
  EXPECT_FALSE(*s3->Exists(Uri("__nothing")));
  EXPECT_EQ(*ReadFileToString(*s3, "s3://bucket/" + small_key), small);
}

TEST_F(S3StorageIt, ListingPagesBeyondAThousandObjects) {
  auto s3 = Open(true);
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < 1005; i = next++) {
        if (!WriteFileAtomically(*s3, Uri("many/f" + std::to_string(10000 + i)), "x").ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_TRUE(WriteFileAtomically(*s3, Uri("many/sub/inner"), "y").ok());
  auto listing = s3->List(Uri("many"));
  ASSERT_TRUE(listing.ok()) << listing.status();
  EXPECT_EQ(listing->size(), 1006u);
  EXPECT_EQ(listing->front().name, "f10000");
  EXPECT_EQ(listing->back().name, "sub");
  EXPECT_EQ(AwsKeys(Prefix() + "/many/").size(), 1006u);
}

TEST_F(S3StorageIt, ACancelledMultipartUploadIsAbortedAndLeavesNothing) {
  auto s3 = Open();
  const std::string big = Bytes(20u << 20, 3);
  CopyOptions copy;
  copy.chunk_size = 1u << 20;
  copy.on_chunk = [](uint64_t copied) { return copied >= (12u << 20) ? Status::Cancelled("Cancelled") : Status::OK(); };
  auto published = PublishFile(local_, Local("big.dat", big), *s3, Uri("t"), "big.dat", {}, copy);
  EXPECT_EQ(published.status().code(), StatusCode::kCancelled) << published.status();
  EXPECT_GE(ProxyCount("?partNumber="), 2u);
  EXPECT_EQ(ProxyCount("DELETE /bucket/" + Prefix() + "/t/big.dat." + Md5::Of(big) + "?uploadId="), 1u);
  EXPECT_TRUE(AwsKeys(Prefix() + "/").empty());
  EXPECT_EQ(AwsOpenUploads(Prefix()), "None\n");
}

TEST_F(S3StorageIt, BytesThatDoNotMatchTheirMd5AreRefused) {
  auto s3 = Open(true);
  // our own check (the md5 of what passed differs from the name's)
  auto out = s3->OpenWriteVerified(Uri("f." + Md5::Of("a")), Md5::Of("a"));
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->Append("b").ok());
  EXPECT_EQ((*out)->Close().code(), StatusCode::kCorruption);
  // the server's (Content-MD5)
  const auto& client = dynamic_cast<S3Storage&>(*s3).client();
  Status bad = client.PutObject("bucket", Prefix() + "/g", "bytes", Md5::Of("other bytes"));
  EXPECT_EQ(bad.code(), StatusCode::kCorruption) << bad;
  EXPECT_NE(bad.message().find("BadDigest"), std::string::npos) << bad;
  EXPECT_TRUE(AwsKeys(Prefix() + "/").empty());
}

TEST_F(S3StorageIt, WrongAccessKeyIsRefusedWithTheServersCode) {
  auto s = MakeDefaultStorageRegistry()->Open("s3://bucket/x", Props(world->s3->port(), "NOT-A-KEY"));
  ASSERT_TRUE(s.ok());
  auto exists = (*s)->Exists("s3://bucket/x/__repo_info");
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.status().code(), StatusCode::kAccessDenied);
  EXPECT_NE(exists.status().message().find("InvalidAccessKeyId"), std::string::npos) << exists.status();
  EXPECT_NE(exists.status().message().find(Endpoint(world->s3->port())), std::string::npos) << exists.status();
  EXPECT_EQ(exists.status().message().find("S3RVER"), std::string::npos) << exists.status();  // the secret
  auto listed = (*s)->List("s3://bucket/x");
  EXPECT_NE(listed.status().message().find("InvalidAccessKeyId"), std::string::npos) << listed.status();
}

TEST_F(S3StorageIt, DeadEndpointIsAClearBoundedError) {
  int dead_port;
  {
    Helper h({"/usr/bin/python3", "-c", "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print('PORT',s.getsockname()[1])"});
    dead_port = h.port();
  }
  ASSERT_GT(dead_port, 0);
  S3FactoryOptions o;
  o.retry.max_attempts = 3;
  o.retry.initial_backoff_ms = 10;
  auto s = MakeDefaultStorageRegistry(o)->Open("s3://bucket/x", Props(dead_port));
  ASSERT_TRUE(s.ok());
  auto exists = (*s)->Exists("s3://bucket/x/__repo_info");
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.status().code(), StatusCode::kUnavailable) << exists.status();
  EXPECT_NE(exists.status().message().find(Endpoint(dead_port)), std::string::npos) << exists.status();
  EXPECT_NE(exists.status().message().find("gave up after 3 attempts"), std::string::npos) << exists.status();
}

TEST_F(S3StorageIt, MissingBucketIsNoSuchBucket) {
  auto s = MakeDefaultStorageRegistry()->Open("s3://no-such-bucket/x", Props(world->s3->port()));
  ASSERT_TRUE(s.ok());
  auto exists = (*s)->Exists("s3://no-such-bucket/x/__repo_info");
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.status().code(), StatusCode::kNotFound);
  EXPECT_NE(exists.status().message().find("NoSuchBucket"), std::string::npos) << exists.status();
  Status put = WriteFileAtomically(**s, "s3://no-such-bucket/x/__repo_info", "{}");
  EXPECT_NE(put.message().find("NoSuchBucket"), std::string::npos) << put;
}

TEST_F(S3StorageIt, ServerErrorsThrottlingAndResetsAreRetried) {
  auto s3 = Open();
  const std::string big = Bytes(11u << 20, 4);  // 3 parts
  ProxyControl("POST", "rules", R"([
    {"method": "POST", "match": "?uploads", "action": "500", "times": 2},
    {"method": "PUT", "match": "partNumber=1", "action": "503"},
    {"method": "PUT", "match": "partNumber=2", "action": "reset"},
    {"method": "PUT", "match": "partNumber=3", "action": "reset_after"},
    {"method": "POST", "match": "?uploadId=", "action": "reset_after"},
    {"method": "GET", "action": "slowdown", "times": 1},
    {"method": "GET", "action": "reset_mid_body", "times": 1}
  ])");
  auto published = PublishFile(local_, Local("big.dat", big), *s3, Uri("r"), "big.dat", {});
  ASSERT_TRUE(published.ok()) << published.status() << ProxyControl("GET", "log");
  const std::string key = Prefix() + "/r/big.dat." + Md5::Of(big);
  auto back = FetchVerified(*s3, "s3://bucket/" + key, Md5::Of(big), local_, tmp_.uri() + "/back.dat");
  ASSERT_TRUE(back.ok()) << back.status() << ProxyControl("GET", "log");
  std::string log = ProxyControl("GET", "log");
  for (const char* action : {"\"500\"", "\"503\"", "\"reset\"", "\"reset_after\"", "\"slowdown\"", "\"reset_mid_body\""}) {
    EXPECT_NE(log.find(action), std::string::npos) << action << " never hit: " << log;
  }
  EXPECT_EQ(AwsKeys(Prefix() + "/"), std::vector<std::string>{key});
  EXPECT_EQ(AwsOpenUploads(Prefix()), "None\n");
}

TEST_F(S3StorageIt, APersistentServerErrorFailsBoundedAndAbortsTheUpload) {
  RetryPolicy p = Fast();
  p.max_attempts = 3;
  auto s3 = Open(false, p);
  ProxyControl("POST", "rules", R"([{"method": "PUT", "match": "partNumber=2", "action": "500", "times": -1}])");
  const std::string big = Bytes(11u << 20, 5);
  auto published = PublishFile(local_, Local("big.dat", big), *s3, Uri("p"), "big.dat", {});
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.status().code(), StatusCode::kUnavailable) << published.status();
  EXPECT_NE(published.status().message().find("InternalError"), std::string::npos) << published.status();
  EXPECT_NE(published.status().message().find("gave up after 3 attempts"), std::string::npos) << published.status();
  EXPECT_EQ(ProxyCount("partNumber=2"), 3u);
  EXPECT_EQ(ProxyCount("DELETE /bucket/" + Prefix() + "/p/big.dat." + Md5::Of(big) + "?uploadId="), 1u);
  EXPECT_TRUE(AwsKeys(Prefix() + "/").empty());
  EXPECT_EQ(AwsOpenUploads(Prefix()), "None\n");
}

}  // namespace
}  // namespace feb::storage
