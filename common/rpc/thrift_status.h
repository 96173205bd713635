// Conversion of Thrift exceptions into Status, for the adapters that call generated code.
#pragma once

#include <exception>
#include <string>

#include "common/status/status.h"

namespace feb::rpc {

// TTransportException -> Unavailable (Timeout when it was a timeout), TProtocolException ->
// InvalidArgument (malformed data), TApplicationException -> Internal, others -> Internal.
// `context` names the call and the peer, e.g. "finishTask to 127.0.0.1:9020".
Status StatusFromException(const std::exception& e, const std::string& context);

// True when the exception means the connection is unusable (transport or protocol error).
bool IsConnectionBroken(const std::exception& e);

}  // namespace feb::rpc
