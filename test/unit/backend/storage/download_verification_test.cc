// The DOWNLOAD verification the backend relies on (storage::FetchVerified): the md5 that
// decides is the one of the bytes on disk, not of the bytes read. Kept with the backend's
// tests because the backend is its one user.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/storage/file_publisher.h"
#include "common/storage/local_storage.h"
#include "common/storage/md5.h"
#include "test/unit/common/storage/temp_dir.h"

namespace feb::storage {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

// LocalStorage whose writes flip one bit of the first byte they write: a disk that lies.
class BitFlipStorage : public LocalStorage {
 public:
  class File : public WritableFile {
   public:
    explicit File(std::unique_ptr<WritableFile> base) : base_(std::move(base)) {}
    Status Append(std::string_view data) override {
      std::string copy(data);
      if (!flipped_ && !copy.empty()) {
        copy[0] = static_cast<char>(copy[0] ^ 0x01);
        flipped_ = true;
      }
      return base_->Append(copy);
    }
    Result<bool> AppendFrom(ReadableFile&, uint64_t, size_t) override { return false; }
    Status Sync() override { return base_->Sync(); }
    Status Close() override { return base_->Close(); }

   private:
    std::unique_ptr<WritableFile> base_;
    bool flipped_ = false;
  };
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& uri) override {
    ASSIGN_OR_RETURN(auto base, LocalStorage::OpenWrite(uri));
    return std::unique_ptr<WritableFile>(std::make_unique<File>(std::move(base)));
  }
};

TEST(DownloadVerificationTest, BytesThatLandWrongOnDiskAreRefusedWithStarRocksText) {
  TempDir tmp;
  const std::string data(100000, 'r');
  { std::ofstream(tmp.path() + "/src.dat", std::ios::binary) << data; }
  LocalStorage src;
  BitFlipStorage dest;
  const std::string md5 = Md5::Of(data);
  std::string flipped = data;
  flipped[0] = static_cast<char>(flipped[0] ^ 0x01);
  auto r = FetchVerified(src, tmp.path() + "/src.dat", md5, dest, tmp.path() + "/out.dat");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.status().message(), "invalid md5 of downloaded file: " + tmp.path() + "/out.dat, expected: " + md5 +
                                      ", get: " + Md5::Of(flipped));
  EXPECT_FALSE(fs::exists(tmp.path() + "/out.dat"));
  EXPECT_FALSE(fs::exists(tmp.path() + "/out.dat.part"));
}

TEST(DownloadVerificationTest, ALeftoverPartIsOverwritten) {
  TempDir tmp;
  const std::string data = "FEBROWS1 rows";
  { std::ofstream(tmp.path() + "/src.dat", std::ios::binary) << data; }
  { std::ofstream(tmp.path() + "/out.dat.part", std::ios::binary) << std::string(5000, 'x'); }
  LocalStorage local;
  auto r = FetchVerified(local, tmp.path() + "/src.dat", Md5::Of(data), local, tmp.path() + "/out.dat");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, data.size());
  EXPECT_EQ(fs::file_size(tmp.path() + "/out.dat"), data.size());
  EXPECT_FALSE(fs::exists(tmp.path() + "/out.dat.part"));
}

}  // namespace
}  // namespace feb::storage
