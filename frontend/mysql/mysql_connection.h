// MysqlConnection: one client connection on its socket: handshake, authentication (with an
// auth switch to mysql_native_password when the client proposes another plugin), then the
// command loop until COM_QUIT, an error, the idle timeout or server shutdown. A packet over the
// limit (kMaxPacketBytesBeforeLogin, then max_allowed_packet) gets ERROR 1153 and the connection
// is closed without its payload being read. Not thread-safe: owned by the connection's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status/status.h"
#include "frontend/mysql/connection_handler.h"
#include "frontend/mysql/mysql_packet_decoder.h"

namespace feb::frontend {

// The largest packet a client may send before it is authenticated (the handshake response and
// the auth-switch reply; real clients send well under 1 KB). max_allowed_packet applies only
// after login, so that unauthenticated connections (up to qe_max_connection of them) cannot make
// the server buffer max_allowed_packet bytes each.
inline constexpr size_t kMaxPacketBytesBeforeLogin = 64 * 1024;

class MysqlConnection {
 public:
  struct Limits {
    std::chrono::milliseconds connect_timeout;
    std::chrono::milliseconds idle_timeout;
    size_t max_packet_bytes;  // max_allowed_packet, once authenticated
    std::string server_version;
  };

  MysqlConnection(int fd, uint32_t connection_id, Limits limits, ConnectionHandler* handler);

  // Runs until the connection ends; the status says why (OK for COM_QUIT / peer close).
  Status Run();

 private:
  Status Handshake();
  Status ReadPacket(std::chrono::milliseconds timeout, MysqlPacket* out);
  // A packet of the login exchange (connect_timeout; over the pre-login cap: ERROR 1153).
  Status ReadLoginPacket(MysqlPacket* out);
  Status Write(std::string_view bytes);
  Status SendPacket(std::string_view payload);
  Status SendResult(const QueryResult& result);
  Status SendError(uint16_t code, std::string_view state, std::string_view message);
  // With the SQLSTATE of `code` from common/status/mysql_error.h.
  Status SendError(uint16_t code, std::string_view message);

  int fd_;
  uint32_t connection_id_;
  Limits limits_;
  ConnectionHandler* handler_;
  MysqlPacketDecoder decoder_;
  uint8_t seq_ = 0;  // sequence id of the next packet we send
  std::string out_;  // buffered output
};

}  // namespace feb::frontend
