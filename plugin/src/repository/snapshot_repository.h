// SnapshotRepository: what a backup or SHOW SNAPSHOT needs from one repository. The
// implementation over common/storage maps paths to a storage back end (file://, s3://);
// tests use an in-memory fake.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"
#include "plugin/src/repository/repository_layout.h"

namespace feb::plugin {

class SnapshotRepository {
 public:
  virtual ~SnapshotRepository() = default;

  virtual int64_t id() const = 0;
  virtual const std::string& name() const = 0;
  virtual bool read_only() const = 0;
  virtual const RepositoryLayout& layout() const = 0;
  // Properties backends need to reach the storage directly (credentials). Never shown.
  virtual std::map<std::string, std::string> properties() const = 0;

  // Labels of every snapshot directory ("__ss_<label>"), sorted.
  virtual Result<std::vector<std::string>> ListSnapshots() = 0;
  // Names of the entries directly inside `dir` (files and directories), sorted.
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;
  // Writes `content` as "<path>.<md5 of content>" atomically: a reader sees the whole file or
  // nothing, and the file and its directory entry are durable on return. An existing file of
  // that exact name is left as it is (its directory is still made durable: another attempt may
  // have published it without that step). Returns the published path.
  virtual Result<std::string> Publish(const std::string& path, std::string_view content) = 0;
  virtual Result<std::string> Read(const std::string& path) = 0;
  // Deletes unpublished "*.part" files anywhere below the snapshot directory of `label`;
  // returns how many were removed.
  virtual Result<int> RemovePartFiles(std::string_view label) = 0;
};

// Looks repositories up by id for jobs that outlive the statement that created them.
class RepositoryRegistry {
 public:
  virtual ~RepositoryRegistry() = default;
  // Null when no repository has that id (any more).
  virtual std::shared_ptr<SnapshotRepository> FindById(int64_t repo_id) = 0;
  // Null when no repository has that name (names are case-sensitive).
  virtual std::shared_ptr<SnapshotRepository> FindByName(const std::string& name) = 0;
};

}  // namespace feb::plugin
