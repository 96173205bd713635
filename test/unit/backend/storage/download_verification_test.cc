// The DOWNLOAD verification the backend relies on (storage::FetchVerified): the md5 that
// decides is the one of the bytes written, also when the kernel copied them. Kept with the backend's
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

// LocalStorage whose files change under the reader: after each Read, the first byte just read
// is flipped in the file itself, so the kernel's copy of that range (copy_file_range) takes
// other bytes than the ones hashed. Before the copy compared what landed with what was read,
// such a copy published bytes whose md5 nobody had computed.
class ChangingSourceStorage : public LocalStorage {
 public:
  class File : public ReadableFile {
   public:
    File(std::unique_ptr<ReadableFile> base, std::string path) : base_(std::move(base)), path_(std::move(path)) {}
    Result<size_t> Read(char* buf, size_t n) override {
      ASSIGN_OR_RETURN(size_t got, base_->Read(buf, n));
      if (got > 0) {
        std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(offset_));
        f.put(static_cast<char>(buf[0] ^ 0x01));
      }
      offset_ += got;
      return got;
    }
    int NativeFd() const override { return base_->NativeFd(); }

   private:
    std::unique_ptr<ReadableFile> base_;
    std::string path_;
    uint64_t offset_ = 0;
  };
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& uri) override {
    ASSIGN_OR_RETURN(auto base, LocalStorage::OpenRead(uri));
    return std::unique_ptr<ReadableFile>(std::make_unique<File>(std::move(base), uri));
  }
};

class DownloadVerificationTest : public ::testing::Test {
 protected:
  // "<tmp>/src.dat" holding `size` bytes of `fill`; its content.
  std::string WriteSource(size_t size, char fill) {
    const std::string data(size, fill);
    std::ofstream(tmp_.path() + "/src.dat", std::ios::binary) << data;
    return data;
  }
  // Neither "<tmp>/out.dat" nor its part is there.
  void ExpectNothingFetched() {
    EXPECT_FALSE(fs::exists(tmp_.path() + "/out.dat"));
    EXPECT_FALSE(fs::exists(tmp_.path() + "/out.dat.part"));
  }

  TempDir tmp_;
};

// A file of one chunk (copied on the calling thread) and one of several (read and hashed by
// the pipeline's reader thread while the kernel copies the chunk before).
constexpr size_t kSizes[] = {100000, (3u << 20) + 5};

CopyOptions SmallChunks() {
  CopyOptions o;
  o.chunk_size = 1u << 20;
  return o;
}

TEST_F(DownloadVerificationTest, ASourceThatChangesAfterItWasHashedIsRefused) {
  for (size_t size : kSizes) {
    const std::string data = WriteSource(size, 'r');
    ChangingSourceStorage src;
    LocalStorage dest;
    auto r = FetchVerified(src, tmp_.path() + "/src.dat", Md5::Of(data), dest, tmp_.path() + "/out.dat", SmallChunks());
    ASSERT_FALSE(r.ok()) << size;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status();
    EXPECT_NE(r.status().message().find("differ from the bytes read from the source"), std::string::npos)
        << r.status();
    ExpectNothingFetched();
  }
}

TEST_F(DownloadVerificationTest, AnUploadOfASourceThatChangesPublishesNothing) {
  for (size_t size : kSizes) {
    WriteSource(size, 'u');
    ChangingSourceStorage src;
    LocalStorage dest;
    auto r = PublishFile(src, tmp_.path() + "/src.dat", dest, tmp_.path() + "/repo", "src.dat", {}, SmallChunks());
    ASSERT_FALSE(r.ok()) << size;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status();
    EXPECT_NE(r.status().message().find("differ from the bytes read from the source"), std::string::npos)
        << r.status();
    EXPECT_TRUE(!fs::exists(tmp_.path() + "/repo") || fs::is_empty(tmp_.path() + "/repo"));
  }
}

TEST_F(DownloadVerificationTest, AWrongMd5IsRefusedWithStarRocksText) {
  const std::string data = WriteSource(100000, 'r');
  LocalStorage local;
  const std::string wanted = Md5::Of("other bytes");
  auto r = FetchVerified(local, tmp_.path() + "/src.dat", wanted, local, tmp_.path() + "/out.dat");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.status().message(), "invalid md5 of downloaded file: " + tmp_.path() + "/out.dat, expected: " + wanted +
                                      ", get: " + Md5::Of(data));
  ExpectNothingFetched();
}

TEST_F(DownloadVerificationTest, ALeftoverPartIsOverwritten) {
  const std::string data = "FEBROWS1 rows";
  { std::ofstream(tmp_.path() + "/src.dat", std::ios::binary) << data; }
  { std::ofstream(tmp_.path() + "/out.dat.part", std::ios::binary) << std::string(5000, 'x'); }
  LocalStorage local;
  auto r = FetchVerified(local, tmp_.path() + "/src.dat", Md5::Of(data), local, tmp_.path() + "/out.dat");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, data.size());
  EXPECT_EQ(fs::file_size(tmp_.path() + "/out.dat"), data.size());
  EXPECT_FALSE(fs::exists(tmp_.path() + "/out.dat.part"));
}

}  // namespace
}  // namespace feb::storage
