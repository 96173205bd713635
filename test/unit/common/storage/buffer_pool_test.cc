#include "common/storage/buffer_pool.h"

#include <gtest/gtest.h>


namespace feb::storage {
namespace {

TEST(BufferPoolTest, ABufferComesBackAndIsReusedForTheSameSize) {
  BufferPool pool;
  const char* first = nullptr;
  {
    BufferPool::Lease a = pool.Get(1 << 20);
    ASSERT_EQ(a.size(), 1u << 20);
    first = a.data();
    EXPECT_EQ(pool.cached(), 0u);
  }
  EXPECT_EQ(pool.cached(), 1u);
  BufferPool::Lease b = pool.Get(1 << 20);
  EXPECT_EQ(b.data(), first) << "the same memory, no new allocation (no page faults)";
  BufferPool::Lease c = pool.Get(4096);  // another size is a new buffer
  EXPECT_EQ(c.size(), 4096u);
  EXPECT_EQ(pool.cached(), 0u);
}

TEST(BufferPoolTest, MovedLeasesReturnOnceAndTheCacheIsBounded) {
  BufferPool pool;
  {
    BufferPool::Lease a = pool.Get(64);
    BufferPool::Lease b = std::move(a);
    BufferPool::Lease c = pool.Get(64);
    c = std::move(b);  // c's own buffer goes back now, b's when c ends
    EXPECT_EQ(pool.cached(), 1u);
  }
  EXPECT_EQ(pool.cached(), 2u);
  {
    std::vector<BufferPool::Lease> many;
    for (size_t i = 0; i < BufferPool::kMaxCached + 10; ++i) many.push_back(pool.Get(64));
  }
  EXPECT_EQ(pool.cached(), BufferPool::kMaxCached);
}

}  // namespace
}  // namespace feb::storage
