// Checked reads of typed values from persisted JSON: journal records, job-info and meta files
// of a repository (possibly written by another cluster), anything read back from bytes this
// process did not just produce. Every reader of such JSON goes through these functions instead
// of nlohmann's get<T>(), which throws on a wrong type and converts silently (or with undefined
// behaviour) on a number out of range: `{"timeoutMs": 864003330...(120 digits)}` is parsed as a
// double, and get<int64_t>() of it is undefined.
//
// Contract of every Get*(obj, key, ...):
//   - `obj` must be a JSON object and hold `key` (GetOptional*: an absent key, or a JSON null,
//     gives the fallback; a present key of the wrong type is still an error);
//   - integers must be JSON integers (not floats such as 1.0 or 1e3, not strings such as "1")
//     within [min, max], both inclusive;
//   - a failure is Status::Corruption with a message naming the key, the expected type (and
//     range) and a short form of the actual value, e.g.
//       key 'timeoutMs': expected an integer in [0, 9223372036854775807], got 8.6400333e+119
//     The message does not name the enclosing object; the caller adds that with
//     Status::WithContext("job info of snapshot s1") once around its parse function.
// Never throws. Works with nlohmann::json and nlohmann::ordered_json. Stateless, thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status/result.h"
#include "common/status/status.h"

namespace feb::json {

inline constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
inline constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

// Value-level checks, for elements of arrays and values of maps; `name` says what the value
// is in the error ("key 'x'", "element 3 of key 'tablets'", "tablet 1001").
template <typename JsonT>
Result<int64_t> AsInt(const JsonT& value, std::string_view name, int64_t min = kInt64Min, int64_t max = kInt64Max);
template <typename JsonT>
Result<int32_t> AsInt32(const JsonT& value, std::string_view name, int32_t min = kInt32Min, int32_t max = kInt32Max);
template <typename JsonT>
Result<bool> AsBool(const JsonT& value, std::string_view name);
template <typename JsonT>
Result<std::string> AsString(const JsonT& value, std::string_view name);

// Required keys.
template <typename JsonT>
Result<int64_t> GetInt(const JsonT& obj, std::string_view key, int64_t min = kInt64Min, int64_t max = kInt64Max);
template <typename JsonT>
Result<int32_t> GetInt32(const JsonT& obj, std::string_view key, int32_t min = kInt32Min, int32_t max = kInt32Max);
template <typename JsonT>
Result<bool> GetBool(const JsonT& obj, std::string_view key);
template <typename JsonT>
Result<std::string> GetString(const JsonT& obj, std::string_view key);
template <typename JsonT>
Result<std::vector<std::string>> GetStringArray(const JsonT& obj, std::string_view key);
// Every element in [min, max].
template <typename JsonT>
Result<std::vector<int64_t>> GetIntArray(const JsonT& obj, std::string_view key, int64_t min = kInt64Min,
                                         int64_t max = kInt64Max);
// A JSON object whose values are all strings.
template <typename JsonT>
Result<std::map<std::string, std::string>> GetStringMap(const JsonT& obj, std::string_view key);
// The nested object / array itself, checked for its kind; the pointer is into `obj`.
template <typename JsonT>
Result<const JsonT*> GetObject(const JsonT& obj, std::string_view key);
template <typename JsonT>
Result<const JsonT*> GetArray(const JsonT& obj, std::string_view key);

// Optional keys: `fallback` when the key is absent or null.
template <typename JsonT>
Result<int64_t> GetOptionalInt(const JsonT& obj, std::string_view key, int64_t fallback, int64_t min = kInt64Min,
                               int64_t max = kInt64Max);
template <typename JsonT>
Result<bool> GetOptionalBool(const JsonT& obj, std::string_view key, bool fallback);
template <typename JsonT>
Result<std::string> GetOptionalString(const JsonT& obj, std::string_view key, std::string fallback);

// Parses `text` into an object; Corruption "not a JSON object" otherwise. Never throws.
template <typename JsonT>
Result<JsonT> ParseObject(std::string_view text);

}  // namespace feb::json
