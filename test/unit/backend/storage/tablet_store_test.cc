#include "backend/storage/tablet_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/storage/md5.h"
#include "test/unit/common/storage/temp_dir.h"

namespace feb::be {
namespace {

using storage::testing::TempDir;

TabletMeta Meta(int64_t id, int32_t hash) {
  TabletMeta m;
  m.tablet_id = id;
  m.schema_hash = hash;
  m.columns = {{"k", "INT", true, false}, {"v", "VARCHAR", false, true}};
  return m;
}

std::vector<Row> Rows(std::initializer_list<std::pair<const char*, const char*>> rows) {
  std::vector<Row> out;
  for (auto [k, v] : rows) out.push_back(Row{Cell(k), v == nullptr ? Cell() : Cell(v)});
  return out;
}

TEST(TabletStoreTest, WriteScanChecksumAndRestart) {
  TempDir tmp;
  {
    TabletStore store(tmp.path());
    ASSERT_TRUE(store.Open().ok());
    ASSERT_TRUE(store.CreateTablet(Meta(10001, 777)).ok());
    ASSERT_TRUE(store.CreateTablet(Meta(10001, 777)).ok()) << "re-sent CREATE is harmless";
    ASSERT_TRUE(store.WriteRows(10001, 777, 2, Rows({{"1", "a"}, {"2", nullptr}})).ok());
    ASSERT_TRUE(store.WriteRows(10001, 777, 3, Rows({{"3", ""}})).ok());
  }
  TabletStore store(tmp.path());
  ASSERT_TRUE(store.Open().ok());
  auto meta = store.Get(10001, 777);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->MaxVersion(), 3);
  EXPECT_EQ(meta->RowCount(3), 3);
  int64_t used = 0;
  auto all = store.Scan(10001, 777, std::nullopt, &used);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(used, 3);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0][1], Cell("a"));
  EXPECT_EQ((*all)[1][1], Cell());
  EXPECT_EQ((*all)[2][1], Cell(""));
  auto v2 = store.Scan(10001, 777, 2);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->size(), 2u);

  // checksum = md5 over the row encodings
  std::string enc;
  for (const Row& r : *all) EncodeRow(r, &enc);
  auto sum = store.Checksum(10001, 777, std::nullopt);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->md5, storage::Md5::Of(enc));
  EXPECT_EQ(sum->rows, 3);
  auto sum2 = store.Checksum(10001, 777, 2);
  ASSERT_TRUE(sum2.ok());
  EXPECT_NE(sum2->md5, sum->md5);
  EXPECT_NE(sum->checksum, 0);

  // NULL vs empty string differ
  Row null_row{Cell("3"), Cell()};
  std::string a, b;
  EncodeRow(null_row, &a);
  EncodeRow(Row{Cell("3"), Cell("")}, &b);
  EXPECT_NE(a, b);
}

TEST(TabletStoreTest, VersionsAreNeverRewritten) {
  TempDir tmp;
  TabletStore store(tmp.path());
  ASSERT_TRUE(store.Open().ok());
  ASSERT_TRUE(store.CreateTablet(Meta(5, 1)).ok());
  ASSERT_TRUE(store.WriteRows(5, 1, 2, Rows({{"1", "a"}})).ok());
  Status again = store.WriteRows(5, 1, 2, Rows({{"9", "z"}}));
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again;
  Status gap = store.WriteRows(5, 1, 4, Rows({}));
  EXPECT_EQ(gap.code(), StatusCode::kInvalidArgument) << gap;
  Status width = store.WriteRows(5, 1, 3, {Row{Cell("1")}});
  EXPECT_EQ(width.code(), StatusCode::kInvalidArgument) << width;
  EXPECT_TRUE(store.WriteRows(5, 1, 3, {}).ok()) << "an empty write is a version";
  auto rows = store.Scan(5, 1, std::nullopt);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][1], Cell("a"));
}

TEST(TabletStoreTest, UnknownTabletsAndVersions) {
  TempDir tmp;
  TabletStore store(tmp.path());
  ASSERT_TRUE(store.Open().ok());
  EXPECT_EQ(store.WriteRows(1, 1, 2, {}).code(), StatusCode::kNotFound);
  EXPECT_EQ(store.Scan(1, 1, std::nullopt).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store.CreateTablet(Meta(1, 1)).ok());
  EXPECT_EQ(store.Scan(1, 2, std::nullopt).status().code(), StatusCode::kNotFound) << "other schema hash";
  EXPECT_EQ(store.Scan(1, 1, 5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store.CreateTablet(Meta(1, 2)).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store.CreateTablet(Meta(0, 2)).code(), StatusCode::kInvalidArgument);
}

TEST(TabletStoreTest, CorruptHeaderFailsOpenWithItsPath) {
  TempDir tmp;
  {
    TabletStore store(tmp.path());
    ASSERT_TRUE(store.Open().ok());
    ASSERT_TRUE(store.CreateTablet(Meta(3, 4)).ok());
  }
  std::string hdr = tmp.path() + "/data/3/4/3.hdr";
  ASSERT_TRUE(std::filesystem::exists(hdr));
  {
    std::ofstream(hdr) << "{not json";
  }
  TabletStore store(tmp.path());
  Status s = store.Open();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find(hdr), std::string::npos) << s;
}

TEST(RowsetCodecTest, RoundTripAndTruncation) {
  std::vector<Row> rows = {Row{Cell("x"), Cell()}, Row{}, Row{Cell(std::string("a\0b", 3))}};
  std::string data = EncodeRowset(rows);
  auto back = DecodeRowset(data, "t");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, rows);
  for (size_t cut = 0; cut < data.size(); ++cut) {
    auto r = DecodeRowset(std::string_view(data).substr(0, cut), "t");
    if (cut == 8) continue;  // magic only: zero rows is valid
    if (r.ok()) {
      EXPECT_LT(r->size(), rows.size()) << cut;  // a prefix ending at a row boundary
    }
  }
  EXPECT_FALSE(DecodeRowset("NOTMAGIC", "t").ok());
}

}  // namespace
}  // namespace feb::be
