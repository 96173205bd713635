#include "frontend/plugin_host/plugin_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "frontend/server/frontend_server.h"

namespace feb::frontend {
namespace {

TEST(PluginLoaderTest, RefusesAModuleBuiltForAnotherAbiVersion) {
  std::string error;
  auto p = PluginLoader::Load(WRONG_ABI_PLUGIN_PATH, nullptr, &error);
  EXPECT_EQ(p, nullptr);
  EXPECT_NE(error.find("refused: built for host ABI version " + std::to_string(fe_backup::kHostAbiVersion + 1)),
            std::string::npos)
      << error;
}

TEST(PluginLoaderTest, SkipsMissingFilesAndNonModules) {
  std::vector<std::string> errors;
  auto loaded = PluginLoader::LoadAll(std::string("/nonexistent/libx.so, ") + ECHO_PLUGIN_PATH + "," +
                                          WRONG_ABI_PLUGIN_PATH,
                                      nullptr, &errors);
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_STREQ(loaded[0]->plugin()->Name(), "echo");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("not found"), std::string::npos);
  std::string not_so = ::testing::TempDir() + "/not_a_module.so";
  { std::ofstream(not_so) << "hello"; }
  std::string error;
  EXPECT_EQ(PluginLoader::Load(not_so, nullptr, &error), nullptr);
  EXPECT_NE(error.find("cannot be loaded"), std::string::npos) << error;
}

TEST(PluginLoaderTest, ClaimedStatementsGoToThePluginAndItsRecordsReplayBeforeStart) {
  auto dir = std::filesystem::temp_directory_path() / ("fe_plugin_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto config = FeConfig::FromMap({{"meta_dir", (dir / "meta").string()},
                                   {"query_port", "0"},
                                   {"rpc_port", "0"},
                                   {"plugins", std::string(ECHO_PLUGIN_PATH) + "," + WRONG_ABI_PLUGIN_PATH}});
  LoginRequest root;
  root.user = "root";
  {
    FrontendServer server(config);
    ASSERT_TRUE(server.Start().ok());
    ASSERT_EQ(server.plugins().size(), 1u);
    auto conn = server.Create(1, "127.0.0.1");
    ASSERT_TRUE(conn->Login(root).ok);
    QueryResult r = conn->Query("ECHO hello");
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_EQ(r.columns[0].name, "echo");
    EXPECT_EQ(r.rows[0][0].value_or(""), "hello");
    EXPECT_EQ(r.rows[0][1].value_or(""), "root");
    ASSERT_TRUE(conn->Query("echo world").ok);
    QueryResult err = conn->Query("ECHO ERROR");
    EXPECT_EQ(err.mysql_errno, 1064);
    EXPECT_EQ(err.message, "echo refuses ERROR");
    // Statements it declines still get the frontend's own parser.
    EXPECT_EQ(conn->Query("ECH hello").mysql_errno, 1064);
    ASSERT_TRUE(conn->Query("CREATE DATABASE d").ok);
    ASSERT_TRUE(server.Checkpoint().ok());  // module records must survive a checkpoint
    EXPECT_EQ(server.host()->journal().Append(5, "x").code, fe_backup::HostCode::kInvalidArgument);
    server.Shutdown();
  }
  {
    FrontendServer server(config);
    ASSERT_TRUE(server.Start().ok());
    auto conn = server.Create(1, "127.0.0.1");
    ASSERT_TRUE(conn->Login(root).ok);
    QueryResult r = conn->Query("ECHO REPLAYED");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.rows[0][0].value_or(""), "hello,world");
    EXPECT_EQ(r.rows[0][1].value_or(""), "0");
    EXPECT_TRUE(server.catalog()->FindDatabase("d"));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace feb::frontend
