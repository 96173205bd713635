// Md5: streaming MD5 (OpenSSL EVP). Update() per chunk, HexDigest() once at the end.
// Not thread-safe; one instance per stream.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status/result.h"
#include "common/storage/storage.h"

namespace feb::storage {

class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;

  void Update(std::string_view data);
  // 32 lowercase hex characters. The object cannot be updated afterwards.
  std::string HexDigest();
  // The 16 raw digest bytes (same finalization rules as HexDigest()).
  std::string RawDigest();

  static std::string Of(std::string_view data);

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
  std::string raw_;  // set once finalized
};

// MD5 of everything `file` yields, reading `chunk_size`-byte chunks.
Result<std::string> Md5OfStream(ReadableFile& file, size_t chunk_size = 1 << 20);

}  // namespace feb::storage
