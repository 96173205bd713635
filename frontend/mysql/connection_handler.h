// ConnectionHandler: what the MySQL protocol layer asks of the query engine, one object per
// connection (so it may keep the session: user, current database, variables). Called from the
// connection's own thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "frontend/mysql/query_result.h"

namespace feb::frontend {

struct LoginRequest {
  std::string user;
  std::string remote_host;
  std::string scramble;       // the 20 bytes the server sent
  std::string auth_response;  // the client's mysql_native_password answer
  std::string database;       // "" when the client named none
};

class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  // OK, or the error the client sees (1045 for a bad user/password, 1049 for a bad database).
  virtual QueryResult Login(const LoginRequest& request) = 0;
  virtual QueryResult Query(std::string_view sql) = 0;
  virtual QueryResult InitDb(std::string_view database) = 0;
};

class ConnectionHandlerFactory {
 public:
  virtual ~ConnectionHandlerFactory() = default;
  // Thread-safe.
  virtual std::unique_ptr<ConnectionHandler> Create(uint32_t connection_id, const std::string& remote_host) = 0;
};

}  // namespace feb::frontend
