// SessionVariables: the system variables a session sees (SELECT @@x, SHOW VARIABLES, SET):
// StarRocks' defaults, `max_allowed_packet` and `wait_timeout` from the frontend's config, then
// the session's own SET values. Stateless.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "frontend/config/fe_config.h"
#include "frontend/qe/session.h"

namespace feb::frontend {

class SessionVariables {
 public:
  // The value of `name` (lower-case) for the session, or nullopt for an unknown variable.
  // `config` may be null (defaults only).
  static std::optional<std::string> Get(const Session& s, const FeConfig* config, const std::string& name);
  // Every variable with its value for the session, by name.
  static std::map<std::string, std::string> All(const Session& s, const FeConfig* config);
};

}  // namespace feb::frontend
