// TempDir: a fresh directory under $TMPDIR (or /tmp) removed with its content on destruction.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace feb::storage::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/feb_test_XXXXXX";
    char* made = ::mkdtemp(tmpl.data());
    path_ = made != nullptr ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string uri() const { return "file://" + path_; }

 private:
  std::string path_;
};

}  // namespace feb::storage::testing
