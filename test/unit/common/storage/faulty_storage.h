// FaultyStorage: a Storage wrapper that fails chosen operations, for fault-injection tests.
// Points: "open_write" (OpenWrite and OpenWriteVerified), "append", "sync", "close", "rename",
// "sync_dir", "delete",
// "open_read", "read", "list", "exists", "make_dirs". A rule fails the calls of one point
// whose URI contains `uri_part`, skipping the first `skip` matches and then failing `times`
// of them (-1 = forever). Failures are IoError("injected <point> failure: <uri>").
// Every call is also counted per point (Calls), and a hook set with OnCall runs before the
// call of a point reaches the base storage, without any lock of the wrapper held (so a hook
// may block, e.g. to hold a caller inside a storage call while a test checks something).
// Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/storage/storage.h"

namespace feb::storage::testing {

class FaultyStorage : public Storage, public std::enable_shared_from_this<FaultyStorage> {
 public:
  explicit FaultyStorage(std::shared_ptr<Storage> base) : base_(std::move(base)) {}

  void FailAt(const std::string& point, const std::string& uri_part = "", int skip = 0, int times = 1);
  void ClearFaults();
  // How many calls of `point` were failed so far.
  int Injected(const std::string& point) const;
  // How many calls of `point` (failed or not) had a URI containing `uri_part`.
  int Calls(const std::string& point, const std::string& uri_part = "") const;
  // Runs `hook(uri)` at the start of every call of `point` (replacing an earlier hook);
  // an empty function removes it.
  void OnCall(const std::string& point, std::function<void(const std::string& uri)> hook);

  std::string_view Scheme() const override { return base_->Scheme(); }
  Result<bool> Exists(const std::string& uri) override;
  Result<std::vector<FileInfo>> List(const std::string& dir_uri) override;
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& uri) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& uri) override;
  Status Rename(const std::string& from_uri, const std::string& to_uri) override;
  Status Delete(const std::string& uri) override;
  Status MakeDirs(const std::string& dir_uri) override;
  Status SyncDir(const std::string& dir_uri) override;
  bool HasRename() const override { return base_->HasRename(); }
  Result<std::unique_ptr<WritableFile>> OpenWriteVerified(const std::string& uri,
                                                          const std::string& expected_md5) override;

  // Non-OK when a rule fires for (point, uri). Used by the wrapped files too.
  Status Check(const std::string& point, const std::string& uri);

 private:
  struct Rule {
    std::string point;
    std::string uri_part;
    int skip;
    int times;
  };
  std::shared_ptr<Storage> base_;
  mutable std::mutex mu_;
  std::vector<Rule> rules_;             // guarded by mu_
  std::map<std::string, int> injected_; // guarded by mu_
  std::vector<std::pair<std::string, std::string>> calls_;  // (point, uri), guarded by mu_
  std::map<std::string, std::function<void(const std::string&)>> hooks_;  // guarded by mu_
};

}  // namespace feb::storage::testing
