#include "faulty_storage.h"

namespace feb::storage::testing {
namespace {

class FaultyReadable : public ReadableFile {
 public:
  FaultyReadable(std::unique_ptr<ReadableFile> base, FaultyStorage* owner, std::string uri)
      : base_(std::move(base)), owner_(owner), uri_(std::move(uri)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    RETURN_IF_ERROR(owner_->Check("read", uri_));
    return base_->Read(buf, n);
  }

 private:
  std::unique_ptr<ReadableFile> base_;
  FaultyStorage* owner_;
  std::string uri_;
};

class FaultyWritable : public WritableFile {
 public:
  FaultyWritable(std::unique_ptr<WritableFile> base, FaultyStorage* owner, std::string uri)
      : base_(std::move(base)), owner_(owner), uri_(std::move(uri)) {}
  Status Append(std::string_view data) override {
    RETURN_IF_ERROR(owner_->Check("append", uri_));
    return base_->Append(data);
  }
  Status Sync() override {
    RETURN_IF_ERROR(owner_->Check("sync", uri_));
    return base_->Sync();
  }
  Status Close() override {
    RETURN_IF_ERROR(owner_->Check("close", uri_));
    return base_->Close();
  }

 private:
  std::unique_ptr<WritableFile> base_;
  FaultyStorage* owner_;
  std::string uri_;
};

}  // namespace

void FaultyStorage::FailAt(const std::string& point, const std::string& uri_part, int skip, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.push_back(Rule{point, uri_part, skip, times});
}

void FaultyStorage::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
}

int FaultyStorage::Injected(const std::string& point) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = injected_.find(point);
  return it == injected_.end() ? 0 : it->second;
}

int FaultyStorage::Calls(const std::string& point, const std::string& uri_part) const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const auto& [p, uri] : calls_) n += p == point && uri.find(uri_part) != std::string::npos;
  return n;
}

void FaultyStorage::OnCall(const std::string& point, std::function<void(const std::string& uri)> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  if (hook) {
    hooks_[point] = std::move(hook);
  } else {
    hooks_.erase(point);
  }
}

Status FaultyStorage::Check(const std::string& point, const std::string& uri) {
  std::function<void(const std::string&)> hook;
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.emplace_back(point, uri);
    auto it = hooks_.find(point);
    if (it != hooks_.end()) hook = it->second;
  }
  if (hook) hook(uri);
  std::lock_guard<std::mutex> lock(mu_);
  for (Rule& r : rules_) {
    if (r.point != point || uri.find(r.uri_part) == std::string::npos || r.times == 0) continue;
    if (r.skip > 0) {
      --r.skip;
      continue;
    }
    if (r.times > 0) --r.times;
    ++injected_[point];
    return Status::IoError("injected " + point + " failure: " + uri);
  }
  return Status::OK();
}

Result<bool> FaultyStorage::Exists(const std::string& uri) {
  RETURN_IF_ERROR(Check("exists", uri));
  return base_->Exists(uri);
}

Result<std::vector<FileInfo>> FaultyStorage::List(const std::string& dir_uri) {
  RETURN_IF_ERROR(Check("list", dir_uri));
  return base_->List(dir_uri);
}

Result<std::unique_ptr<ReadableFile>> FaultyStorage::OpenRead(const std::string& uri) {
  RETURN_IF_ERROR(Check("open_read", uri));
  ASSIGN_OR_RETURN(auto f, base_->OpenRead(uri));
  return std::unique_ptr<ReadableFile>(new FaultyReadable(std::move(f), this, uri));
}

Result<std::unique_ptr<WritableFile>> FaultyStorage::OpenWrite(const std::string& uri) {
  RETURN_IF_ERROR(Check("open_write", uri));
  ASSIGN_OR_RETURN(auto f, base_->OpenWrite(uri));
  return std::unique_ptr<WritableFile>(new FaultyWritable(std::move(f), this, uri));
}

Result<std::unique_ptr<WritableFile>> FaultyStorage::OpenWriteVerified(const std::string& uri,
                                                                       const std::string& expected_md5) {
  RETURN_IF_ERROR(Check("open_write", uri));
  ASSIGN_OR_RETURN(auto f, base_->OpenWriteVerified(uri, expected_md5));
  return std::unique_ptr<WritableFile>(new FaultyWritable(std::move(f), this, uri));
}

Status FaultyStorage::Rename(const std::string& from_uri, const std::string& to_uri) {
  RETURN_IF_ERROR(Check("rename", to_uri));
  return base_->Rename(from_uri, to_uri);
}

Status FaultyStorage::Delete(const std::string& uri) {
  RETURN_IF_ERROR(Check("delete", uri));
  return base_->Delete(uri);
}

Status FaultyStorage::MakeDirs(const std::string& dir_uri) {
  RETURN_IF_ERROR(Check("make_dirs", dir_uri));
  return base_->MakeDirs(dir_uri);
}

Status FaultyStorage::SyncDir(const std::string& dir_uri) {
  RETURN_IF_ERROR(Check("sync_dir", dir_uri));
  return base_->SyncDir(dir_uri);
}

}  // namespace feb::storage::testing
