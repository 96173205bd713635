#include "backend/storage/tablet_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "common/storage/crc32c.h"
#include "common/storage/md5.h"
#include "test/unit/common/storage/temp_dir.h"

namespace feb::be {
namespace {

using storage::testing::TempDir;
namespace fs = std::filesystem;

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
  // every rowset's checksums were recorded over the bytes written, and survive the restart
  for (const VersionEntry& e : meta->versions) {
    if (e.file.empty()) continue;
    auto bytes = ReadLocalFile(store.TabletDir(10001, 777) + "/" + e.file);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(e.md5, storage::Md5::Of(*bytes)) << e.file;
    EXPECT_EQ(e.crc32c, storage::Crc32c(*bytes)) << e.file;
    EXPECT_EQ(e.bytes, static_cast<int64_t>(bytes->size()));
  }
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

// A restore source: tablet 10001 with versions 2..4, snapshotted the way a DOWNLOAD leaves it
// (header renamed to the target tablet, rowset files under their own names).
class TabletStoreMoveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open().ok());
    ASSERT_TRUE(store_.CreateTablet(Meta(10001, 5)).ok());
    ASSERT_TRUE(store_.WriteRows(10001, 5, 2, Rows({{"1", "a"}, {"2", nullptr}})).ok());
    ASSERT_TRUE(store_.WriteRows(10001, 5, 3, Rows({{"3", ""}})).ok());
    ASSERT_TRUE(store_.WriteRows(10001, 5, 4, Rows({{"4", "d"}})).ok());
    ASSERT_TRUE(store_.CreateTablet(Meta(20002, 6)).ok());
    src_ = tmp_.path() + "/snapshot/s.0.60/20002/6";
    fs::create_directories(src_);
    auto meta = store_.Get(10001, 5);
    ASSERT_TRUE(meta.ok());
    for (const VersionEntry& e : meta->versions) {
      if (!e.file.empty()) fs::copy_file(store_.TabletDir(10001, 5) + "/" + e.file, src_ + "/" + e.file);
    }
    std::ofstream(src_ + "/20002.hdr") << meta->ToJson();
  }
  std::set<std::string> Files(int64_t id, int32_t hash) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(store_.TabletDir(id, hash))) out.insert(e.path().filename().string());
    return out;
  }
  TempDir tmp_;
  TabletStore store_{tmp_.path()};
  std::string src_;
};

TEST_F(TabletStoreMoveTest, MoveReplacesTheVersionsAndTheTabletTakesNewWrites) {
  ASSERT_TRUE(store_.LoadFromDir(20002, 6, src_, true).ok());
  auto a = store_.Checksum(10001, 5, std::nullopt);
  auto b = store_.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->md5, a->md5);
  EXPECT_EQ(b->version, 4);
  auto meta = store_.Get(20002, 6);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->tablet_id, 20002) << "identity stays the tablet's";
  EXPECT_EQ(meta->schema_hash, 6);
  for (const VersionEntry& e : meta->versions) {
    EXPECT_TRUE(e.md5.empty()) << "checksums another backend recorded are not taken over: " << e.file;
  }
  EXPECT_EQ(Files(20002, 6),
            (std::set<std::string>{"20002.hdr", "20002_2_1.dat", "20002_3_1.dat", "20002_4_1.dat"}));
  ASSERT_TRUE(store_.WriteRows(20002, 6, 5, Rows({{"5", "e"}})).ok());
  auto rows = store_.Scan(20002, 6, std::nullopt);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 5u);
  // a restart reloads the moved tablet as it is
  TabletStore again(tmp_.path());
  ASSERT_TRUE(again.Open().ok());
  auto c = again.Checksum(20002, 6, 4);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->md5, a->md5);
}

TEST_F(TabletStoreMoveTest, RepeatedMoveGivesTheSameTabletAndNeverWritesAFileTheHeaderNames) {
  ASSERT_TRUE(store_.LoadFromDir(20002, 6, src_, true).ok());
  auto first = store_.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(first.ok());
  // keep a second name for every file the header names: their content must not change
  std::map<std::string, std::string> before;
  fs::create_directories(tmp_.path() + "/keep");
  for (const std::string& f : Files(20002, 6)) {
    if (f == "20002.hdr") continue;
    fs::create_hard_link(store_.TabletDir(20002, 6) + "/" + f, tmp_.path() + "/keep/" + f);
    before[f] = *ReadLocalFile(tmp_.path() + "/keep/" + f);
  }
  ASSERT_TRUE(store_.LoadFromDir(20002, 6, src_, true).ok()) << "a re-sent MOVE succeeds";
  auto second = store_.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->md5, first->md5);
  EXPECT_EQ(second->version, 4);
  EXPECT_EQ(Files(20002, 6),
            (std::set<std::string>{"20002.hdr", "20002_2_2.dat", "20002_3_2.dat", "20002_4_2.dat"}))
      << "fresh names, and the old ones are gone";
  for (const auto& [f, data] : before) EXPECT_EQ(*ReadLocalFile(tmp_.path() + "/keep/" + f), data) << f;
  EXPECT_TRUE(fs::exists(src_ + "/20002.hdr")) << "the snapshot stays until RELEASE_SNAPSHOT";
}

TEST_F(TabletStoreMoveTest, CrashBeforeTheHeaderSwitchLeavesTheOldTablet) {
  ASSERT_TRUE(store_.WriteRows(20002, 6, 2, Rows({{"old", "row"}})).ok());
  auto old_sum = store_.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(old_sum.ok());
  // what an interrupted MOVE leaves: new links and a half-written header part
  const std::string dir = store_.TabletDir(20002, 6);
  fs::create_hard_link(src_ + "/10001_2.dat", dir + "/20002_2_1.dat");
  fs::create_hard_link(src_ + "/10001_3.dat", dir + "/20002_3_1.dat");
  std::ofstream(dir + "/20002.hdr.part") << "{\"tablet_id\": 20";
  TabletStore restarted(tmp_.path());
  ASSERT_TRUE(restarted.Open().ok());
  auto sum = restarted.Checksum(20002, 6, std::nullopt);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->md5, old_sum->md5);
  EXPECT_EQ(sum->version, 2);
  EXPECT_EQ(Files(20002, 6), (std::set<std::string>{"20002.hdr", "20002_2.dat"})) << "garbage removed";
  // and the re-sent MOVE completes
  ASSERT_TRUE(restarted.LoadFromDir(20002, 6, src_, true).ok());
  auto moved = restarted.Checksum(20002, 6, std::nullopt);
  auto want = restarted.Checksum(10001, 5, std::nullopt);
  ASSERT_TRUE(moved.ok() && want.ok());
  EXPECT_EQ(moved->md5, want->md5);
}

TEST_F(TabletStoreMoveTest, BadSnapshotsChangeNothing) {
  auto before = store_.Get(20002, 6);
  ASSERT_TRUE(before.ok());
  // a rowset the header names is missing
  fs::rename(src_ + "/10001_3.dat", tmp_.path() + "/aside");
  Status missing = store_.LoadFromDir(20002, 6, src_, true);
  EXPECT_EQ(missing.code(), StatusCode::kCorruption) << missing;
  EXPECT_NE(missing.message().find("10001_3.dat"), std::string::npos) << missing;
  // a truncated rowset
  { std::ofstream(src_ + "/10001_3.dat") << "FEBROWS1"; }
  Status truncated = store_.LoadFromDir(20002, 6, src_, true);
  EXPECT_EQ(truncated.code(), StatusCode::kCorruption) << truncated;
  fs::remove(src_ + "/10001_3.dat");
  fs::rename(tmp_.path() + "/aside", src_ + "/10001_3.dat");
  // no header, or an unreadable one
  fs::rename(src_ + "/20002.hdr", src_ + "/10001.hdr");
  Status no_hdr = store_.LoadFromDir(20002, 6, src_, true);
  EXPECT_EQ(no_hdr.code(), StatusCode::kNotFound);
  EXPECT_EQ(no_hdr.message(), "fail to find header or meta file: " + src_ + "/20002.hdr");
  { std::ofstream(src_ + "/20002.hdr") << "{not json"; }
  EXPECT_EQ(store_.LoadFromDir(20002, 6, src_, true).code(), StatusCode::kCorruption);
  // another schema
  TabletMeta wide = Meta(20002, 6);
  wide.columns.push_back({"w", "INT", false, true});
  wide.versions = {VersionEntry{1, "", 0, 0}};
  { std::ofstream(src_ + "/20002.hdr") << wide.ToJson(); }
  EXPECT_EQ(store_.LoadFromDir(20002, 6, src_, true).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_.LoadFromDir(30003, 6, src_, true).code(), StatusCode::kNotFound);
  auto after = store_.Get(20002, 6);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->ToJson(), before->ToJson());
  EXPECT_EQ(Files(20002, 6), (std::set<std::string>{"20002.hdr"}));
}

TEST_F(TabletStoreMoveTest, OverwriteFalseRefusesATabletWithData) {
  ASSERT_TRUE(store_.LoadFromDir(20002, 6, src_, false).ok()) << "an empty tablet may be filled";
  EXPECT_EQ(store_.LoadFromDir(20002, 6, src_, false).code(), StatusCode::kAlreadyExists);
}

TEST(TabletMetaTest, HeadersFromOutsideAreCheckedValueByValue) {
  const std::string head = R"({"tablet_id": 1, "schema_hash": 2, "columns": [], "versions": [)";
  auto ok = TabletMeta::FromJson(
      head + R"({"version": 1, "file": "1_1.dat", "md5": "5d41402abc4b2a76b9719d911017c592", "crc32c": 4294967295}]})",
      "h");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->versions[0].crc32c, 4294967295u);
  auto again = TabletMeta::FromJson(ok->ToJson(), "h");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToJson(), ok->ToJson());
  const std::pair<std::string, std::string> bad[] = {
      {R"({"version": 1, "md5": "5D41402ABC4B2A76B9719D911017C592"}]})", "a bad md5"},
      {R"({"version": 1, "crc32c": 4294967296}]})", "key 'crc32c'"},
      {R"({"version": 1, "crc32c": -1}]})", "key 'crc32c'"},
      {R"({"version": 1.5}]})", "key 'version'"},
      {R"({"version": 1e400}]})", "not a JSON object"},
      {R"({"version": 1, "rows": 99999999999999999999999999}]})", "key 'rows'"},
      {R"({"version": 1}, {"version": 3}]})", "non-contiguous versions"},
      {R"({"version": 1, "file": "../x.dat"}]})", "a bad rowset file"},
      {R"(7]})", "not an object"},
  };
  for (const auto& [tail, text] : bad) {
    auto r = TabletMeta::FromJson(head + tail, "h.hdr");
    ASSERT_FALSE(r.ok()) << tail;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << tail;
    EXPECT_NE(r.status().message().find("tablet header h.hdr: "), std::string::npos) << r.status();
    EXPECT_NE(r.status().message().find(text), std::string::npos) << r.status();
  }
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
