#include "common/storage/buffer_pool.h"

#include <utility>

namespace feb::storage {

BufferPool::Lease& BufferPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ != nullptr) pool_->Put(std::move(buf_));
    pool_ = other.pool_;
    buf_ = std::move(other.buf_);
    other.pool_ = nullptr;
  }
  return *this;
}

BufferPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Put(std::move(buf_));
}

BufferPool& BufferPool::Shared() {
  static BufferPool* pool = new BufferPool();  // never destroyed: leases may outlive statics
  return *pool;
}

BufferPool::Lease BufferPool::Get(size_t size) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < free_.size(); ++i) {
      if (free_[i].size() == size) {
        std::string buf = std::move(free_[i]);
        free_[i] = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(buf));
      }
    }
  }
  return Lease(this, std::string(size, '\0'));
}

void BufferPool::Put(std::string buf) {
  if (buf.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (free_.size() < kMaxCached) free_.push_back(std::move(buf));
}

size_t BufferPool::cached() const {
  std::lock_guard<std::mutex> lock(mu_);
  return free_.size();
}

}  // namespace feb::storage
