#include "test/fakes/fake_repository.h"

#include <set>

#include "common/storage/md5.h"

namespace feb::testing {

FakeRepository::FakeRepository(int64_t id, std::string name, std::string location, bool read_only)
    : id_(id), name_(name), read_only_(read_only), layout_(std::move(location), std::move(name)) {}

void FakeRepository::PutFile(const std::string& path, const std::string& content) {
  std::lock_guard<std::mutex> l(mu_);
  files_[path] = content;
}

bool FakeRepository::HasFile(const std::string& path) const {
  std::lock_guard<std::mutex> l(mu_);
  return files_.count(path) > 0;
}

std::map<std::string, std::string> FakeRepository::files() const {
  std::lock_guard<std::mutex> l(mu_);
  return files_;
}

void FakeRepository::FailPublish(bool fail) {
  std::lock_guard<std::mutex> l(mu_);
  fail_publish_ = fail;
}

void FakeRepository::FailPublishMatching(const std::string& needle) {
  std::lock_guard<std::mutex> l(mu_);
  fail_publish_needle_ = needle;
}

void FakeRepository::FailList(bool fail) {
  std::lock_guard<std::mutex> l(mu_);
  fail_list_ = fail;
}

void FakeRepository::SetGone(bool gone) {
  std::lock_guard<std::mutex> l(mu_);
  gone_ = gone;
}

int FakeRepository::remove_part_calls() const {
  std::lock_guard<std::mutex> l(mu_);
  return remove_part_calls_;
}

Result<std::vector<std::string>> FakeRepository::ListSnapshots() {
  std::lock_guard<std::mutex> l(mu_);
  if (fail_list_) return Status::IoError("listing " + layout_.root() + " failed (injected)");
  std::set<std::string> labels;
  std::string prefix = layout_.root() + "/" + std::string(plugin::RepositoryLayout::kSnapshotDirPrefix);
  for (const auto& [path, content] : files_) {
    if (path.rfind(prefix, 0) != 0) continue;
    std::string rest = path.substr(prefix.size());
    labels.insert(rest.substr(0, rest.find('/')));
  }
  return std::vector<std::string>(labels.begin(), labels.end());
}

Result<std::vector<std::string>> FakeRepository::ListDir(const std::string& dir) {
  std::lock_guard<std::mutex> l(mu_);
  if (fail_list_) return Status::IoError("listing " + dir + " failed (injected)");
  std::set<std::string> names;
  std::string prefix = dir + "/";
  for (const auto& [path, content] : files_) {
    if (path.rfind(prefix, 0) != 0) continue;
    std::string rest = path.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('/')));
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<std::string> FakeRepository::Publish(const std::string& path, std::string_view content) {
  std::lock_guard<std::mutex> l(mu_);
  if (fail_publish_ || (!fail_publish_needle_.empty() && path.find(fail_publish_needle_) != std::string::npos)) {
    return Status::IoError("writing " + path + " failed (injected)");
  }
  std::string final_path = plugin::RepositoryLayout::WithChecksum(path, storage::Md5::Of(content));
  files_[final_path] = std::string(content);
  return final_path;
}

Result<std::string> FakeRepository::Read(const std::string& path) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("file " + path + " does not exist");
  return it->second;
}

Result<int> FakeRepository::RemovePartFiles(std::string_view label) {
  std::lock_guard<std::mutex> l(mu_);
  ++remove_part_calls_;
  std::string prefix = layout_.SnapshotDir(label) + "/";
  int removed = 0;
  for (auto it = files_.begin(); it != files_.end();) {
    bool part = it->first.size() > 5 && it->first.compare(it->first.size() - 5, 5, ".part") == 0;
    if (it->first.rfind(prefix, 0) == 0 && part) {
      it = files_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

std::shared_ptr<plugin::SnapshotRepository> FakeRepository::FindByName(const std::string& name) {
  return name == name_ ? FindById(id_) : nullptr;
}

std::shared_ptr<plugin::SnapshotRepository> FakeRepository::FindById(int64_t repo_id) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (gone_ || repo_id != id_) return nullptr;
  }
  // Non-owning: the fake outlives the jobs in a test.
  return std::shared_ptr<plugin::SnapshotRepository>(this, [](plugin::SnapshotRepository*) {});
}

}  // namespace feb::testing
