// TStatus as in StarRocks' gensrc/thrift/Status.thrift.
namespace cpp feb.wire

include "StatusCode.thrift"

struct TStatus {
  1: required StatusCode.TStatusCode status_code
  2: optional list<string> error_msgs
}
