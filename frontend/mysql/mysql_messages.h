// Encoders and decoders of MySQL protocol 4.1 message payloads (no framing; see
// MysqlPacketDecoder). Decoders never trust a length: every read is bounds-checked and a
// short or malformed payload is an InvalidArgument, never a crash. Stateless, thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/status/result.h"
#include "frontend/mysql/query_result.h"

namespace feb::frontend {

// Capability flags (subset).
inline constexpr uint32_t kClientLongPassword = 0x1;
inline constexpr uint32_t kClientFoundRows = 0x2;
inline constexpr uint32_t kClientLongFlag = 0x4;
inline constexpr uint32_t kClientConnectWithDb = 0x8;
inline constexpr uint32_t kClientProtocol41 = 0x200;
inline constexpr uint32_t kClientSsl = 0x800;
inline constexpr uint32_t kClientTransactions = 0x2000;
inline constexpr uint32_t kClientSecureConnection = 0x8000;
inline constexpr uint32_t kClientMultiStatements = 0x10000;
inline constexpr uint32_t kClientMultiResults = 0x20000;
inline constexpr uint32_t kClientPluginAuth = 0x80000;
inline constexpr uint32_t kClientConnectAttrs = 0x100000;
inline constexpr uint32_t kClientPluginAuthLenencData = 0x200000;
inline constexpr uint32_t kClientDeprecateEof = 0x1000000;

// What the server offers: no SSL, no DEPRECATE_EOF (classic EOF packets).
inline constexpr uint32_t kServerCapabilities =
    kClientLongPassword | kClientFoundRows | kClientLongFlag | kClientConnectWithDb | kClientProtocol41 |
    kClientTransactions | kClientSecureConnection | kClientMultiResults | kClientPluginAuth |
    kClientConnectAttrs | kClientPluginAuthLenencData;

inline constexpr uint16_t kServerStatusAutocommit = 0x0002;
inline constexpr uint8_t kCharsetUtf8GeneralCi = 33;
inline constexpr const char* kNativePasswordPlugin = "mysql_native_password";

enum class MysqlCommand : uint8_t {
  kQuit = 0x01,
  kInitDb = 0x02,
  kQuery = 0x03,
  kFieldList = 0x04,
  kPing = 0x0e,
};

struct HandshakeResponse {
  uint32_t capabilities = 0;
  uint32_t max_packet = 0;
  uint8_t charset = 0;
  std::string user;
  std::string auth_response;
  std::string database;      // set with CLIENT_CONNECT_WITH_DB
  std::string auth_plugin;   // set with CLIENT_PLUGIN_AUTH
  std::map<std::string, std::string> attributes;
};

// A cursor over a payload for the little-endian and length-encoded reads of the protocol.
class PayloadReader {
 public:
  explicit PayloadReader(std::string_view data) : data_(data) {}
  Result<uint64_t> FixedInt(size_t bytes);
  Result<uint64_t> LenencInt();
  Result<std::string> LenencString();
  Result<std::string> NulString();
  Result<std::string> Bytes(size_t n);
  std::string Rest();
  size_t remaining() const { return data_.size() - pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

void AppendLenencInt(std::string* out, uint64_t v);
void AppendLenencString(std::string* out, std::string_view s);
void AppendFixedInt(std::string* out, uint64_t v, size_t bytes);

// HandshakeV10 with mysql_native_password and a 20-byte scramble (no NUL bytes in it).
std::string EncodeHandshake(uint32_t connection_id, std::string_view server_version, std::string_view scramble);
Result<HandshakeResponse> DecodeHandshakeResponse(std::string_view payload);
// AuthSwitchRequest to mysql_native_password.
std::string EncodeAuthSwitch(std::string_view scramble);

std::string EncodeOk(uint64_t affected_rows, uint16_t status_flags, uint16_t warnings = 0);
std::string EncodeErr(uint16_t error_code, std::string_view sqlstate, std::string_view message);
std::string EncodeEof(uint16_t status_flags);
std::string EncodeColumnDefinition(const ColumnMeta& column);
std::string EncodeTextRow(const Row& row);

// mysql_native_password: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))).
std::string NativePasswordScramble(std::string_view scramble, std::string_view password);
// The stored form of a password: SHA1(SHA1(password)) (20 bytes); empty for an empty password.
std::string NativePasswordHash(std::string_view password);
// True if `auth_response` proves knowledge of the password whose stored form is `stored_hash`.
bool CheckNativePassword(std::string_view scramble, std::string_view auth_response, std::string_view stored_hash);

}  // namespace feb::frontend
