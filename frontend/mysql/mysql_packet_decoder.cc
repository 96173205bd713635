#include "frontend/mysql/mysql_packet_decoder.h"

namespace feb::frontend {

void MysqlPacketDecoder::Feed(std::string_view bytes) {
  if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  buffer_.append(bytes.data(), bytes.size());
}

Result<std::optional<MysqlPacket>> MysqlPacketDecoder::Next() {
  while (true) {
    if (buffer_.size() - offset_ < 4) return std::optional<MysqlPacket>();
    const auto* h = reinterpret_cast<const uint8_t*>(buffer_.data() + offset_);
    size_t len = static_cast<size_t>(h[0]) | (static_cast<size_t>(h[1]) << 8) | (static_cast<size_t>(h[2]) << 16);
    uint8_t seq = h[3];
    if (seq != expected_seq_) {
      return Status::InvalidArgument("packets out of order: expected sequence id " + std::to_string(expected_seq_) +
                                     ", got " + std::to_string(seq));
    }
    if (partial_.size() + len > max_packet_bytes_) {
      return Status(StatusCode::kResourceExhausted, "Got a packet bigger than 'max_allowed_packet' bytes", 1153);
    }
    if (buffer_.size() - offset_ - 4 < len) return std::optional<MysqlPacket>();
    partial_.append(buffer_, offset_ + 4, len);
    offset_ += 4 + len;
    expected_seq_ = static_cast<uint8_t>(seq + 1);
    if (len == kMaxPhysicalPayload) {
      in_progress_ = true;
      continue;
    }
    in_progress_ = false;
    MysqlPacket p;
    p.sequence_id = seq;
    p.payload = std::move(partial_);
    partial_.clear();
    return std::optional<MysqlPacket>(std::move(p));
  }
}

std::string EncodeMysqlPacket(std::string_view payload, uint8_t* seq) {
  std::string out;
  out.reserve(payload.size() + 4 * (payload.size() / kMaxPhysicalPayload + 1));
  size_t pos = 0;
  while (true) {
    size_t n = std::min(kMaxPhysicalPayload, payload.size() - pos);
    out.push_back(static_cast<char>(n & 0xff));
    out.push_back(static_cast<char>((n >> 8) & 0xff));
    out.push_back(static_cast<char>((n >> 16) & 0xff));
    out.push_back(static_cast<char>((*seq)++));
    out.append(payload.data() + pos, n);
    pos += n;
    if (n < kMaxPhysicalPayload) break;  // a full packet is always followed by another, maybe empty
  }
  return out;
}

}  // namespace feb::frontend
