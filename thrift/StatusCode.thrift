// Status codes: the values of StarRocks' gensrc/thrift/StatusCode.thrift that this project
// sends or receives (explicit values, same numbers).
namespace cpp feb.wire

enum TStatusCode {
  OK = 0,
  CANCELLED = 1,
  ANALYSIS_ERROR = 2,
  NOT_IMPLEMENTED_ERROR = 3,
  RUNTIME_ERROR = 4,
  MEM_LIMIT_EXCEEDED = 5,
  INTERNAL_ERROR = 6,
  THRIFT_RPC_ERROR = 7,
  TIMEOUT = 8,
  TOO_MANY_TASKS = 16,
  END_OF_FILE = 30,
  NOT_FOUND = 31,
  CORRUPTION = 32,
  INVALID_ARGUMENT = 33,
  IO_ERROR = 34,
  ALREADY_EXIST = 35,
  NETWORK_ERROR = 36,
  ILLEGAL_STATE = 37,
  NOT_AUTHORIZED = 38,
  ABORTED = 39,
  REMOTE_ERROR = 40,
  SERVICE_UNAVAILABLE = 41,
  OLAP_ERR_VERSION_ALREADY_MERGED = 45,
  UNKNOWN = 50
}
