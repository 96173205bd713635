// The parser hides ANTLR: no public header of plugin/src/sql (internal/ excluded) may include
// an ANTLR or generated-parser header.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

TEST(PublicHeadersTest, NoAntlrInPublicHeaders) {
  const char* root = std::getenv("FEB_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "FEB_SOURCE_DIR is not set (run through ctest)";
  std::filesystem::path dir = std::filesystem::path(root) / "plugin" / "src" / "sql";
  int headers = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".h") continue;
    ++headers;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("#include", 0) != 0) continue;
      EXPECT_EQ(line.find("antlr"), std::string::npos) << entry.path() << ": " << line;
      EXPECT_EQ(line.find("BackupSql"), std::string::npos) << entry.path() << ": " << line;
      EXPECT_EQ(line.find("internal/"), std::string::npos) << entry.path() << ": " << line;
    }
  }
  EXPECT_GE(headers, 20);
}

}  // namespace
