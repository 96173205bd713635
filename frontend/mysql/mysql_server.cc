#include "common/status/mysql_error.h"
#include "frontend/mysql/mysql_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glog/logging.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "frontend/mysql/mysql_connection.h"
#include "frontend/mysql/mysql_messages.h"
#include "frontend/mysql/mysql_packet_decoder.h"

namespace feb::frontend {

MysqlServer::MysqlServer(MysqlServerOptions options, ConnectionHandlerFactory* factory)
    : options_(std::move(options)), factory_(factory) {}

MysqlServer::~MysqlServer() { Shutdown(); }

Status MysqlServer::Start() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return Status::IoError(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(options_.port));
  if (::inet_pton(AF_INET, options_.bind_host.c_str(), &addr.sin_addr) != 1) {
    return Status::InvalidArgument("bad bind address '" + options_.bind_host + "'");
  }
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Status::IoError("cannot bind query_port " + options_.bind_host + ":" + std::to_string(options_.port) +
                           ": " + std::strerror(errno));
  }
  if (::listen(listen_fd_, 1024) != 0) return Status::IoError(std::string("listen: ") + std::strerror(errno));
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) return Status::IoError("pipe2 failed");
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  LOG(INFO) << "MySQL protocol server listening on " << options_.bind_host << ":" << port_;
  return Status::OK();
}

void MysqlServer::ReapFinished() {
  std::vector<std::thread> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (uint32_t id : finished_) {
      auto it = threads_.find(id);
      if (it != threads_.end()) {
        done.push_back(std::move(it->second));
        threads_.erase(it);
      }
    }
    finished_.clear();
  }
  for (auto& t : done) t.join();
}

void MysqlServer::AcceptLoop() {
  while (!stopping_) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    int rc = ::poll(fds, 2, 1000);
    ReapFinished();
    if (rc <= 0) continue;
    if (fds[1].revents) break;
    if (!(fds[0].revents & POLLIN)) continue;
    sockaddr_in peer{};
    socklen_t peer_len = sizeof peer;
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &peer_len, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE) {
        LOG(WARNING) << "accept: out of file descriptors";
        ::poll(nullptr, 0, 100);
      }
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    uint32_t id = next_connection_id_++;
    if (active_.load() >= options_.max_connections) {
      uint8_t seq = 0;
      std::string err =
          EncodeMysqlPacket(EncodeErr(kErrConCount, SqlStateOf(kErrConCount), "Too many connections"), &seq);
      (void)!::send(fd, err.data(), err.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      ::close(fd);
      LOG(WARNING) << "refused connection " << id << ": " << options_.max_connections << " connections already";
      continue;
    }
    char host[INET_ADDRSTRLEN] = "127.0.0.1";
    ::inet_ntop(AF_INET, &peer.sin_addr, host, sizeof host);
    active_++;
    std::lock_guard<std::mutex> lock(mu_);
    fds_[id] = fd;
    threads_[id] = std::thread([this, fd, id, remote = std::string(host)] { Serve(fd, id, remote); });
  }
}

void MysqlServer::Serve(int fd, uint32_t connection_id, std::string remote_host) {
  auto handler = factory_->Create(connection_id, remote_host);
  MysqlConnection::Limits limits{std::chrono::duration_cast<std::chrono::milliseconds>(options_.connect_timeout),
                                 std::chrono::duration_cast<std::chrono::milliseconds>(options_.idle_timeout),
                                 options_.max_packet_bytes, options_.server_version};
  MysqlConnection conn(fd, connection_id, limits, handler.get());
  Status s = conn.Run();
  if (!s.ok()) VLOG(1) << "connection " << connection_id << " closed: " << s;
  handler.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    fds_.erase(connection_id);
    ::close(fd);
    finished_.push_back(connection_id);
  }
  active_--;
}

void MysqlServer::Shutdown() {
  if (listen_fd_ < 0) return;
  stopping_ = true;
  if (wake_pipe_[1] >= 0) (void)!::write(wake_pipe_[1], "x", 1);
  if (accept_thread_.joinable()) accept_thread_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, fd] : fds_) ::shutdown(fd, SHUT_RDWR);
  }
  std::map<uint32_t, std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  for (auto& [id, t] : threads) t.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  for (int& p : wake_pipe_) {
    if (p >= 0) ::close(p);
    p = -1;
  }
}

}  // namespace feb::frontend
