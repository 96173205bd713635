#include "test/fakes/fake_host.h"

#include <gtest/gtest.h>

namespace feb::testing {
namespace {

using fe_backup::Privilege;
using fe_backup::PrivilegeObject;

TEST(FakeHostTest, BuildsTablesWithTabletsAndReplicas) {
  FakeHost host;
  int64_t db = host.AddDatabase("example_db");
  host.AddOlapTable(db, "example_tbl", {"p1", "p2"}, /*buckets=*/3, /*replicas=*/2, /*visible_version=*/5);
  auto t = host.catalog().FindTable(db, "example_tbl");
  ASSERT_TRUE(t.has_value());
  ASSERT_EQ(t->partitions.size(), 2u);
  EXPECT_EQ(t->partitions[0].name, "p1");
  EXPECT_EQ(t->partitions[0].visible_version, 5);
  ASSERT_EQ(t->partitions[0].indexes.size(), 1u);
  ASSERT_EQ(t->partitions[0].indexes[0].tablets.size(), 3u);
  EXPECT_EQ(t->partitions[0].indexes[0].tablets[0].replicas.size(), 2u);
  EXPECT_EQ(host.backends().List().size(), 2u);
  EXPECT_FALSE(host.catalog().FindTable(db, "EXAMPLE_TBL").has_value());
}

TEST(FakeHostTest, GrantsAndRolesDecidePrivileges) {
  FakeHost host;
  fe_backup::Session alice{"alice", "%", "", 1, {}};
  fe_backup::Session admin{"bob", "%", "", 2, {"db_admin"}};
  PrivilegeObject system{PrivilegeObject::Kind::kSystem, "", ""};
  PrivilegeObject tbl{PrivilegeObject::Kind::kTable, "d", "t"};
  EXPECT_FALSE(host.access().HasPrivilege(alice, Privilege::kRepository, system));
  EXPECT_TRUE(host.access().HasPrivilege(admin, Privilege::kRepository, system));
  host.Grant("alice", Privilege::kRepository, PrivilegeObject::Kind::kSystem);
  host.Grant("alice", Privilege::kExport, PrivilegeObject::Kind::kDatabase, "d");
  EXPECT_TRUE(host.access().HasPrivilege(alice, Privilege::kRepository, system));
  EXPECT_TRUE(host.access().HasPrivilege(alice, Privilege::kExport, tbl));
  EXPECT_FALSE(host.access().HasPrivilege(alice, Privilege::kSelect, tbl));
}

TEST(FakeHostTest, JournalRejectsForeignOpsAndCanBeTakenDown) {
  FakeHost host;
  EXPECT_EQ(host.journal().Append(1, "x").code, fe_backup::HostCode::kInvalidArgument);
  EXPECT_TRUE(host.journal().Append(fe_backup::kModuleOpFirst, "a").ok());
  host.SetJournalDown(true);
  EXPECT_EQ(host.journal().Append(fe_backup::kModuleOpFirst, "b").code, fe_backup::HostCode::kUnavailable);
  ASSERT_EQ(host.journal_records().size(), 1u);
  EXPECT_EQ(host.journal_records()[0].payload, "a");
  int64_t first = host.journal().NextId();
  int64_t second = host.journal().NextId();
  EXPECT_LT(first, second);
}

TEST(FakeHostTest, LocksTimeOutWhenScripted) {
  FakeHost host;
  int64_t db = host.AddDatabase("d");
  host.FailNextLocks(1);
  EXPECT_EQ(host.locks().ReadLock(db, std::chrono::milliseconds(10)).status.code, fe_backup::HostCode::kTimeout);
  EXPECT_TRUE(host.locks().ReadLock(db, std::chrono::milliseconds(10)).ok());
  EXPECT_EQ(host.locks().WriteLock(db + 999, std::chrono::milliseconds(10)).status.code, fe_backup::HostCode::kNotFound);
}

}  // namespace
}  // namespace feb::testing
