// Fuzzes the MySQL packet decoder (framing, joining, limits) and the payload decoders the
// server runs on client bytes (HandshakeResponse41 and the length-encoded reads).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "frontend/mysql/mysql_messages.h"
#include "frontend/mysql/mysql_packet_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Feed in two uneven pieces, as a socket would.
  feb::frontend::MysqlPacketDecoder decoder(1 << 16);
  size_t cut = size ? data[0] % (size + 1) : 0;
  decoder.Feed(input.substr(0, cut));
  for (int i = 0; i < 2; ++i) {
    while (true) {
      auto r = decoder.Next();
      if (!r.ok() || !r->has_value()) break;
      const std::string& payload = (*r)->payload;
      (void)feb::frontend::DecodeHandshakeResponse(payload);
      feb::frontend::PayloadReader reader(payload);
      while (reader.remaining() > 0 && reader.LenencString().ok()) {
      }
      decoder.ExpectSequence(0);
    }
    decoder.Feed(input.substr(cut));
  }
  (void)feb::frontend::DecodeHandshakeResponse(input);
  return 0;
}
