#include "common/storage/local_storage.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/storage/buffer_pool.h"
#include "common/storage/uri.h"

namespace feb::storage {
namespace {

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string msg = what + " '" + path + "': " + std::strerror(err);
  if (err == ENOENT) return Status::NotFound(msg);
  if (err == EEXIST) return Status::AlreadyExists(msg);
  return Status::IoError(msg);
}

class LocalReadableFile : public ReadableFile {
 public:
  LocalReadableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~LocalReadableFile() override { ::close(fd_); }
  int NativeFd() const override { return fd_; }
  Result<size_t> Read(char* buf, size_t n) override {
    while (true) {
      ssize_t r = ::read(fd_, buf, n);
      if (r >= 0) return static_cast<size_t>(r);
      if (errno != EINTR) return ErrnoStatus("read", path_, errno);
    }
  }

 private:
  int fd_;
  std::string path_;
};

class LocalWritableFile : public WritableFile {
 public:
  LocalWritableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~LocalWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Append(std::string_view data) override {
    if (fd_ < 0) return Status::IllegalState("write to closed file '" + path_ + "'");
    while (!data.empty()) {
      ssize_t w = ::write(fd_, data.data(), data.size());
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write", path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(w));
      written_ += static_cast<uint64_t>(w);
    }
    KickWriteback();
    return Status::OK();
  }
  Result<bool> AppendFrom(ReadableFile& src, uint64_t offset, std::string_view expected) override {
    const int src_fd = src.NativeFd();
    if (src_fd < 0 || fd_ < 0 || !copy_range_ok_) return false;
    const size_t len = expected.size();
    const uint64_t start = written_;
    loff_t in_off = static_cast<loff_t>(offset);
    size_t done = 0;
    while (done < len) {
      ssize_t n = ::copy_file_range(src_fd, &in_off, fd_, nullptr, len - done, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (done == 0 && (errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP || errno == ENOSYS)) {
          copy_range_ok_ = false;  // not supported between these files: plain writes from now on
          return false;
        }
        return ErrnoStatus("copy into", path_, errno);
      }
      if (n == 0) return Status::IoError("source ended early while copying into '" + path_ + "'");
      done += static_cast<size_t>(n);
    }
    written_ += len;
    RETURN_IF_ERROR(CheckLanded(start, expected));
    KickWriteback();
    return true;
  }
  Status Sync() override {
    if (fd_ < 0) return Status::IllegalState("fsync of closed file '" + path_ + "'");
    if (::fsync(fd_) != 0) return ErrnoStatus("fsync", path_, errno);
    return Status::OK();
  }
  Status Close() override {
    if (fd_ < 0) return Status::IllegalState("double close of '" + path_ + "'");
    int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return ErrnoStatus("close", path_, errno);
    return Status::OK();
  }

 private:
  // The bytes at [offset, offset + expected.size()) of this file (in the page cache: just
  // written) must be `expected`.
  Status CheckLanded(uint64_t offset, std::string_view expected) {
    BufferPool::Lease back = BufferPool::Shared().Get(kCheckChunk);
    size_t checked = 0;
    while (checked < expected.size()) {
      const size_t want = std::min(back.size(), expected.size() - checked);
      ssize_t r = ::pread(fd_, back.data(), want, static_cast<off_t>(offset + checked));
      if (r < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("read back", path_, errno);
      }
      if (r == 0) return Status::IoError("'" + path_ + "' is shorter than what was copied into it");
      if (std::memcmp(back.data(), expected.data() + checked, static_cast<size_t>(r)) != 0) {
        return Status::Corruption("the bytes copied into '" + path_ + "' at offset " + std::to_string(offset + checked) +
                                  " differ from the bytes read from the source (it changed while being copied)");
      }
      checked += static_cast<size_t>(r);
    }
    return Status::OK();
  }

  // Starts writeback of what was written so far without waiting for it, so the final
  // fsync finds little left to flush and the disk works while the caller produces the
  // next chunks (e.g. hashing them).
  void KickWriteback() {
    if (written_ - kicked_ >= kWritebackChunk) {
      ::sync_file_range(fd_, static_cast<off64_t>(kicked_), static_cast<off64_t>(written_ - kicked_),
                        SYNC_FILE_RANGE_WRITE);
      kicked_ = written_;
    }
  }

  static constexpr uint64_t kWritebackChunk = 8u << 20;
  static constexpr size_t kCheckChunk = 1u << 20;
  int fd_;
  std::string path_;
  uint64_t written_ = 0;
  uint64_t kicked_ = 0;
  bool copy_range_ok_ = true;
};

Status MakeDirsPath(const std::string& path) {
  if (path.empty() || path == "/") return Status::OK();
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::OK();
    return Status::AlreadyExists("'" + path + "' exists and is not a directory");
  }
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) RETURN_IF_ERROR(MakeDirsPath(path.substr(0, slash)));
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return ErrnoStatus("mkdir", path, errno);
  return Status::OK();
}

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<std::string> LocalStorage::ToPath(const std::string& uri) {
  std::string path;
  if (uri.rfind("file://", 0) == 0) {
    path = uri.substr(7);
  } else if (!uri.empty() && uri[0] == '/') {
    path = uri;
  } else {
    return Status::InvalidArgument("not a file:// URI: '" + uri + "'");
  }
  if (path.empty() || path[0] != '/') {
    return Status::InvalidArgument("file URI must hold an absolute path: '" + uri + "'");
  }
  if (HasUnsafeComponent(path)) {
    return Status::InvalidArgument("path with '.' or '..' component rejected: '" + uri + "'");
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

Result<bool> LocalStorage::Exists(const std::string& uri) {
  ASSIGN_OR_RETURN(std::string path, ToPath(uri));
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return ErrnoStatus("stat", path, errno);
}

Result<std::vector<FileInfo>> LocalStorage::List(const std::string& dir_uri) {
  ASSIGN_OR_RETURN(std::string path, ToPath(dir_uri));
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return ErrnoStatus("list", path, errno);
  std::vector<FileInfo> out;
  while (struct dirent* e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st;
    if (::fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // raced away
    FileInfo info;
    info.name = name;
    info.is_dir = S_ISDIR(st.st_mode);
    info.size = info.is_dir ? 0 : static_cast<uint64_t>(st.st_size);
    out.push_back(std::move(info));
  }
  ::closedir(dir);
  std::sort(out.begin(), out.end(), [](const FileInfo& a, const FileInfo& b) { return a.name < b.name; });
  return out;
}

Result<std::unique_ptr<ReadableFile>> LocalStorage::OpenRead(const std::string& uri) {
  ASSIGN_OR_RETURN(std::string path, ToPath(uri));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument("'" + path + "' is a directory");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<ReadableFile>(new LocalReadableFile(fd, path));
}

Result<std::unique_ptr<WritableFile>> LocalStorage::OpenWrite(const std::string& uri) {
  ASSIGN_OR_RETURN(std::string path, ToPath(uri));
  RETURN_IF_ERROR(MakeDirsPath(Parent(path)));
  // read and write: AppendFrom reads back what the kernel copied
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", path, errno);
  return std::unique_ptr<WritableFile>(new LocalWritableFile(fd, path));
}

Status LocalStorage::Rename(const std::string& from_uri, const std::string& to_uri) {
  ASSIGN_OR_RETURN(std::string from, ToPath(from_uri));
  ASSIGN_OR_RETURN(std::string to, ToPath(to_uri));
  RETURN_IF_ERROR(MakeDirsPath(Parent(to)));
  if (::rename(from.c_str(), to.c_str()) != 0) return ErrnoStatus("rename to '" + to + "' of", from, errno);
  return Status::OK();
}

Status LocalStorage::Delete(const std::string& uri) {
  ASSIGN_OR_RETURN(std::string path, ToPath(uri));
  if (::unlink(path.c_str()) == 0 || errno == ENOENT) return Status::OK();
  if (errno == EISDIR || errno == EPERM) {
    if (::rmdir(path.c_str()) == 0 || errno == ENOENT) return Status::OK();
  }
  return ErrnoStatus("delete", path, errno);
}

Status LocalStorage::MakeDirs(const std::string& dir_uri) {
  ASSIGN_OR_RETURN(std::string path, ToPath(dir_uri));
  return MakeDirsPath(path);
}

Status LocalStorage::SyncDir(const std::string& dir_uri) {
  ASSIGN_OR_RETURN(std::string path, ToPath(dir_uri));
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus("fsync directory", path, err);
  return Status::OK();
}

}  // namespace feb::storage
