#include "frontend/mysql/mysql_connection.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <thread>

#include "frontend/mysql/mysql_messages.h"

namespace feb::frontend {
namespace {

class RecordingHandler : public ConnectionHandler {
 public:
  QueryResult Login(const LoginRequest& request) override {
    ++logins;
    user = request.user;
    return QueryResult::Ok();
  }
  QueryResult Query(std::string_view sql) override {
    last_query_size = sql.size();
    return QueryResult::Ok();
  }
  QueryResult InitDb(std::string_view) override { return QueryResult::Ok(); }

  int logins = 0;
  std::string user;
  size_t last_query_size = 0;
};

// One MysqlConnection on one end of a socket pair, run on its own thread; the test is the
// client on the other end.
class MysqlConnectionTest : public ::testing::Test {
 protected:
  static constexpr size_t kMaxAllowedPacket = 64u << 20;

  void SetUp() override {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    server_fd_ = fds[0];
    client_fd_ = fds[1];
    // A server that never answers fails the test instead of hanging it.
    timeval tv{30, 0};
    ASSERT_EQ(::setsockopt(client_fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    MysqlConnection::Limits limits{std::chrono::seconds(10), std::chrono::seconds(10), kMaxAllowedPacket,
                                   "5.1.0"};
    connection_ = std::make_unique<MysqlConnection>(server_fd_, 7, limits, &handler_);
    thread_ = std::thread([this] { result_ = connection_->Run(); });
  }
  void TearDown() override {
    ::shutdown(client_fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(client_fd_);
    ::close(server_fd_);
  }

  void SendRaw(const std::string& bytes) {
    ASSERT_EQ(::send(client_fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
  }
  void Send(const std::string& payload, uint8_t seq) { SendRaw(EncodeMysqlPacket(payload, &seq)); }
  // The next packet the server sent (payload), or nullopt at end of stream.
  std::optional<std::string> Read() {
    std::string header(4, '\0');
    if (::recv(client_fd_, header.data(), 4, MSG_WAITALL) != 4) return std::nullopt;
    size_t len = static_cast<uint8_t>(header[0]) | (static_cast<uint8_t>(header[1]) << 8) |
                 (static_cast<size_t>(static_cast<uint8_t>(header[2])) << 16);
    std::string payload(len, '\0');
    if (len > 0 && ::recv(client_fd_, payload.data(), len, MSG_WAITALL) != static_cast<ssize_t>(len)) {
      return std::nullopt;
    }
    return payload;
  }
  static std::string HandshakeResponse(const std::string& user) {
    std::string p;
    uint32_t caps = kClientProtocol41 | kClientSecureConnection | kClientPluginAuth;
    for (int i = 0; i < 4; ++i) p.push_back(static_cast<char>((caps >> (8 * i)) & 0xff));
    p += std::string("\x00\x00\x00\x01", 4);  // max packet the client accepts
    p.push_back(33);                           // utf8
    p += std::string(23, '\0');
    p += user + '\0';
    p.push_back(0);  // empty auth response
    p += std::string(kNativePasswordPlugin) + '\0';
    return p;
  }
  static uint16_t ErrorCode(const std::string& payload) {
    if (payload.size() < 3 || static_cast<uint8_t>(payload[0]) != 0xff) return 0;
    return static_cast<uint16_t>(static_cast<uint8_t>(payload[1]) | (static_cast<uint8_t>(payload[2]) << 8));
  }

  int server_fd_ = -1;
  int client_fd_ = -1;
  RecordingHandler handler_;
  std::unique_ptr<MysqlConnection> connection_;
  std::thread thread_;
  Status result_;
};

TEST_F(MysqlConnectionTest, AHugeHandshakeResponseIsRefusedFromItsHeaderBeforeLogin) {
  ASSERT_TRUE(Read().has_value());  // the server's greeting
  // A header announcing 1 MB: far below max_allowed_packet, far above what a login needs. No
  // payload follows; the server must answer from the header alone.
  const size_t announced = 1u << 20;
  static_assert(announced > kMaxPacketBytesBeforeLogin && announced < kMaxAllowedPacket);
  SendRaw(std::string{static_cast<char>(announced & 0xff), static_cast<char>((announced >> 8) & 0xff),
                      static_cast<char>((announced >> 16) & 0xff), 1});
  thread_.join();  // the connection ends without waiting for the announced bytes
  EXPECT_EQ(result_.code(), StatusCode::kResourceExhausted) << result_;
  ::shutdown(server_fd_, SHUT_WR);  // what the server does next: close the socket
  auto err = Read();
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(ErrorCode(*err), 1153);
  EXPECT_EQ(err->substr(3, 6), "#08S01");
  EXPECT_EQ(handler_.logins, 0);
}

TEST_F(MysqlConnectionTest, AfterLoginPacketsUpToMaxAllowedPacketAreAccepted) {
  ASSERT_TRUE(Read().has_value());
  Send(HandshakeResponse("root"), 1);
  auto ok = Read();
  ASSERT_TRUE(ok.has_value());
  ASSERT_EQ(static_cast<uint8_t>((*ok)[0]), 0x00) << "login not OK, errno " << ErrorCode(*ok);
  EXPECT_EQ(handler_.user, "root");
  std::string query = "\x03" + std::string(1u << 20, 'x');  // COM_QUERY of 1 MB
  Send(query, 0);
  auto reply = Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(static_cast<uint8_t>((*reply)[0]), 0x00) << "errno " << ErrorCode(*reply);
  EXPECT_EQ(handler_.last_query_size, (1u << 20));
  Send("\x01", 0);  // COM_QUIT
  thread_.join();
  EXPECT_TRUE(result_.ok()) << result_;
}

TEST_F(MysqlConnectionTest, AHandshakeResponseWithinTheLoginCapLogsIn) {
  ASSERT_TRUE(Read().has_value());
  // A long user name pads the response to just under the cap.
  std::string user(kMaxPacketBytesBeforeLogin - HandshakeResponse("").size(), 'u');
  Send(HandshakeResponse(user), 1);
  auto reply = Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(static_cast<uint8_t>((*reply)[0]), 0x00) << "errno " << ErrorCode(*reply);
  EXPECT_EQ(handler_.logins, 1);
}

}  // namespace
}  // namespace feb::frontend
