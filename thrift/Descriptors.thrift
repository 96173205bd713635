// The column description a CREATE task carries (subset of StarRocks' Descriptors.thrift TColumn).
namespace cpp feb.wire

include "Types.thrift"

struct TColumn {
  1: required string column_name
  2: required Types.TColumnType column_type
  3: optional Types.TAggregationType aggregation_type
  4: optional bool is_key
  5: optional bool is_allow_null
  6: optional string default_value
  7: optional bool is_bloom_filter_column
}
