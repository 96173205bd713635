#include "backend/be_config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "test/unit/common/storage/temp_dir.h"

namespace feb::be {
namespace {

using storage::testing::TempDir;

TEST(BeConfigTest, FileThenFlagsFlagWins) {
  TempDir tmp;
  std::string conf = tmp.path() + "/be.conf";
  std::ofstream(conf) << "# comment\n\nbe_port = 19060\nstorage_root_path = /data/be/\nupload_worker_count=2\n";
  std::string conf_flag = "--conf=" + conf;
  const char* argv[] = {"be", conf_flag.c_str(), "--be_port=29060"};
  bool help = false;
  auto c = BeConfig::FromArgs(3, argv, &help);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(help);
  EXPECT_EQ(c->be_port, 29060);
  EXPECT_EQ(c->storage_root_path, "/data/be");
  EXPECT_EQ(c->upload_worker_count, 2);
  EXPECT_EQ(c->heartbeat_service_port, 9050);
  EXPECT_EQ(c->brpc_port, 8060);
  EXPECT_EQ(c->webserver_port, 8040);
}

TEST(BeConfigTest, ErrorsNameTheKeyAndTheLine) {
  BeConfig c;
  Status s = c.ApplyText("be_port = 1\nbogus_key = 3\n", "be.conf");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("be.conf:2"), std::string::npos) << s;
  EXPECT_NE(s.message().find("bogus_key"), std::string::npos) << s;
  EXPECT_FALSE(c.ApplyText("be_port = 70000\n", "x").ok());
  EXPECT_FALSE(c.ApplyText("be_port = 12abc\n", "x").ok());
  EXPECT_FALSE(c.ApplyText("no equals sign\n", "x").ok());
}

TEST(BeConfigTest, StorageRootIsRequiredAndAbsolute) {
  bool help = false;
  const char* none[] = {"be"};
  EXPECT_EQ(BeConfig::FromArgs(1, none, &help).status().code(), StatusCode::kInvalidArgument);
  const char* rel[] = {"be", "--storage_root_path=data"};
  EXPECT_FALSE(BeConfig::FromArgs(2, rel, &help).ok());
  const char* dots[] = {"be", "--storage_root_path=/a/../b"};
  EXPECT_FALSE(BeConfig::FromArgs(2, dots, &help).ok());
  const char* bad[] = {"be", "positional"};
  EXPECT_FALSE(BeConfig::FromArgs(2, bad, &help).ok());
  const char* missing[] = {"be", "--conf=/nonexistent/be.conf"};
  EXPECT_EQ(BeConfig::FromArgs(2, missing, &help).status().code(), StatusCode::kNotFound);
}

TEST(BeConfigTest, HelpListsEveryKey) {
  bool help = false;
  const char* argv[] = {"be", "--help"};
  ASSERT_TRUE(BeConfig::FromArgs(2, argv, &help).ok());
  EXPECT_TRUE(help);
  std::string usage = BeConfig::Usage();
  for (const char* key : {"be_port (9060)", "heartbeat_service_port (9050)", "brpc_port (8060)", "webserver_port (8040)",
                          "storage_root_path", "log_dir"}) {
    EXPECT_NE(usage.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace feb::be
