#include "common/json/json_reader.h"

namespace feb::json {

namespace {

constexpr size_t kMaxShownValue = 64;

template <typename JsonT>
std::string Shown(const JsonT& value) {
  std::string s = value.dump(-1, ' ', false, JsonT::error_handler_t::replace);
  if (s.size() > kMaxShownValue) s = s.substr(0, kMaxShownValue) + "...";
  return s;
}

template <typename JsonT>
Status Wrong(std::string_view name, std::string_view expected, const JsonT& value) {
  return Status::Corruption(std::string(name) + ": expected " + std::string(expected) + ", got " + Shown(value));
}

std::string KeyName(std::string_view key) { return "key '" + std::string(key) + "'"; }

std::string Range(int64_t min, int64_t max) {
  return "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
}

// The member `key` of `obj`, or null when `obj` is an object without it; an error when `obj`
// is not an object.
template <typename JsonT>
Result<const JsonT*> Find(const JsonT& obj, std::string_view key) {
  if (!obj.is_object()) {
    return Status::Corruption(KeyName(key) + ": expected a JSON object holding it, got " + Shown(obj));
  }
  auto it = obj.find(std::string(key));
  if (it == obj.end()) return static_cast<const JsonT*>(nullptr);
  return &*it;
}

template <typename JsonT>
Result<const JsonT*> FindRequired(const JsonT& obj, std::string_view key) {
  ASSIGN_OR_RETURN(const JsonT* v, Find(obj, key));
  if (v == nullptr) return Status::Corruption(KeyName(key) + ": missing");
  return v;
}

}  // namespace

template <typename JsonT>
Result<int64_t> AsInt(const JsonT& value, std::string_view name, int64_t min, int64_t max) {
  if (value.is_number_unsigned()) {
    uint64_t u = value.template get<uint64_t>();
    if (max < 0 || u > static_cast<uint64_t>(max)) return Wrong(name, Range(min, max), value);
    return static_cast<int64_t>(u);
  }
  if (value.is_number_integer()) {
    int64_t v = value.template get<int64_t>();
    if (v < min || v > max) return Wrong(name, Range(min, max), value);
    return v;
  }
  return Wrong(name, Range(min, max), value);
}

template <typename JsonT>
Result<int32_t> AsInt32(const JsonT& value, std::string_view name, int32_t min, int32_t max) {
  ASSIGN_OR_RETURN(int64_t v, AsInt(value, name, min, max));
  return static_cast<int32_t>(v);
}

template <typename JsonT>
Result<bool> AsBool(const JsonT& value, std::string_view name) {
  if (!value.is_boolean()) return Wrong(name, "true or false", value);
  return value.template get<bool>();
}

template <typename JsonT>
Result<std::string> AsString(const JsonT& value, std::string_view name) {
  if (!value.is_string()) return Wrong(name, "a string", value);
  return value.template get<std::string>();
}

template <typename JsonT>
Result<int64_t> GetInt(const JsonT& obj, std::string_view key, int64_t min, int64_t max) {
  ASSIGN_OR_RETURN(const JsonT* v, FindRequired(obj, key));
  return AsInt(*v, KeyName(key), min, max);
}

template <typename JsonT>
Result<int32_t> GetInt32(const JsonT& obj, std::string_view key, int32_t min, int32_t max) {
  ASSIGN_OR_RETURN(const JsonT* v, FindRequired(obj, key));
  return AsInt32(*v, KeyName(key), min, max);
}

template <typename JsonT>
Result<bool> GetBool(const JsonT& obj, std::string_view key) {
  ASSIGN_OR_RETURN(const JsonT* v, FindRequired(obj, key));
  return AsBool(*v, KeyName(key));
}

template <typename JsonT>
Result<std::string> GetString(const JsonT& obj, std::string_view key) {
  ASSIGN_OR_RETURN(const JsonT* v, FindRequired(obj, key));
  return AsString(*v, KeyName(key));
}

template <typename JsonT>
Result<std::vector<std::string>> GetStringArray(const JsonT& obj, std::string_view key) {
  ASSIGN_OR_RETURN(const JsonT* v, GetArray(obj, key));
  std::vector<std::string> out;
  out.reserve(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    ASSIGN_OR_RETURN(std::string s, AsString((*v)[i], "element " + std::to_string(i) + " of " + KeyName(key)));
    out.push_back(std::move(s));
  }
  return out;
}

template <typename JsonT>
Result<std::vector<int64_t>> GetIntArray(const JsonT& obj, std::string_view key, int64_t min, int64_t max) {
  ASSIGN_OR_RETURN(const JsonT* v, GetArray(obj, key));
  std::vector<int64_t> out;
  out.reserve(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    ASSIGN_OR_RETURN(int64_t n, AsInt((*v)[i], "element " + std::to_string(i) + " of " + KeyName(key), min, max));
    out.push_back(n);
  }
  return out;
}

template <typename JsonT>
Result<std::map<std::string, std::string>> GetStringMap(const JsonT& obj, std::string_view key) {
  ASSIGN_OR_RETURN(const JsonT* v, GetObject(obj, key));
  std::map<std::string, std::string> out;
  for (auto it = v->begin(); it != v->end(); ++it) {
    ASSIGN_OR_RETURN(std::string s, AsString(*it, "value '" + it.key() + "' of " + KeyName(key)));
    out.emplace(it.key(), std::move(s));
  }
  return out;
}

template <typename JsonT>
Result<const JsonT*> GetObject(const JsonT& obj, std::string_view key) {
  ASSIGN_OR_RETURN(const JsonT* v, FindRequired(obj, key));
  if (!v->is_object()) return Wrong(KeyName(key), "a JSON object", *v);
  return v;
}

template <typename JsonT>
Result<const JsonT*> GetArray(const JsonT& obj, std::string_view key) {
  ASSIGN_OR_RETURN(const JsonT* v, FindRequired(obj, key));
  if (!v->is_array()) return Wrong(KeyName(key), "a JSON array", *v);
  return v;
}

template <typename JsonT>
Result<int64_t> GetOptionalInt(const JsonT& obj, std::string_view key, int64_t fallback, int64_t min, int64_t max) {
  ASSIGN_OR_RETURN(const JsonT* v, Find(obj, key));
  if (v == nullptr || v->is_null()) return fallback;
  return AsInt(*v, KeyName(key), min, max);
}

template <typename JsonT>
Result<bool> GetOptionalBool(const JsonT& obj, std::string_view key, bool fallback) {
  ASSIGN_OR_RETURN(const JsonT* v, Find(obj, key));
  if (v == nullptr || v->is_null()) return fallback;
  return AsBool(*v, KeyName(key));
}

template <typename JsonT>
Result<std::string> GetOptionalString(const JsonT& obj, std::string_view key, std::string fallback) {
  ASSIGN_OR_RETURN(const JsonT* v, Find(obj, key));
  if (v == nullptr || v->is_null()) return fallback;
  return AsString(*v, KeyName(key));
}

template <typename JsonT>
Result<JsonT> ParseObject(std::string_view text) {
  JsonT j = JsonT::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("not a JSON object");
  return j;
}

#define FEB_JSON_READER_INSTANTIATE(J)                                                                  \
  template Result<int64_t> AsInt<J>(const J&, std::string_view, int64_t, int64_t);                     \
  template Result<int32_t> AsInt32<J>(const J&, std::string_view, int32_t, int32_t);                   \
  template Result<bool> AsBool<J>(const J&, std::string_view);                                         \
  template Result<std::string> AsString<J>(const J&, std::string_view);                                \
  template Result<int64_t> GetInt<J>(const J&, std::string_view, int64_t, int64_t);                    \
  template Result<int32_t> GetInt32<J>(const J&, std::string_view, int32_t, int32_t);                  \
  template Result<bool> GetBool<J>(const J&, std::string_view);                                        \
  template Result<std::string> GetString<J>(const J&, std::string_view);                               \
  template Result<std::vector<std::string>> GetStringArray<J>(const J&, std::string_view);             \
  template Result<std::vector<int64_t>> GetIntArray<J>(const J&, std::string_view, int64_t, int64_t);  \
  template Result<std::map<std::string, std::string>> GetStringMap<J>(const J&, std::string_view);     \
  template Result<const J*> GetObject<J>(const J&, std::string_view);                                  \
  template Result<const J*> GetArray<J>(const J&, std::string_view);                                   \
  template Result<int64_t> GetOptionalInt<J>(const J&, std::string_view, int64_t, int64_t, int64_t);   \
  template Result<bool> GetOptionalBool<J>(const J&, std::string_view, bool);                          \
  template Result<std::string> GetOptionalString<J>(const J&, std::string_view, std::string);          \
  template Result<J> ParseObject<J>(std::string_view);

FEB_JSON_READER_INSTANTIATE(nlohmann::json)
FEB_JSON_READER_INSTANTIATE(nlohmann::ordered_json)

#undef FEB_JSON_READER_INSTANTIATE

}  // namespace feb::json
