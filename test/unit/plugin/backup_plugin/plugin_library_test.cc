// Loads build/lib/libfe_backup.so the way a frontend does (dlopen + the extern "C" entry
// points) and talks to the plugin through the host.h interface only.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "fe_backup/host.h"
#include "test/fakes/fake_host.h"

namespace {

using AbiVersionFn = uint32_t (*)();
using CreateFn = fe_backup::Plugin* (*)(fe_backup::Host*);
using DestroyFn = void (*)(fe_backup::Plugin*);

// Set by CMake: the build/lib/libfe_backup.so built with this test.
std::string LibraryPath() { return FEB_PLUGIN_LIBRARY_PATH; }

class PluginLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handle_ = dlopen(LibraryPath().c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle_, nullptr) << dlerror();
  }
  void TearDown() override {
    if (handle_ != nullptr) dlclose(handle_);
  }
  template <typename T>
  T Symbol(const char* name) {
    return reinterpret_cast<T>(dlsym(handle_, name));
  }
  void* handle_ = nullptr;
};

TEST_F(PluginLibraryTest, AbiVersionMatchesTheHeader) {
  auto abi = Symbol<AbiVersionFn>("fe_backup_abi_version");
  ASSERT_NE(abi, nullptr);
  EXPECT_EQ(abi(), fe_backup::kHostAbiVersion);
}

TEST_F(PluginLibraryTest, CreateClaimExecuteDestroyThroughTheInterface) {
  auto create = Symbol<CreateFn>("fe_backup_create_plugin");
  auto destroy = Symbol<DestroyFn>("fe_backup_destroy_plugin");
  ASSERT_NE(create, nullptr);
  ASSERT_NE(destroy, nullptr);
  EXPECT_EQ(create(nullptr), nullptr);

  feb::testing::FakeHost host;
  fe_backup::Plugin* plugin = create(&host);
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->Name(), "fe_backup");
  EXPECT_TRUE(plugin->Start().ok());
  EXPECT_TRUE(plugin->Claims("BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl);"));
  EXPECT_FALSE(plugin->Claims("SELECT 1"));

  fe_backup::Session session{"root", "%", "", 7, {"root"}};
  fe_backup::StatementResult bad = plugin->Execute(session, "RESTORE SNAPSHOT db.label FORM repo");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.mysql_errno, 1064);
  EXPECT_EQ(bad.sqlstate, "42000");
  EXPECT_EQ(bad.message.substr(0, bad.message.find('\n')),
            "Getting syntax error at line 1, column 26. Detail message: Unexpected input 'FORM', the most similar "
            "input is {'FROM'}.");

  fe_backup::StatementResult good = plugin->Execute(session, "SHOW SNAPSHOT ON example_repo");
  EXPECT_FALSE(good.ok);
  EXPECT_EQ(good.message, "Repository [example_repo] does not exist");

  EXPECT_TRUE(plugin->OwnsTaskType(fe_backup::TaskType::kUpload));
  plugin->Shutdown();
  destroy(plugin);
}

TEST_F(PluginLibraryTest, ExportsOnlyTheThreeEntryPoints) {
  std::string cmd = "nm -D --defined-only '" + LibraryPath() + "'";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::set<std::string> names;
  char line[4096];
  while (fgets(line, sizeof line, p) != nullptr) {
    std::string s(line);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    names.insert(s.substr(s.rfind(' ') + 1));
  }
  ASSERT_EQ(pclose(p), 0) << cmd;
  EXPECT_EQ(names, (std::set<std::string>{"fe_backup_abi_version", "fe_backup_create_plugin",
                                          "fe_backup_destroy_plugin"}));
}

}  // namespace
