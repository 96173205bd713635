#include "frontend/mysql/mysql_messages.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>

namespace feb::frontend {

namespace {

Status Short(const char* what) { return Status::InvalidArgument(std::string("malformed packet: truncated ") + what); }

constexpr size_t kSha1Bytes = 20;

std::string Sha1(std::string_view a, std::string_view b = {}) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx, a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(ctx, b.data(), b.size());
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  return std::string(reinterpret_cast<char*>(md), len);
}

}  // namespace

Result<uint64_t> PayloadReader::FixedInt(size_t bytes) {
  if (remaining() < bytes) return Short("integer");
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
  pos_ += bytes;
  return v;
}

Result<uint64_t> PayloadReader::LenencInt() {
  if (remaining() < 1) return Short("length-encoded integer");
  uint8_t first = static_cast<uint8_t>(data_[pos_++]);
  if (first < 0xfb) return static_cast<uint64_t>(first);
  if (first == 0xfc) return FixedInt(2);
  if (first == 0xfd) return FixedInt(3);
  if (first == 0xfe) return FixedInt(8);
  return Status::InvalidArgument("malformed packet: bad length-encoded integer prefix");
}

Result<std::string> PayloadReader::LenencString() {
  ASSIGN_OR_RETURN(uint64_t n, LenencInt());
  return Bytes(n);
}

Result<std::string> PayloadReader::NulString() {
  size_t end = data_.find('\0', pos_);
  if (end == std::string_view::npos) return Short("NUL-terminated string");
  std::string s(data_.substr(pos_, end - pos_));
  pos_ = end + 1;
  return s;
}

Result<std::string> PayloadReader::Bytes(size_t n) {
  if (remaining() < n) return Short("string");
  std::string s(data_.substr(pos_, n));
  pos_ += n;
  return s;
}

std::string PayloadReader::Rest() {
  std::string s(data_.substr(pos_));
  pos_ = data_.size();
  return s;
}

void AppendFixedInt(std::string* out, uint64_t v, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void AppendLenencInt(std::string* out, uint64_t v) {
  if (v < 0xfb) {
    out->push_back(static_cast<char>(v));
  } else if (v <= 0xffff) {
    out->push_back(static_cast<char>(0xfc));
    AppendFixedInt(out, v, 2);
  } else if (v <= 0xffffff) {
    out->push_back(static_cast<char>(0xfd));
    AppendFixedInt(out, v, 3);
  } else {
    out->push_back(static_cast<char>(0xfe));
    AppendFixedInt(out, v, 8);
  }
}

void AppendLenencString(std::string* out, std::string_view s) {
  AppendLenencInt(out, s.size());
  out->append(s.data(), s.size());
}

std::string EncodeHandshake(uint32_t connection_id, std::string_view server_version, std::string_view scramble) {
  std::string p;
  p.push_back(0x0a);
  p.append(server_version);
  p.push_back('\0');
  AppendFixedInt(&p, connection_id, 4);
  p.append(scramble.substr(0, 8));
  p.push_back('\0');
  AppendFixedInt(&p, kServerCapabilities & 0xffff, 2);
  p.push_back(static_cast<char>(kCharsetUtf8GeneralCi));
  AppendFixedInt(&p, kServerStatusAutocommit, 2);
  AppendFixedInt(&p, kServerCapabilities >> 16, 2);
  p.push_back(static_cast<char>(scramble.size() + 1));
  p.append(10, '\0');
  p.append(scramble.substr(8));
  p.push_back('\0');
  p.append(kNativePasswordPlugin);
  p.push_back('\0');
  return p;
}

Result<HandshakeResponse> DecodeHandshakeResponse(std::string_view payload) {
  HandshakeResponse r;
  PayloadReader in(payload);
  ASSIGN_OR_RETURN(r.capabilities, in.FixedInt(4));
  if (!(r.capabilities & kClientProtocol41)) {
    return Status::NotSupported("the client does not speak protocol 4.1 (CLIENT_PROTOCOL_41 not set)");
  }
  if (r.capabilities & kClientSsl) {
    return Status::NotSupported("the client asked for SSL, which this server does not offer");
  }
  ASSIGN_OR_RETURN(uint64_t max_packet, in.FixedInt(4));
  r.max_packet = static_cast<uint32_t>(max_packet);
  ASSIGN_OR_RETURN(uint64_t charset, in.FixedInt(1));
  r.charset = static_cast<uint8_t>(charset);
  ASSIGN_OR_RETURN(std::string filler, in.Bytes(23));
  (void)filler;
  ASSIGN_OR_RETURN(r.user, in.NulString());
  if (r.capabilities & kClientPluginAuthLenencData) {
    ASSIGN_OR_RETURN(r.auth_response, in.LenencString());
  } else if (r.capabilities & kClientSecureConnection) {
    ASSIGN_OR_RETURN(uint64_t n, in.FixedInt(1));
    ASSIGN_OR_RETURN(r.auth_response, in.Bytes(n));
  } else {
    ASSIGN_OR_RETURN(r.auth_response, in.NulString());
  }
  if ((r.capabilities & kClientConnectWithDb) && in.remaining() > 0) {
    ASSIGN_OR_RETURN(r.database, in.NulString());
  }
  if ((r.capabilities & kClientPluginAuth) && in.remaining() > 0) {
    ASSIGN_OR_RETURN(r.auth_plugin, in.NulString());
  }
  if ((r.capabilities & kClientConnectAttrs) && in.remaining() > 0) {
    ASSIGN_OR_RETURN(uint64_t total, in.LenencInt());
    ASSIGN_OR_RETURN(std::string attrs, in.Bytes(total));
    PayloadReader a(attrs);
    while (a.remaining() > 0) {
      ASSIGN_OR_RETURN(std::string k, a.LenencString());
      ASSIGN_OR_RETURN(std::string v, a.LenencString());
      r.attributes[k] = v;
    }
  }
  return r;
}

std::string EncodeAuthSwitch(std::string_view scramble) {
  std::string p;
  p.push_back(static_cast<char>(0xfe));
  p.append(kNativePasswordPlugin);
  p.push_back('\0');
  p.append(scramble);
  p.push_back('\0');
  return p;
}

std::string EncodeOk(uint64_t affected_rows, uint16_t status_flags, uint16_t warnings) {
  std::string p;
  p.push_back(0x00);
  AppendLenencInt(&p, affected_rows);
  AppendLenencInt(&p, 0);
  AppendFixedInt(&p, status_flags, 2);
  AppendFixedInt(&p, warnings, 2);
  return p;
}

std::string EncodeErr(uint16_t error_code, std::string_view sqlstate, std::string_view message) {
  std::string p;
  p.push_back(static_cast<char>(0xff));
  AppendFixedInt(&p, error_code, 2);
  p.push_back('#');
  std::string state(sqlstate.substr(0, 5));
  state.resize(5, '0');
  p.append(state);
  p.append(message);
  return p;
}

std::string EncodeEof(uint16_t status_flags) {
  std::string p;
  p.push_back(static_cast<char>(0xfe));
  AppendFixedInt(&p, 0, 2);
  AppendFixedInt(&p, status_flags, 2);
  return p;
}

std::string EncodeColumnDefinition(const ColumnMeta& c) {
  std::string p;
  AppendLenencString(&p, "def");
  AppendLenencString(&p, c.schema);
  AppendLenencString(&p, c.table);
  AppendLenencString(&p, c.table);
  AppendLenencString(&p, c.name);
  AppendLenencString(&p, c.name);
  p.push_back(0x0c);
  uint16_t charset = kCharsetUtf8GeneralCi;
  uint32_t length = 65533;
  uint16_t flags = 0;
  uint8_t decimals = 0;
  switch (c.type) {
    case MysqlType::kLongLong:
      charset = 63;  // binary
      length = 20;
      flags = 0x0001 | 0x0080;  // NOT_NULL | BINARY
      break;
    case MysqlType::kDouble:
      charset = 63;
      length = 22;
      decimals = 31;
      break;
    case MysqlType::kNull:
      charset = 63;
      length = 0;
      break;
    case MysqlType::kDatetime:
      charset = 63;
      length = 19;
      break;
    case MysqlType::kVarString:
      break;
  }
  AppendFixedInt(&p, charset, 2);
  AppendFixedInt(&p, length, 4);
  p.push_back(static_cast<char>(c.type));
  AppendFixedInt(&p, flags, 2);
  p.push_back(static_cast<char>(decimals));
  AppendFixedInt(&p, 0, 2);
  return p;
}

std::string EncodeTextRow(const Row& row) {
  std::string p;
  for (const auto& cell : row) {
    if (cell) {
      AppendLenencString(&p, *cell);
    } else {
      p.push_back(static_cast<char>(0xfb));
    }
  }
  return p;
}

std::string NativePasswordHash(std::string_view password) {
  if (password.empty()) return "";
  return Sha1(Sha1(password));
}

std::string NativePasswordScramble(std::string_view scramble, std::string_view password) {
  if (password.empty()) return "";
  std::string stage1 = Sha1(password);
  std::string stage2 = Sha1(stage1);
  std::string mix = Sha1(scramble, stage2);
  for (size_t i = 0; i < mix.size(); ++i) mix[i] = static_cast<char>(mix[i] ^ stage1[i]);
  return mix;
}

bool CheckNativePassword(std::string_view scramble, std::string_view auth_response, std::string_view stored_hash) {
  if (stored_hash.empty()) return auth_response.empty();
  if (auth_response.size() != kSha1Bytes || stored_hash.size() != kSha1Bytes) return false;
  // auth = SHA1(pw) XOR SHA1(scramble + stored); recover SHA1(pw) and check SHA1 of it.
  std::string mix = Sha1(scramble, stored_hash);
  std::string stage1(kSha1Bytes, '\0');
  for (size_t i = 0; i < stage1.size(); ++i) stage1[i] = static_cast<char>(auth_response[i] ^ mix[i]);
  std::string check = Sha1(stage1);
  return CRYPTO_memcmp(check.data(), stored_hash.data(), kSha1Bytes) == 0;
}

}  // namespace feb::frontend
