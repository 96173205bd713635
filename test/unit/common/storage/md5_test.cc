#include "common/storage/md5.h"

#include <gtest/gtest.h>

#include <string>

namespace feb::storage {
namespace {

class StringReader : public ReadableFile {
 public:
  explicit StringReader(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    data_.copy(buf, k, pos_);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

TEST(Md5Test, KnownVectors) {
  EXPECT_EQ(Md5::Of(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5::Of("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Md5::Of("The quick brown fox jumps over the lazy dog"), "9e107d9d372bb6826bd81d3542a419d6");
}

TEST(Md5Test, StreamingEqualsOneShotForAnyChunking) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 7 + 3);
  std::string expected = Md5::Of(data);
  for (size_t chunk : {1u, 7u, 64u, 4096u, 1u << 20}) {
    StringReader r(data);
    auto got = Md5OfStream(r, chunk);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, expected) << "chunk " << chunk;
  }
}

TEST(Md5Test, DigestIsStableAfterFinalization) {
  Md5 m;
  m.Update("ab");
  m.Update("c");
  std::string first = m.HexDigest();
  m.Update("ignored");
  EXPECT_EQ(m.HexDigest(), first);
  EXPECT_EQ(m.RawDigest().size(), 16u);
}

}  // namespace
}  // namespace feb::storage
