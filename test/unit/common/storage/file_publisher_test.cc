#include "common/storage/file_publisher.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/storage/crc32c.h"
#include "common/storage/local_storage.h"
#include "common/storage/md5.h"
#include "common/storage/uri.h"
#include "faulty_storage.h"
#include "temp_dir.h"

namespace feb::storage {
namespace {

using testing::FaultyStorage;
using testing::TempDir;

class FilePublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    local_ = std::make_shared<LocalStorage>();
    faulty_ = std::make_shared<FaultyStorage>(local_);
    src_uri_ = tmp_.uri() + "/src/10001_2.dat";
    dest_dir_ = tmp_.uri() + "/repo/__1";
    data_.clear();
    for (int i = 0; i < 300000; ++i) data_ += static_cast<char>('a' + i % 26);
    ASSERT_TRUE(WriteFileAtomically(*local_, src_uri_, data_).ok());
  }

  std::vector<FileInfo> Listing() {
    auto l = local_->List(dest_dir_);
    return l.ok() ? *l : std::vector<FileInfo>{};
  }

  std::string ReadAll(const std::string& uri) {
    auto f = local_->OpenRead(uri);
    if (!f.ok()) return "<missing>";
    std::string out(1 << 20, '\0'), all;
    while (true) {
      auto n = (*f)->Read(out.data(), out.size());
      if (!n.ok() || *n == 0) break;
      all.append(out.data(), *n);
    }
    return all;
  }

  // Every checksummed entry visible in the destination is complete and correct.
  void ExpectNothingHalfPublished() {
    for (const FileInfo& e : Listing()) {
      auto split = SplitChecksumName(e.name);
      if (!split) continue;
      std::string content = ReadAll(JoinUri(dest_dir_, e.name));
      EXPECT_EQ(Md5::Of(content), split->md5) << e.name;
      EXPECT_EQ(content, data_) << e.name;
    }
  }

  TempDir tmp_;
  std::shared_ptr<LocalStorage> local_;
  std::shared_ptr<FaultyStorage> faulty_;
  std::string src_uri_, dest_dir_, data_;
};

TEST_F(FilePublisherTest, PublishesUnderMd5NameAndSkipsIdenticalCopy) {
  CopyOptions opt;
  opt.chunk_size = 65536;
  uint64_t last = 0;
  int chunks = 0;
  opt.on_chunk = [&](uint64_t copied) {
    EXPECT_GT(copied, last);
    last = copied;
    ++chunks;
    return Status::OK();
  };
  auto r = PublishFile(*local_, src_uri_, *local_, dest_dir_, "10001_2.dat", {}, opt);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->skipped);
  EXPECT_EQ(r->md5, Md5::Of(data_));
  EXPECT_EQ(r->name, "10001_2.dat." + r->md5);
  EXPECT_EQ(r->bytes, data_.size());
  EXPECT_EQ(last, data_.size());
  EXPECT_EQ(chunks, 5);
  auto listing = Listing();
  ASSERT_EQ(listing.size(), 1u);
  EXPECT_EQ(listing[0].name, r->name);
  EXPECT_EQ(ReadAll(JoinUri(dest_dir_, r->name)), data_);

  chunks = 0;
  auto again = PublishFile(*local_, src_uri_, *local_, dest_dir_, "10001_2.dat", listing, opt);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->skipped);
  EXPECT_EQ(again->name, r->name);
  EXPECT_EQ(again->bytes, data_.size());
  EXPECT_EQ(chunks, 0) << "a skipped file is not copied";
}

TEST_F(FilePublisherTest, ReplacesStaleCopyWithOtherChecksum) {
  std::string stale = JoinUri(dest_dir_, "10001_2.dat." + Md5::Of("old"));
  ASSERT_TRUE(WriteFileAtomically(*local_, stale, "old").ok());
  auto r = PublishFile(*local_, src_uri_, *local_, dest_dir_, "10001_2.dat", Listing());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->skipped);
  auto listing = Listing();
  ASSERT_EQ(listing.size(), 1u);
  EXPECT_EQ(listing[0].name, r->name);
}

TEST_F(FilePublisherTest, HookErrorAbortsAndRemovesPart) {
  CopyOptions opt;
  opt.chunk_size = 65536;
  opt.on_chunk = [](uint64_t copied) { return copied > 100000 ? Status::Cancelled("Cancelled") : Status::OK(); };
  auto r = PublishFile(*local_, src_uri_, *local_, dest_dir_, "10001_2.dat", {}, opt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled);
  EXPECT_TRUE(Listing().empty());
}

class FilePublisherFaultTest : public FilePublisherTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(FilePublisherFaultTest, FailureAtAnyPointNeverShowsAHalfFileAndRetrySucceeds) {
  const std::string point = GetParam();
  faulty_->FailAt(point, "", /*skip=*/point == std::string("append") ? 2 : 0);
  CopyOptions opt;
  opt.chunk_size = 65536;
  auto r = PublishFile(*local_, src_uri_, *faulty_, dest_dir_, "10001_2.dat", {}, opt);
  ASSERT_FALSE(r.ok()) << point;
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_NE(r.status().message().find("injected " + point), std::string::npos) << r.status();
  EXPECT_EQ(faulty_->Injected(point), 1);
  ExpectNothingHalfPublished();
  for (const FileInfo& e : Listing()) {
    EXPECT_EQ(e.name.find(".part"), std::string::npos) << "left behind: " << e.name;
  }

  faulty_->ClearFaults();
  auto retry = PublishFile(*local_, src_uri_, *faulty_, dest_dir_, "10001_2.dat", Listing(), opt);
  ASSERT_TRUE(retry.ok()) << retry.status();
  ExpectNothingHalfPublished();
  auto listing = Listing();
  ASSERT_EQ(listing.size(), 1u);
  EXPECT_EQ(listing[0].name, "10001_2.dat." + Md5::Of(data_));
}

INSTANTIATE_TEST_SUITE_P(Points, FilePublisherFaultTest,
                         ::testing::Values("open_write", "append", "sync", "close", "rename", "sync_dir"));

TEST_F(FilePublisherTest, SourceReadFailureIsReported) {
  faulty_->FailAt("read", "src");
  auto r = PublishFile(*faulty_, src_uri_, *local_, dest_dir_, "10001_2.dat", {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Listing().empty());
}

TEST_F(FilePublisherTest, FetchVerifiedChecksMd5) {
  std::string good = Md5::Of(data_);
  std::string dest = tmp_.uri() + "/down/10001_2.dat";
  auto ok = FetchVerified(*local_, src_uri_, good, *local_, dest);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, data_.size());
  EXPECT_EQ(ReadAll(dest), data_);

  std::string dest2 = tmp_.uri() + "/down/other.dat";
  auto bad = FetchVerified(*local_, src_uri_, Md5::Of("x"), *local_, dest2);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_FALSE(*local_->Exists(dest2));
  EXPECT_FALSE(*local_->Exists(dest2 + ".part"));
}

TEST_F(FilePublisherTest, FetchVerifiedFilesPublishesAVerifiedBatchWithOneDirectoryBarrier) {
  std::string good = Md5::Of(data_);
  std::string down = tmp_.uri() + "/down";
  ASSERT_TRUE(local_->MakeDirs(down).ok());
  std::vector<FetchItem> items;
  for (int i = 0; i < 5; ++i) items.push_back({src_uri_, good, "f" + std::to_string(i) + ".dat", ""});
  auto ok = FetchVerifiedFiles(*local_, items, *local_, down);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, 5 * data_.size());
  auto listing = local_->List(down);
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->size(), 5u);
  for (const auto& f : *listing) EXPECT_EQ(ReadAll(JoinUri(down, f.name)), data_) << f.name;

  // One bad md5 in the batch: nothing of the batch is published, no part is left.
  std::string down2 = tmp_.uri() + "/down2";
  ASSERT_TRUE(local_->MakeDirs(down2).ok());
  items[3].expected_md5 = Md5::Of("x");
  auto bad = FetchVerifiedFiles(*local_, items, *local_, down2);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "invalid md5 of downloaded file: " + down2 + "/f3.dat, expected: " + Md5::Of("x") +
                                        ", get: " + good);
  EXPECT_TRUE(local_->List(down2)->empty());

  // A failed fsync publishes nothing either: durable before visible.
  items[3].expected_md5 = good;
  std::string down3 = tmp_.uri() + "/down3";
  ASSERT_TRUE(local_->MakeDirs(down3).ok());
  faulty_->FailAt("sync", "f2.dat");
  auto unsynced = FetchVerifiedFiles(*local_, items, *faulty_, down3);
  ASSERT_FALSE(unsynced.ok());
  EXPECT_TRUE(local_->List(down3)->empty());
  EXPECT_FALSE(FetchVerifiedFiles(*local_, {{src_uri_, good, "../x", ""}}, *local_, down3).ok());
}

TEST_F(FilePublisherTest, PublishFilesBatchesAndSkipsPublishedOnes) {
  std::vector<PublishSource> files;
  std::map<std::string, std::string> content;
  for (int i = 0; i < 5; ++i) {
    std::string name = "10001_" + std::to_string(i + 2) + ".dat";
    std::string uri = tmp_.uri() + "/src/" + name;
    content[name] = std::string(1000 + i, static_cast<char>('a' + i));
    ASSERT_TRUE(WriteFileAtomically(*local_, uri, content[name]).ok());
    files.push_back({uri, name});
  }
  CopyOptions opt;
  opt.max_batch_files = 2;  // 3 batches
  auto first = PublishFiles(*local_, {files[0]}, *local_, dest_dir_, {}, opt);
  ASSERT_TRUE(first.ok());
  auto r = PublishFiles(*local_, files, *local_, dest_dir_, Listing(), opt);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 5u);
  EXPECT_TRUE((*r)[0].skipped);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ((*r)[i].name, files[i].name + "." + Md5::Of(content[files[i].name]));
    EXPECT_EQ(ReadAll(JoinUri(dest_dir_, (*r)[i].name)), content[files[i].name]);
  }
  EXPECT_EQ(Listing().size(), 5u);
}

TEST_F(FilePublisherTest, PublishDirsPublishesEveryDirectoryWithOneBarrierPerBatch) {
  // 3 tablets of 3 files each, 4 files per barrier: barriers after 4, 8 and 9 files, each
  // with one fsync per directory it touched, not one per file or per tablet.
  std::vector<PublishDir> dirs;
  std::map<std::string, std::string> content;
  for (int d = 0; d < 3; ++d) {
    PublishDir dir;
    dir.dest_dir_uri = tmp_.uri() + "/repo/__" + std::to_string(d);
    for (int i = 0; i < 3; ++i) {
      std::string name = "1000" + std::to_string(d) + "_" + std::to_string(i + 2) + ".dat";
      std::string uri = tmp_.uri() + "/src" + std::to_string(d) + "/" + name;
      content[name] = std::string(100 + 10 * d + i, static_cast<char>('a' + d + i));
      ASSERT_TRUE(WriteFileAtomically(*local_, uri, content[name]).ok());
      dir.files.push_back({uri, name});
    }
    dirs.push_back(std::move(dir));
  }
  CopyOptions opt;
  opt.max_batch_files = 4;
  std::vector<size_t> batches;
  opt.on_batch = [&](size_t published) {
    batches.push_back(published);
    return Status::OK();
  };
  auto r = PublishDirs(*local_, dirs, *faulty_, opt);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(batches, (std::vector<size_t>{4, 8, 9}));
  EXPECT_EQ(faulty_->Calls("sync_dir"), 5) << "directories per barrier: {0,1}, {1,2}, {2}";
  EXPECT_EQ(faulty_->Calls("sync"), 9);
  ASSERT_EQ(r->size(), 3u);
  for (size_t d = 0; d < 3; ++d) {
    ASSERT_EQ((*r)[d].size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
      const std::string& name = dirs[d].files[i].name;
      EXPECT_EQ((*r)[d][i].name, name + "." + Md5::Of(content[name]));
      EXPECT_EQ(ReadAll(JoinUri(dirs[d].dest_dir_uri, (*r)[d][i].name)), content[name]);
    }
  }
  // a barrier's hook error stops before the next batch; what was published stays complete
  opt.on_batch = [](size_t) { return Status::Cancelled("Cancelled"); };
  for (PublishDir& dir : dirs) dir.dest_dir_uri += "_again";
  auto stopped = PublishDirs(*local_, dirs, *local_, opt);
  EXPECT_EQ(stopped.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(local_->List(dirs[0].dest_dir_uri)->size(), 3u);
  EXPECT_EQ(local_->List(dirs[1].dest_dir_uri)->size(), 1u);
  EXPECT_FALSE(local_->Exists(dirs[2].dest_dir_uri + "/" + dirs[2].files[0].name + ".part").value());
}

TEST_F(FilePublisherTest, FetchVerifiedFilesIntoSeveralDirectoriesSyncsEachOnce) {
  std::string good = Md5::Of(data_);
  std::vector<FetchItem> items;
  for (int d = 0; d < 3; ++d) {
    std::string dir = tmp_.uri() + "/down/" + std::to_string(d);
    ASSERT_TRUE(local_->MakeDirs(dir).ok());
    for (int i = 0; i < 2; ++i) items.push_back({src_uri_, good, "f" + std::to_string(i) + ".dat", dir});
  }
  auto ok = FetchVerifiedFiles(*local_, items, *faulty_, "");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, 6 * data_.size());
  EXPECT_EQ(faulty_->Calls("sync_dir"), 3);
  for (const FetchItem& f : items) EXPECT_EQ(ReadAll(JoinUri(f.dest_dir_uri, f.dest_name)), data_);
}

TEST_F(FilePublisherTest, PublishFilesFailureInABatchPublishesNothingOfIt) {
  std::vector<PublishSource> files;
  for (int i = 0; i < 4; ++i) {
    std::string name = "f" + std::to_string(i);
    ASSERT_TRUE(WriteFileAtomically(*local_, tmp_.uri() + "/src/" + name, data_.substr(0, 5000 + i)).ok());
    files.push_back({tmp_.uri() + "/src/" + name, name});
  }
  CopyOptions opt;
  opt.max_batch_files = 2;
  faulty_->FailAt("rename", "f3");  // second batch: f2 renamed first, then f3 fails
  auto r = PublishFiles(*local_, files, *faulty_, dest_dir_, {}, opt);
  ASSERT_FALSE(r.ok());
  std::set<std::string> names;
  for (const FileInfo& e : Listing()) names.insert(e.name.substr(0, e.name.find('.')));
  EXPECT_EQ(names.count("f0") + names.count("f1"), 2u) << "the first batch stays published";
  for (const FileInfo& e : Listing()) {
    EXPECT_EQ(e.name.find(".part"), std::string::npos) << e.name;
    auto split = SplitChecksumName(e.name);
    ASSERT_TRUE(split.has_value()) << e.name;
    EXPECT_EQ(Md5::Of(ReadAll(JoinUri(dest_dir_, e.name))), split->md5);
  }
  faulty_->ClearFaults();
  auto retry = PublishFiles(*local_, files, *faulty_, dest_dir_, Listing(), opt);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(Listing().size(), 4u);
}

TEST_F(FilePublisherTest, RecordedChecksumsNameTheFileAndADamagedSourcePublishesNothing) {
  const std::string good = "bytes whose checksums were recorded when they were written";
  const std::string src = tmp_.uri() + "/known.dat";
  ASSERT_TRUE(WriteFileAtomically(*local_, src, good).ok());
  const std::string dir = tmp_.uri() + "/known_out";
  PublishSource known{src, "known.dat", Md5::Of(good), Crc32c(good), static_cast<int64_t>(good.size())};
  auto ok = PublishFiles(*local_, {known}, *local_, dir, {});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)[0].name, "known.dat." + Md5::Of(good));
  EXPECT_EQ((*ok)[0].bytes, good.size());
  auto back = ReadFileToString(*local_, dir + "/" + (*ok)[0].name);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, good);

  // published already under that md5: kept without reading the source (which is gone now)
  ASSERT_TRUE(local_->Delete(src).ok());
  auto listing = local_->List(dir);
  ASSERT_TRUE(listing.ok());
  auto again = PublishFiles(*local_, {known}, *local_, dir, *listing);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE((*again)[0].skipped);
  EXPECT_EQ((*again)[0].bytes, good.size());

  // the source no longer holds the recorded bytes: Corruption, and neither a file nor a part
  std::string damaged = good;
  damaged[10] = 'X';
  ASSERT_TRUE(WriteFileAtomically(*local_, src, damaged).ok());
  const std::string dir2 = tmp_.uri() + "/known_out2";
  auto bad = PublishFiles(*local_, {known}, *local_, dir2, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption) << bad.status();
  auto left = local_->List(dir2);
  EXPECT_TRUE(!left.ok() || left->empty());
  // a wrong size alone is refused too
  ASSERT_TRUE(WriteFileAtomically(*local_, src, good).ok());
  PublishSource wrong_size = known;
  wrong_size.bytes = static_cast<int64_t>(good.size()) + 1;
  EXPECT_EQ(PublishFiles(*local_, {wrong_size}, *local_, dir2, {}).status().code(), StatusCode::kCorruption);
}

TEST_F(FilePublisherTest, ReadFileToStringHonoursTheLimit) {
  auto all = ReadFileToString(*local_, src_uri_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, data_);
  EXPECT_EQ(ReadFileToString(*local_, src_uri_, 1000).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ReadFileToString(*local_, src_uri_ + ".missing").status().code(), StatusCode::kNotFound);
}

TEST_F(FilePublisherTest, RejectsBadNames) {
  for (const char* bad : {"", "a/b", "..", "."}) {
    EXPECT_EQ(PublishFile(*local_, src_uri_, *local_, dest_dir_, bad, {}).status().code(),
              StatusCode::kInvalidArgument);
  }
}

TEST_F(FilePublisherTest, WriteFileAtomicallyLeavesOldContentOnFailure) {
  std::string uri = tmp_.uri() + "/x/__info";
  ASSERT_TRUE(WriteFileAtomically(*local_, uri, "v1").ok());
  faulty_->FailAt("sync", "__info");
  EXPECT_FALSE(WriteFileAtomically(*faulty_, uri, "v2").ok());
  EXPECT_EQ(ReadAll(uri), "v1");
  EXPECT_FALSE(*local_->Exists(uri + ".part"));
}

}  // namespace
}  // namespace feb::storage
