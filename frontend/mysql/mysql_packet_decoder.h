// MysqlPacketDecoder: turns the byte stream a client sends into logical MySQL packets.
// A physical packet is a 3-byte little-endian length, a 1-byte sequence id and the payload;
// a logical packet of 16 MB - 1 or more is sent as several physical packets, each full one
// (0xFFFFFF bytes) followed by the next, the last shorter (possibly empty). The decoder joins
// them, checks that sequence ids increase by one, and refuses logical packets over a limit.
// Single-threaded (one per connection).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "common/status/result.h"

namespace feb::frontend {

inline constexpr size_t kMaxPhysicalPayload = 0xFFFFFF;

struct MysqlPacket {
  uint8_t sequence_id = 0;  // of the last physical packet
  std::string payload;
};

class MysqlPacketDecoder {
 public:
  // `max_packet_bytes`: the largest logical payload accepted. A packet is refused as soon as
  // its header announces more, before its payload is read.
  explicit MysqlPacketDecoder(size_t max_packet_bytes) : max_packet_bytes_(max_packet_bytes) {}

  // Changes the limit for the packets that follow (the connection raises it from the
  // pre-login cap to max_allowed_packet once the client is authenticated).
  void SetMaxPacketBytes(size_t max_packet_bytes) { max_packet_bytes_ = max_packet_bytes; }
  size_t max_packet_bytes() const { return max_packet_bytes_; }

  // Appends received bytes.
  void Feed(std::string_view bytes);
  // The next complete logical packet, nullopt when more bytes are needed, or an error (too
  // large, sequence gap) after which the connection must be closed.
  Result<std::optional<MysqlPacket>> Next();
  // The sequence id the next physical packet must carry; set by the connection when a new
  // command starts (0) or after it wrote a reply.
  void ExpectSequence(uint8_t seq) { expected_seq_ = seq; }
  uint8_t expected_sequence() const { return expected_seq_; }
  size_t buffered() const { return buffer_.size() - offset_; }

 private:
  size_t max_packet_bytes_;
  std::string buffer_;
  size_t offset_ = 0;
  std::string partial_;       // joined payload of a logical packet in progress
  bool in_progress_ = false;
  uint8_t expected_seq_ = 0;
};

// Frames `payload` into physical packets starting at `*seq` (advanced past the last one).
std::string EncodeMysqlPacket(std::string_view payload, uint8_t* seq);

}  // namespace feb::frontend
