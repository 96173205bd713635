#include "frontend/mysql/mysql_connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <random>

#include "common/status/mysql_error.h"
#include "frontend/mysql/mysql_messages.h"

namespace feb::frontend {

namespace {

constexpr size_t kFlushBytes = 256 * 1024;

std::string MakeScramble() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  std::string s(20, '\0');
  for (auto& c : s) c = static_cast<char>(33 + rng() % 94);  // printable, never NUL
  return s;
}

}  // namespace

MysqlConnection::MysqlConnection(int fd, uint32_t connection_id, Limits limits, ConnectionHandler* handler)
    : fd_(fd),
      connection_id_(connection_id),
      limits_(std::move(limits)),
      handler_(handler),
      decoder_(std::min(limits_.max_packet_bytes, kMaxPacketBytesBeforeLogin)) {}

Status MysqlConnection::Write(std::string_view bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("send failed: ") + std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  return Status::OK();
}

Status MysqlConnection::SendPacket(std::string_view payload) {
  out_ += EncodeMysqlPacket(payload, &seq_);
  if (out_.size() >= kFlushBytes) {
    Status s = Write(out_);
    out_.clear();
    return s;
  }
  return Status::OK();
}

Status MysqlConnection::SendError(uint16_t code, std::string_view state, std::string_view message) {
  RETURN_IF_ERROR(SendPacket(EncodeErr(code, state, message)));
  Status s = Write(out_);
  out_.clear();
  return s;
}

Status MysqlConnection::SendError(uint16_t code, std::string_view message) {
  return SendError(code, SqlStateOf(code), message);
}

Status MysqlConnection::SendResult(const QueryResult& r) {
  if (!r.ok) return SendError(r.mysql_errno, r.sqlstate, r.message);
  if (!r.has_result_set) {
    RETURN_IF_ERROR(SendPacket(EncodeOk(r.affected_rows, kServerStatusAutocommit)));
  } else {
    std::string count;
    AppendLenencInt(&count, r.columns.size());
    RETURN_IF_ERROR(SendPacket(count));
    for (const auto& c : r.columns) RETURN_IF_ERROR(SendPacket(EncodeColumnDefinition(c)));
    RETURN_IF_ERROR(SendPacket(EncodeEof(kServerStatusAutocommit)));
    for (const auto& row : r.rows) RETURN_IF_ERROR(SendPacket(EncodeTextRow(row)));
    RETURN_IF_ERROR(SendPacket(EncodeEof(kServerStatusAutocommit)));
  }
  Status s = Write(out_);
  out_.clear();
  return s;
}

Status MysqlConnection::ReadPacket(std::chrono::milliseconds timeout, MysqlPacket* out) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[64 * 1024];
  while (true) {
    ASSIGN_OR_RETURN(auto packet, decoder_.Next());
    if (packet) {
      *out = std::move(*packet);
      return Status::OK();
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Status::Timeout("no data from the client in time");
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000 * 1000)));
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("poll failed: ") + std::strerror(errno));
    }
    if (rc == 0) continue;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) return Status::Cancelled("client closed the connection");
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Status::IoError(std::string("recv failed: ") + std::strerror(errno));
    }
    decoder_.Feed(std::string_view(buf, static_cast<size_t>(n)));
  }
}

Status MysqlConnection::Handshake() {
  std::string scramble = MakeScramble();
  seq_ = 0;
  RETURN_IF_ERROR(SendPacket(EncodeHandshake(connection_id_, limits_.server_version, scramble)));
  RETURN_IF_ERROR(Write(out_));
  out_.clear();
  decoder_.ExpectSequence(seq_);
  MysqlPacket packet;
  RETURN_IF_ERROR(ReadLoginPacket(&packet));
  seq_ = static_cast<uint8_t>(packet.sequence_id + 1);
  auto response = DecodeHandshakeResponse(packet.payload);
  if (!response.ok()) {
    (void)SendError(kErrHandshake, "Bad handshake: " + response.status().message());
    return response.status();
  }
  LoginRequest login;
  login.user = response->user;
  login.database = response->database;
  login.scramble = scramble;
  login.auth_response = response->auth_response;
  if (!response->auth_plugin.empty() && response->auth_plugin != kNativePasswordPlugin) {
    // Ask the client to answer with mysql_native_password instead.
    RETURN_IF_ERROR(SendPacket(EncodeAuthSwitch(scramble)));
    RETURN_IF_ERROR(Write(out_));
    out_.clear();
    decoder_.ExpectSequence(seq_);
    MysqlPacket reply;
    RETURN_IF_ERROR(ReadLoginPacket(&reply));
    seq_ = static_cast<uint8_t>(reply.sequence_id + 1);
    login.auth_response = reply.payload;
  } else if (response->auth_plugin.empty() && !(response->capabilities & kClientPluginAuth) &&
             !(response->capabilities & kClientSecureConnection)) {
    (void)SendError(kErrNotSupportedAuthMode,
                    "Client does not support authentication protocol requested by server; "
                    "consider upgrading MySQL client");
    return Status::NotSupported("client without secure connection");
  }
  QueryResult r = handler_->Login(login);
  RETURN_IF_ERROR(SendResult(r));
  if (!r.ok) return Status::AccessDenied(r.message);
  decoder_.SetMaxPacketBytes(limits_.max_packet_bytes);
  return Status::OK();
}

Status MysqlConnection::ReadLoginPacket(MysqlPacket* out) {
  Status s = ReadPacket(limits_.connect_timeout, out);
  if (s.code() == StatusCode::kResourceExhausted) {
    seq_ = decoder_.expected_sequence();
    (void)SendError(kErrNetPacketTooLarge, s.message());
  }
  return s;
}

Status MysqlConnection::Run() {
  Status hs = Handshake();
  if (!hs.ok()) return hs;
  while (true) {
    decoder_.ExpectSequence(0);
    MysqlPacket packet;
    Status s = ReadPacket(limits_.idle_timeout, &packet);
    if (!s.ok()) {
      if (s.code() == StatusCode::kResourceExhausted || s.code() == StatusCode::kInvalidArgument) {
        seq_ = static_cast<uint8_t>(decoder_.expected_sequence());
        uint16_t code = s.code() == StatusCode::kResourceExhausted ? kErrNetPacketTooLarge : kErrMalformedPacket;
        (void)SendError(code, s.message());
      }
      if (s.code() == StatusCode::kCancelled) return Status::OK();
      return s;
    }
    seq_ = static_cast<uint8_t>(packet.sequence_id + 1);
    if (packet.payload.empty()) {
      RETURN_IF_ERROR(SendError(kErrMalformedPacket, "Malformed packet: empty command"));
      continue;
    }
    auto command = static_cast<uint8_t>(packet.payload[0]);
    std::string_view arg = std::string_view(packet.payload).substr(1);
    switch (static_cast<MysqlCommand>(command)) {
      case MysqlCommand::kQuit:
        return Status::OK();
      case MysqlCommand::kPing:
        RETURN_IF_ERROR(SendResult(QueryResult::Ok()));
        break;
      case MysqlCommand::kQuery:
        RETURN_IF_ERROR(SendResult(handler_->Query(arg)));
        break;
      case MysqlCommand::kInitDb:
        RETURN_IF_ERROR(SendResult(handler_->InitDb(arg)));
        break;
      case MysqlCommand::kFieldList:
        RETURN_IF_ERROR(SendPacket(EncodeEof(kServerStatusAutocommit)));
        RETURN_IF_ERROR(Write(out_));
        out_.clear();
        break;
      default:
        RETURN_IF_ERROR(SendError(kErrUnknownCommand, "Unknown command " + std::to_string(command)));
        break;
    }
  }
}

}  // namespace feb::frontend
