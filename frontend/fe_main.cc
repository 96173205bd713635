// fe: the reference frontend process. `fe --conf=FILE [--key=value ...]`; see docs/frontend.md.
#include <glog/logging.h>
#include <signal.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <iostream>

#include "frontend/config/fe_config.h"
#include "frontend/server/frontend_server.h"

namespace {

std::string BinaryDir(const char* argv0) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = '\0';
    return std::filesystem::path(buf).parent_path().string();
  }
  return std::filesystem::absolute(argv0).parent_path().string();
}

}  // namespace

int main(int argc, char** argv) {
  auto config = feb::frontend::FeConfig::Load(argc, argv, BinaryDir(argv[0]));
  if (!config.ok()) {
    std::cerr << "fe: " << config.status().message() << "\n" << feb::frontend::FeConfig::HelpText();
    return 2;
  }
  if (config->help_requested()) {
    std::cout << feb::frontend::FeConfig::HelpText();
    return 0;
  }
  std::string log_dir = config->GetString("log_dir");
  std::error_code ec;
  std::filesystem::create_directories(log_dir, ec);
  if (ec) {
    std::cerr << "fe: cannot create log_dir " << log_dir << ": " << ec.message() << "\n";
    return 2;
  }
  FLAGS_log_dir = log_dir;
  FLAGS_logbufsecs = 0;
  google::InitGoogleLogging("fe");
  for (const auto& k : config->UnknownKeys()) LOG(INFO) << "config key '" << k << "' is not read by the frontend itself";

  // Signals are taken by sigwait on this thread only.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  feb::frontend::FrontendServer server(*config);
  feb::Status st = server.Start();
  if (!st.ok()) {
    LOG(ERROR) << "fe failed to start: " << st;
    std::cerr << "fe: failed to start: " << st << "\n";
    return 1;
  }
  LOG(INFO) << "fe started: query_port " << server.query_port();
  std::cout << "fe started: query_port " << server.query_port() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  LOG(INFO) << "fe received signal " << sig << ", shutting down";
  server.Shutdown();
  LOG(INFO) << "fe stopped";
  google::ShutdownGoogleLogging();
  return 0;
}
