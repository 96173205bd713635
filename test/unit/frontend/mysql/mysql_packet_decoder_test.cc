#include "frontend/mysql/mysql_packet_decoder.h"

#include <gtest/gtest.h>

namespace feb::frontend {
namespace {

std::string Frame(std::string_view payload, uint8_t seq) {
  uint8_t s = seq;
  return EncodeMysqlPacket(payload, &s);
}

TEST(MysqlPacketDecoderTest, DecodesOnePacketFedByteByByte) {
  MysqlPacketDecoder d(1 << 20);
  std::string wire = Frame("\x03select 1", 0);
  for (size_t i = 0; i + 1 < wire.size(); ++i) {
    d.Feed(wire.substr(i, 1));
    auto r = d.Next();
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value()) << "complete too early at byte " << i;
  }
  d.Feed(wire.substr(wire.size() - 1));
  auto r = d.Next();
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->payload, "\x03select 1");
  EXPECT_EQ((*r)->sequence_id, 0);
  EXPECT_EQ(d.expected_sequence(), 1);
}

TEST(MysqlPacketDecoderTest, SplitsAndJoinsPayloadsOf16MegabytesAndMore) {
  for (size_t size : {kMaxPhysicalPayload - 1, kMaxPhysicalPayload, kMaxPhysicalPayload + 1,
                      2 * kMaxPhysicalPayload + 7}) {
    std::string payload(size, 'x');
    payload[0] = 'a';
    payload[size - 1] = 'z';
    uint8_t seq = 0;
    std::string wire = EncodeMysqlPacket(payload, &seq);
    size_t physical = size / kMaxPhysicalPayload + 1;
    EXPECT_EQ(seq, physical) << size;
    EXPECT_EQ(wire.size(), size + 4 * physical) << size;
    MysqlPacketDecoder d(64 << 20);
    d.Feed(wire);
    auto r = d.Next();
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_TRUE(r->has_value()) << size;
    EXPECT_EQ((*r)->payload.size(), size);
    EXPECT_EQ((*r)->payload, payload);
    EXPECT_EQ(d.buffered(), 0u);
  }
}

TEST(MysqlPacketDecoderTest, ExactMultipleOf16MegabytesEndsWithAnEmptyPacket) {
  std::string payload(kMaxPhysicalPayload, 'q');
  uint8_t seq = 0;
  std::string wire = EncodeMysqlPacket(payload, &seq);
  ASSERT_EQ(wire.size(), payload.size() + 8);
  EXPECT_EQ(wire.substr(wire.size() - 4), std::string("\0\0\0\x01", 4));
}

TEST(MysqlPacketDecoderTest, RefusesAPacketOverTheLimitBeforeBufferingIt) {
  MysqlPacketDecoder d(100);
  std::string header("\x65\x00\x00\x00", 4);  // 101 bytes announced
  d.Feed(header);
  auto r = d.Next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(r.status().mysql_errno(), 1153);
}

TEST(MysqlPacketDecoderTest, RefusesASequenceGap) {
  MysqlPacketDecoder d(1024);
  d.Feed(Frame("\x0e", 3));
  auto r = d.Next();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("expected sequence id 0, got 3"), std::string::npos);
}

TEST(MysqlPacketDecoderTest, DecodesBackToBackPackets) {
  MysqlPacketDecoder d(1024);
  d.Feed(Frame("\x0e", 0) + Frame("", 0));
  auto a = d.Next();
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->payload, "\x0e");
  d.ExpectSequence(0);
  auto b = d.Next();
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->payload, "");
}

}  // namespace
}  // namespace feb::frontend
