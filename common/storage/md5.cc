#include "common/storage/md5.h"

#include "common/storage/buffer_pool.h"

#include <openssl/evp.h>

#include <vector>

namespace feb::storage {

struct Md5::Ctx {
  EVP_MD_CTX* ctx = nullptr;
  ~Ctx() {
    if (ctx != nullptr) EVP_MD_CTX_free(ctx);
  }
};

Md5::Md5() : ctx_(std::make_unique<Ctx>()) {
  ctx_->ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx_->ctx, EVP_md5(), nullptr);
}

Md5::~Md5() = default;

void Md5::Update(std::string_view data) {
  if (!raw_.empty()) return;
  EVP_DigestUpdate(ctx_->ctx, data.data(), data.size());
}

std::string Md5::RawDigest() {
  if (raw_.empty()) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_->ctx, md, &len);
    raw_.assign(reinterpret_cast<const char*>(md), len);
  }
  return raw_;
}

std::string Md5::HexDigest() {
  static const char kHex[] = "0123456789abcdef";
  std::string raw = RawDigest();
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

std::string Md5::Of(std::string_view data) {
  Md5 m;
  m.Update(data);
  return m.HexDigest();
}

Result<std::string> Md5OfStream(ReadableFile& file, size_t chunk_size) {
  BufferPool::Lease buf = BufferPool::Shared().Get(chunk_size);
  Md5 md5;
  while (true) {
    ASSIGN_OR_RETURN(size_t n, file.Read(buf.data(), buf.size()));
    if (n == 0) break;
    md5.Update(std::string_view(buf.data(), n));
  }
  return md5.HexDigest();
}

}  // namespace feb::storage
