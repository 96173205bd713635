// FakeRepository: an in-memory SnapshotRepository with fault injection, for unit tests of jobs
// and SHOW SNAPSHOT. Paths are the layout's full paths. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "plugin/src/repository/snapshot_repository.h"

namespace feb::testing {

class FakeRepository : public plugin::SnapshotRepository, public plugin::RepositoryRegistry {
 public:
  FakeRepository(int64_t id, std::string name, std::string location = "file:///repo", bool read_only = false);

  // ---- scripting ----
  void PutFile(const std::string& path, const std::string& content);
  bool HasFile(const std::string& path) const;
  std::map<std::string, std::string> files() const;
  // Publish / list fail with an IoError while set.
  void FailPublish(bool fail);
  // Publish fails for paths containing `needle` ("" = none).
  void FailPublishMatching(const std::string& needle);
  void FailList(bool fail);
  // FindById returns null while set (the repository was dropped).
  void SetGone(bool gone);
  int remove_part_calls() const;

  // ---- SnapshotRepository ----
  int64_t id() const override { return id_; }
  const std::string& name() const override { return name_; }
  bool read_only() const override { return read_only_; }
  const plugin::RepositoryLayout& layout() const override { return layout_; }
  std::map<std::string, std::string> properties() const override { return {}; }
  Result<std::vector<std::string>> ListSnapshots() override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  Result<std::string> Publish(const std::string& path, std::string_view content) override;
  Result<std::string> Read(const std::string& path) override;
  Result<int> RemovePartFiles(std::string_view label) override;

  // ---- RepositoryRegistry ----
  std::shared_ptr<plugin::SnapshotRepository> FindById(int64_t repo_id) override;
  std::shared_ptr<plugin::SnapshotRepository> FindByName(const std::string& name) override;

 private:
  int64_t id_;
  std::string name_;
  bool read_only_;
  plugin::RepositoryLayout layout_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> files_;
  bool fail_publish_ = false;
  std::string fail_publish_needle_;
  bool fail_list_ = false;
  bool gone_ = false;
  int remove_part_calls_ = 0;
};

}  // namespace feb::testing
