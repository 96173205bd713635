// Session: one connection's state (who, which database, session variables). Owned by the
// connection's thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fe_backup/host.h"

namespace feb::frontend {

struct Session {
  std::string user;              // "" before login
  std::string host = "%";        // the matched user entry's host pattern
  std::string remote_host = "127.0.0.1";
  std::string current_db;
  uint32_t connection_id = 0;
  std::map<std::string, std::string> variables;  // overrides of the defaults, lower-case names

  fe_backup::Session ToPluginSession(std::vector<std::string> roles) const {
    fe_backup::Session s;
    s.user = user;
    s.host = host;
    s.current_db = current_db;
    s.connection_id = connection_id;
    s.roles = std::move(roles);
    return s;
  }
};

}  // namespace feb::frontend
