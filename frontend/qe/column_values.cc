#include "frontend/qe/column_values.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace feb::frontend {

namespace {

std::string BaseName(const std::string& type) {
  size_t p = type.find('(');
  std::string b = p == std::string::npos ? type : type.substr(0, p);
  std::transform(b.begin(), b.end(), b.begin(), [](unsigned char c) { return std::toupper(c); });
  return b;
}

bool ParseInt(const std::string& s, long double* out) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(s[j]))) return false;
  }
  *out = std::strtold(s.c_str(), nullptr);
  return true;
}

bool ParseNumber(const std::string& s, long double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtold(s.c_str(), &end);
  return end != s.c_str() && *end == '\0';
}

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int m = std::atoi(s.substr(5, 2).c_str());
  int d = std::atoi(s.substr(8, 2).c_str());
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

long double IntMax(const std::string& base) {
  if (base == "TINYINT") return 127;
  if (base == "SMALLINT") return 32767;
  if (base == "INT" || base == "INTEGER") return 2147483647.0L;
  if (base == "BIGINT") return 9223372036854775807.0L;
  return 1.7e38L;  // LARGEINT
}

}  // namespace

ColumnValues::Family ColumnValues::FamilyOf(const std::string& type) {
  std::string b = BaseName(type);
  if (b == "TINYINT" || b == "SMALLINT" || b == "INT" || b == "INTEGER" || b == "BIGINT" || b == "LARGEINT") {
    return Family::kInteger;
  }
  if (b == "FLOAT" || b == "DOUBLE") return Family::kFloat;
  if (b == "DECIMAL" || b == "DECIMALV2" || b == "DECIMAL32" || b == "DECIMAL64" || b == "DECIMAL128") {
    return Family::kDecimal;
  }
  if (b == "DATE") return Family::kDate;
  if (b == "DATETIME") return Family::kDatetime;
  if (b == "CHAR" || b == "VARCHAR" || b == "STRING") return Family::kString;
  if (b == "BOOLEAN") return Family::kBoolean;
  return Family::kOther;
}

bool ColumnValues::IsSupportedType(const std::string& type) { return FamilyOf(type) != Family::kOther; }

Result<std::optional<std::string>> ColumnValues::Normalize(const std::string& column, const std::string& type,
                                                           bool nullable, const Literal& literal) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("Invalid value '" + literal.text + "' for column '" + column + "' of type " +
                                   type + ": " + why);
  };
  if (literal.kind == Literal::Kind::kNull) {
    if (!nullable) return Status::InvalidArgument("Column '" + column + "' is NOT NULL and cannot take NULL");
    return std::optional<std::string>();
  }
  const std::string& v = literal.text;
  long double n = 0;
  switch (FamilyOf(type)) {
    case Family::kInteger:
      if (!ParseInt(v, &n)) return bad("not an integer");
      if (n > IntMax(BaseName(type)) || n < -IntMax(BaseName(type)) - 1) return bad("out of range");
      return std::optional<std::string>(std::to_string(static_cast<long long>(n)) == v || BaseName(type) == "LARGEINT"
                                            ? v
                                            : std::to_string(static_cast<long long>(n)));
    case Family::kFloat:
    case Family::kDecimal:
      if (!ParseNumber(v, &n)) return bad("not a number");
      return std::optional<std::string>(v);
    case Family::kBoolean:
      if (v == "1" || v == "0") return std::optional<std::string>(v);
      if (v == "true" || v == "TRUE") return std::optional<std::string>("1");
      if (v == "false" || v == "FALSE") return std::optional<std::string>("0");
      return bad("not a boolean");
    case Family::kDate:
      if (!IsDate(v)) return bad("expected YYYY-MM-DD");
      return std::optional<std::string>(v);
    case Family::kDatetime:
      if (v.size() < 10 || !IsDate(v.substr(0, 10))) return bad("expected YYYY-MM-DD HH:MM:SS");
      return std::optional<std::string>(v.size() == 10 ? v + " 00:00:00" : v);
    case Family::kString: {
      size_t p = type.find('(');
      if (p != std::string::npos) {
        size_t max = std::strtoul(type.c_str() + p + 1, nullptr, 10);
        if (max > 0 && v.size() > max) return bad("longer than " + std::to_string(max) + " bytes");
      }
      return std::optional<std::string>(v);
    }
    case Family::kOther:
      break;
  }
  return std::optional<std::string>(v);
}

int ColumnValues::Compare(const std::string& type, const std::optional<std::string>& a,
                          const std::optional<std::string>& b) {
  if (!a || !b) return a ? 1 : (b ? -1 : 0);
  if (*a == "MAXVALUE" || *b == "MAXVALUE") {
    if (*a == *b) return 0;
    return *a == "MAXVALUE" ? 1 : -1;
  }
  Family f = FamilyOf(type);
  if (f == Family::kInteger || f == Family::kFloat || f == Family::kDecimal || f == Family::kBoolean) {
    long double x = std::strtold(a->c_str(), nullptr);
    long double y = std::strtold(b->c_str(), nullptr);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return a->compare(*b) < 0 ? -1 : (a->compare(*b) > 0 ? 1 : 0);
}

std::string ColumnValues::MinValue(const std::string& type) {
  std::string b = BaseName(type);
  if (b == "TINYINT") return "-128";
  if (b == "SMALLINT") return "-32768";
  if (b == "INT" || b == "INTEGER") return "-2147483648";
  if (b == "BIGINT") return "-9223372036854775808";
  if (b == "LARGEINT") return "-170141183460469231731687303715884105728";
  if (b == "DATE") return "0000-01-01";
  if (b == "DATETIME") return "0000-01-01 00:00:00";
  return "";
}

int32_t ColumnValues::Bucket(const std::vector<std::optional<std::string>>& values, int32_t buckets) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (const auto& v : values) {
    std::string s = v ? *v : std::string("\\N");
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  }
  return buckets <= 0 ? 0 : static_cast<int32_t>(h % static_cast<uint64_t>(buckets));
}

std::string ColumnValues::TypeOf(const fe_backup::TableDefinition& def, const std::string& column) {
  for (const auto& c : def.columns) {
    if (c.name == column) return c.type;
  }
  return "VARCHAR";
}

int ColumnValues::CompareBounds(const fe_backup::TableDefinition& def, const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    int c = Compare(TypeOf(def, def.partition_columns[i]), a[i], b[i]);
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace feb::frontend
