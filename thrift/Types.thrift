// Shared wire types: a StarRocks-compatible subset of gensrc/thrift/Types.thrift.
// Field ids, types, required/optional and enum values match StarRocks; ids of StarRocks
// fields we leave out stay unused. Add fields only with new ids.
namespace cpp feb.wire

typedef i64 TTimestamp
typedef i64 TTableId
typedef i64 TTabletId
typedef i64 TVersion
typedef i64 TVersionHash
typedef i32 TSchemaHash
typedef i32 TPort
typedef i64 TCount
typedef i64 TSize
typedef i32 TClusterId
typedef i64 TEpoch
typedef i64 TTransactionId
typedef i64 TPartitionId

enum TStorageType {
  ROW = 0,
  COLUMN = 1
}

enum TStorageMedium {
  HDD = 0,
  SSD = 1
}

enum TPrimitiveType {
  INVALID_TYPE = 0,
  NULL_TYPE = 1,
  BOOLEAN = 2,
  TINYINT = 3,
  SMALLINT = 4,
  INT = 5,
  BIGINT = 6,
  FLOAT = 7,
  DOUBLE = 8,
  DATE = 9,
  DATETIME = 10,
  BINARY = 11,
  DECIMAL_DEPRACTED = 12,
  CHAR = 13,
  LARGEINT = 14,
  VARCHAR = 15,
  HLL = 16,
  DECIMALV2 = 17,
  TIME = 18,
  OBJECT = 19,
  PERCENTILE = 20,
  DECIMAL32 = 21,
  DECIMAL64 = 22,
  DECIMAL128 = 23,
  JSON = 24,
  FUNCTION = 25
}

enum TAggregationType {
  SUM = 0,
  MAX = 1,
  MIN = 2,
  REPLACE = 3,
  HLL_UNION = 4,
  NONE = 5,
  BITMAP_UNION = 6,
  REPLACE_IF_NOT_NULL = 7,
  PERCENTILE_UNION = 8
}

// Implicit numbering in StarRocks; written out here so nothing can shift by accident.
enum TTaskType {
  CREATE = 0,
  DROP = 1,
  PUSH = 2,
  CLONE = 3,
  STORAGE_MEDIUM_MIGRATE = 4,
  ROLLUP = 5,
  SCHEMA_CHANGE = 6,
  CANCEL_DELETE = 7,
  MAKE_SNAPSHOT = 8,
  RELEASE_SNAPSHOT = 9,
  CHECK_CONSISTENCY = 10,
  UPLOAD = 11,
  DOWNLOAD = 12,
  CLEAR_REMOTE_FILE = 13,
  MOVE = 14,
  REALTIME_PUSH = 15,
  PUBLISH_VERSION = 16,
  CLEAR_ALTER_TASK = 17,
  CLEAR_TRANSACTION_TASK = 18,
  RECOVER_TABLET = 19,
  STREAM_LOAD = 20,
  UPDATE_TABLET_META_INFO = 21,
  ALTER = 22,
  INSTALL_PLUGIN = 23,
  UNINSTALL_PLUGIN = 24,
  DROP_AUTO_INCREMENT_MAP = 25,
  COMPACTION = 26
}

struct TColumnType {
  1: required TPrimitiveType type
  2: optional i32 len
  3: optional i32 index_len
  4: optional i32 precision
  5: optional i32 scale
}

struct TNetworkAddress {
  1: required string hostname
  2: required i32 port
}

struct TUniqueId {
  1: required i64 hi
  2: required i64 lo
}

enum TKeysType {
  PRIMARY_KEYS = 0,
  DUP_KEYS = 1,
  UNIQUE_KEYS = 2,
  AGG_KEYS = 3
}

enum TPriority {
  NORMAL = 0,
  HIGH = 1
}

struct TBackend {
  1: required string host
  2: required TPort be_port
  3: required TPort http_port
}

struct TResourceInfo {
  1: required string user
  2: required string group
}

const i32 TSNAPSHOT_REQ_VERSION1 = 3
const i32 TSNAPSHOT_REQ_VERSION2 = 4
const i32 TPREFER_SNAPSHOT_REQ_VERSION = TSNAPSHOT_REQ_VERSION2
