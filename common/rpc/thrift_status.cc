#include "common/rpc/thrift_status.h"

#include <thrift/TApplicationException.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TTransportException.h>

namespace feb::rpc {

using apache::thrift::TApplicationException;
using apache::thrift::protocol::TProtocolException;
using apache::thrift::transport::TTransportException;

Status StatusFromException(const std::exception& e, const std::string& context) {
  std::string msg = context + ": " + e.what();
  if (const auto* t = dynamic_cast<const TTransportException*>(&e)) {
    if (t->getType() == TTransportException::TIMED_OUT) return Status::Timeout(msg);
    return Status::Unavailable(msg);
  }
  if (dynamic_cast<const TProtocolException*>(&e) != nullptr) return Status::InvalidArgument(msg);
  if (dynamic_cast<const TApplicationException*>(&e) != nullptr) return Status::Internal(msg);
  return Status::Internal(msg);
}

bool IsConnectionBroken(const std::exception& e) {
  return dynamic_cast<const TTransportException*>(&e) != nullptr ||
         dynamic_cast<const TProtocolException*>(&e) != nullptr ||
         dynamic_cast<const TApplicationException*>(&e) != nullptr;
}

}  // namespace feb::rpc
