#include "common/storage/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace feb::storage {
namespace {

// Check values of RFC 3720 (iSCSI), appendix B.4, and the usual "123456789".
TEST(Crc32cTest, MatchesPublishedCheckValues) {
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc32c(ascending), 0x46DD794Eu);
}

TEST(Crc32cTest, ExtendingInPiecesEqualsTheWhole) {
  std::string data;
  for (int i = 0; i < 100003; ++i) data.push_back(static_cast<char>((i * 131) ^ (i >> 7)));
  const uint32_t whole = Crc32c(data);
  for (size_t cut : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{4099}, data.size()}) {
    uint32_t crc = Crc32cExtend(0, std::string_view(data).substr(0, cut));
    crc = Crc32cExtend(crc, std::string_view(data).substr(cut));
    EXPECT_EQ(crc, whole) << "cut at " << cut;
  }
  std::string flipped = data;
  flipped[5000] = static_cast<char>(flipped[5000] ^ 0x10);
  EXPECT_NE(Crc32c(flipped), whole);
}

}  // namespace
}  // namespace feb::storage
