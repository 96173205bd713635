// BeProcess: starts a real `be` binary on ports chosen by the kernel (port 0) and reads the
// ports back from its "be listening:" line; Stop() sends SIGTERM and waits for the exit,
// Kill() plays a crash (SIGKILL).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace feb::testing {

class BeProcess {
 public:
  ~BeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // $FEB_BINARY_DIR/bin/be, else bin/be next to the directory holding this executable
  // (<build>/tests/x -> <build>/bin/be).
  static std::string Binary() {
    const char* dir = std::getenv("FEB_BINARY_DIR");
    if (dir != nullptr && *dir != '\0') return std::string(dir) + "/bin/be";
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return self.parent_path().parent_path().string() + "/bin/be";
  }

  // Returns an error text, empty on success.
  std::string Start(const std::string& root, const std::string& stderr_file, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {Binary(), "--storage_root_path=" + root, "--be_port=0", "--heartbeat_service_port=0",
                                     "--brpc_port=0", "--bind_host=127.0.0.1"};
    for (const auto& a : extra) args.push_back(a);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (::pipe(out) != 0) return "pipe failed";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addopen(&fa, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    if (rc != 0) {
      ::close(out[0]);
      pid_ = -1;
      return "cannot spawn " + args[0];
    }
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos) {
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
      if (left <= 0) break;
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, left) <= 0) break;
      char buf[256];
      ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    ::close(out[0]);
    if (line.rfind("be listening:", 0) != 0) return "be did not start; stdout: '" + line + "' (see " + stderr_file + ")";
    be_port = Field(line, "be_port=");
    heartbeat_port = Field(line, "heartbeat_service_port=");
    brpc_port = Field(line, "brpc_port=");
    return "";
  }

  // SIGTERM, then waits up to 30 s; returns the exit status (-1 on timeout / signal death).
  int Stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the exit, bounded by the deadline
    }
    return -1;
  }

  // SIGKILL (no clean shutdown, as a crash) and reaps the process.
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  bool Alive() const { return pid_ > 0 && ::kill(pid_, 0) == 0; }

  int be_port = 0;
  int heartbeat_port = 0;
  int brpc_port = 0;

 private:
  static int Field(const std::string& line, const std::string& key) {
    size_t p = line.find(key);
    return p == std::string::npos ? 0 : std::atoi(line.c_str() + p + key.size());
  }
  pid_t pid_ = -1;
};

}  // namespace feb::testing
