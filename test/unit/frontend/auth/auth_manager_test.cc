#include "frontend/auth/auth_manager.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "frontend/mysql/mysql_messages.h"

namespace feb::frontend {
namespace {

class AuthManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fe_auth_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    journal_ = std::move(SqliteJournal::Open(dir_.string())).value();
    meta_ = std::make_unique<MetaLog>(journal_.get());
    auth_ = std::make_unique<AuthManager>(meta_.get());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::unique_ptr<SqliteJournal> journal_;
  std::unique_ptr<MetaLog> meta_;
  std::unique_ptr<AuthManager> auth_;
};

const GrantTarget kTable{GrantTarget::Kind::kTable, "d", "t"};

TEST_F(AuthManagerTest, RootExistsWithAnEmptyPasswordAndHoldsEverything) {
  auto who = auth_->Authenticate("root", "10.0.0.1", std::string(20, 's'), "");
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->second, "%");
  EXPECT_TRUE(auth_->Has("root", "%", "REPOSITORY", GrantTarget{}));
  EXPECT_TRUE(auth_->HasPrivilege(fe_backup::Session{"root", "%", "", 1, {}}, fe_backup::Privilege::kExport,
                                  fe_backup::PrivilegeObject{fe_backup::PrivilegeObject::Kind::kTable, "d", "t"}));
}

TEST_F(AuthManagerTest, PasswordsAreCheckedWithTheScramble) {
  ASSERT_TRUE(auth_->CreateUser("u", "%", std::string("pw"), false).ok());
  std::string scramble(20, 'k');
  EXPECT_TRUE(auth_->Authenticate("u", "h", scramble, NativePasswordScramble(scramble, "pw")).ok());
  auto bad = auth_->Authenticate("u", "h", scramble, NativePasswordScramble(scramble, "no"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().mysql_errno(), 1045);
  EXPECT_EQ(bad.status().message(), "Access denied for user 'u'@'h' (using password: YES)");
  EXPECT_FALSE(auth_->Authenticate("nobody", "h", scramble, "").ok());
}

TEST_F(AuthManagerTest, GrantsOnTablesDatabasesAndSystemAreSeparate) {
  ASSERT_TRUE(auth_->CreateUser("u", "%", std::nullopt, false).ok());
  EXPECT_FALSE(auth_->Has("u", "%", "SELECT", kTable));
  ASSERT_TRUE(auth_->Grant({"SELECT"}, GrantTarget{GrantTarget::Kind::kAllTablesInDatabase, "d", ""}, "u", "%", false).ok());
  EXPECT_TRUE(auth_->Has("u", "%", "SELECT", kTable));
  EXPECT_FALSE(auth_->Has("u", "%", "INSERT", kTable));
  EXPECT_FALSE(auth_->Has("u", "%", "SELECT", GrantTarget{GrantTarget::Kind::kTable, "other", "t"}));
  ASSERT_TRUE(auth_->Grant({"REPOSITORY"}, GrantTarget{}, "u", "%", false).ok());
  EXPECT_TRUE(auth_->HasPrivilege(fe_backup::Session{"u", "%", "", 1, {}}, fe_backup::Privilege::kRepository,
                                  fe_backup::PrivilegeObject{}));
  ASSERT_TRUE(auth_->Grant({"REPOSITORY"}, GrantTarget{}, "u", "%", true).ok());
  EXPECT_FALSE(auth_->Has("u", "%", "REPOSITORY", GrantTarget{}));
  auto wrong_object = auth_->Grant({"REPOSITORY"}, kTable, "u", "%", false);
  EXPECT_FALSE(wrong_object.ok());
  EXPECT_FALSE(auth_->Grant({"SELECT"}, kTable, "ghost", "%", false).ok());
  ASSERT_TRUE(auth_->GrantRole("db_admin", "u", "%", false).ok());
  EXPECT_TRUE(auth_->Has("u", "%", "EXPORT", kTable));
  EXPECT_FALSE(auth_->GrantRole("no_such_role", "u", "%", false).ok());
}

TEST_F(AuthManagerTest, SnapshotRestoresUsersGrantsAndPasswords) {
  ASSERT_TRUE(auth_->CreateUser("u", "%", std::string("pw"), false).ok());
  ASSERT_TRUE(auth_->Grant({"INSERT"}, kTable, "u", "%", false).ok());
  AuthManager other(meta_.get());
  ASSERT_TRUE(other.Restore(auth_->Snapshot()).ok());
  EXPECT_TRUE(other.Has("u", "%", "INSERT", kTable));
  std::string scramble(20, 'q');
  EXPECT_TRUE(other.Authenticate("u", "x", scramble, NativePasswordScramble(scramble, "pw")).ok());
  auto rows = other.ShowGrants("u", "%");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][2].value_or(""), "GRANT INSERT ON TABLE d.t TO USER 'u'@'%'");
}

TEST_F(AuthManagerTest, DenialTextIsStarRocks) {
  Status s = AuthManager::Denied("EXPORT", "TABLE t", {});
  EXPECT_EQ(s.mysql_errno(), 1227);
  EXPECT_EQ(s.message(),
            "Access denied; you need (at least one of) the EXPORT privilege(s) on TABLE t for this operation. Please "
            "ask the admin to grant permission(s) or try activating existing roles using <set [default] role>. "
            "Current role(s): NONE. Inactivated role(s): NONE.");
}

}  // namespace
}  // namespace feb::frontend
