// BufferPool: copy buffers reused across files. A fresh multi-megabyte buffer per file costs a
// page fault per 4 KiB page each time (the allocator returns big blocks to the kernel), which
// profiles showed as most of a small file's copy time. Buffers come back through the Lease's
// destructor; at most kMaxCached are kept. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace feb::storage {

class BufferPool {
 public:
  static constexpr size_t kMaxCached = 32;

  // A buffer of exactly `size` bytes (contents unspecified) for as long as the lease lives.
  class Lease {
   public:
    Lease(BufferPool* pool, std::string buf) : pool_(pool), buf_(std::move(buf)) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), buf_(std::move(other.buf_)) { other.pool_ = nullptr; }
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    char* data() { return buf_.data(); }
    size_t size() const { return buf_.size(); }

   private:
    BufferPool* pool_;
    std::string buf_;
  };

  // The process-wide pool.
  static BufferPool& Shared();

  Lease Get(size_t size);
  size_t cached() const;

 private:
  void Put(std::string buf);

  mutable std::mutex mu_;
  std::vector<std::string> free_;  // guarded by mu_
};

}  // namespace feb::storage
