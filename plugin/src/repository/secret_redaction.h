// Secrets of a repository's properties (which keys are secret: common/storage's
// IsSecretStorageProperty, e.g. "aws.s3.secret_key") kept out of every text the module shows or
// logs: SHOW output, error messages, log lines. The properties themselves are journaled as typed
// (the journal is the host's durable state) and sent to backends only in the tasks'
// broker_prop field.
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>

namespace feb::plugin {

// `text` with every occurrence of the value of a secret property of `properties` replaced by
// storage::kRedactedValue. Empty values are left alone (they cannot be found in a text).
std::string RedactSecrets(std::string text, const std::map<std::string, std::string>& properties);

}  // namespace feb::plugin
