#include "common/storage/storage_registry.h"

#include <gtest/gtest.h>

namespace feb::storage {
namespace {

TEST(StorageRegistryTest, FileSchemeIsLocal) {
  auto reg = MakeDefaultStorageRegistry();
  auto s = reg->Open("file:///tmp/x");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)->Scheme(), "file");
  EXPECT_TRUE(reg->Open("FILE:///tmp/x").ok());
}

TEST(StorageRegistryTest, OtherSchemesAreNotSupportedYet) {
  auto reg = MakeDefaultStorageRegistry();
  auto s = reg->Open("hdfs://nn/prefix");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotSupported);
  EXPECT_EQ(s.status().message(), "storage scheme 'hdfs' is not supported yet: hdfs://nn/prefix");
  auto h = reg->Open("/no/scheme");
  EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument);
}

TEST(StorageRegistryTest, RegisteredFactoryWins) {
  auto reg = MakeDefaultStorageRegistry();
  int calls = 0;
  reg->Register("mem", [&calls](const std::string&, const StorageProperties&) -> Result<std::shared_ptr<Storage>> {
    ++calls;
    return Status::Unavailable("mem down");
  });
  EXPECT_EQ(reg->Open("mem://x").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace feb::storage
