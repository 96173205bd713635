// BeConfig: the reference backend's settings, from a be.conf file ("key = value" lines,
// '#' comments) overridden by --key=value flags. Keys are declared once in a table (name,
// default, doc); an unknown key is an error naming it. StarRocks key names where one exists.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status/result.h"

namespace feb::be {

struct BeConfig {
  int be_port = 9060;
  int heartbeat_service_port = 9050;
  int brpc_port = 8060;
  int webserver_port = 8040;
  std::string storage_root_path;  // required
  std::string log_dir;            // empty: log to stderr
  std::string host = "127.0.0.1"; // address reported to the frontend until a heartbeat names one
  std::string bind_host = "0.0.0.0";
  int create_tablet_worker_count = 3;
  int drop_tablet_worker_count = 3;
  int make_snapshot_worker_count = 5;
  int release_snapshot_worker_count = 5;
  int upload_worker_count = 4;
  int download_worker_count = 4;
  int move_worker_count = 4;
  int64_t task_queue_capacity = 10000;
  int report_task_interval_seconds = 10;
  int64_t snapshot_expire_time_sec = 172800;
  int snapshot_sweep_interval_seconds = 60;
  int finish_task_attempts = 5;
  int thrift_connect_timeout_ms = 3000;
  int thrift_rpc_timeout_ms = 30000;
  int max_connections = 64;
  int copy_chunk_kb = 4096;
  int64_t transfer_report_interval_ms = 1000;

  // Parses argv: --conf=FILE, --key=value (wins over the file), --help.
  // Sets *help when --help was given (the caller prints Usage()).
  static Result<BeConfig> FromArgs(int argc, const char* const* argv, bool* help);
  // Applies "key = value" text (a conf file's content); `what` names it in errors.
  Status ApplyText(const std::string& text, const std::string& what);
  Status Set(const std::string& key, const std::string& value);
  Status Validate() const;
  static std::string Usage();
};

}  // namespace feb::be
