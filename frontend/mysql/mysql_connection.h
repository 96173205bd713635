// MysqlConnection: one client connection on its socket: handshake, authentication (with an
// auth switch to mysql_native_password when the client proposes another plugin), then the
// command loop until COM_QUIT, an error, the idle timeout or server shutdown. Not thread-safe:
// owned by the connection's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status/status.h"
#include "frontend/mysql/connection_handler.h"
#include "frontend/mysql/mysql_packet_decoder.h"

namespace feb::frontend {

class MysqlConnection {
 public:
  struct Limits {
    std::chrono::milliseconds connect_timeout;
    std::chrono::milliseconds idle_timeout;
    size_t max_packet_bytes;
    std::string server_version;
  };

  MysqlConnection(int fd, uint32_t connection_id, Limits limits, ConnectionHandler* handler);

  // Runs until the connection ends; the status says why (OK for COM_QUIT / peer close).
  Status Run();

 private:
  Status Handshake();
  Status ReadPacket(std::chrono::milliseconds timeout, MysqlPacket* out);
  Status Write(std::string_view bytes);
  Status SendPacket(std::string_view payload);
  Status SendResult(const QueryResult& result);
  Status SendError(uint16_t code, std::string_view state, std::string_view message);

  int fd_;
  uint32_t connection_id_;
  Limits limits_;
  ConnectionHandler* handler_;
  MysqlPacketDecoder decoder_;
  uint8_t seq_ = 0;  // sequence id of the next packet we send
  std::string out_;  // buffered output
};

}  // namespace feb::frontend
