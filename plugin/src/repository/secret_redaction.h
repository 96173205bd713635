// Secrets of a repository's properties (today: "aws.s3.secret_key") kept out of every text the
// module shows or logs: SHOW output, error messages, log lines. The properties themselves are
// journaled as typed (the journal is the host's durable state) and sent to backends only in
// the tasks' broker_prop field.
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace feb::plugin {

// What a secret value is replaced with.
inline constexpr std::string_view kRedactedValue = "******";

// True for a property whose value is a secret ("aws.s3.secret_key"; compared without case).
bool IsSecretProperty(std::string_view key);

// `text` with every occurrence of the value of a secret property of `properties` replaced by
// kRedactedValue. Empty values are left alone (they cannot be found in a text).
std::string RedactSecrets(std::string text, const std::map<std::string, std::string>& properties);

}  // namespace feb::plugin
