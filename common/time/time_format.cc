#include "common/time/time_format.h"

#include <cstdio>
#include <ctime>

namespace feb {

namespace {

bool LocalTime(int64_t ms, std::tm* out) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  return localtime_r(&secs, out) != nullptr;
}

bool ParseDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string FormatShowTime(int64_t ms) {
  if (ms <= 0) return "NULL";
  std::tm tm{};
  if (!LocalTime(ms, &tm)) return "NULL";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string FormatSnapshotTimestamp(int64_t ms) {
  std::tm tm{};
  if (ms < 0 || !LocalTime(ms, &tm)) {
    ms = 0;
    LocalTime(0, &tm);
  }
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d-%02d-%02d-%02d-%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::optional<int64_t> ParseSnapshotTimestamp(std::string_view text) {
  // yyyy-MM-dd-HH-mm-ss[-SSS]
  if (text.size() != 19 && text.size() != 23) return std::nullopt;
  int year, mon, day, hour, min, sec, milli = 0;
  if (!ParseDigits(text, 0, 4, &year) || text[4] != '-' || !ParseDigits(text, 5, 2, &mon) || text[7] != '-' ||
      !ParseDigits(text, 8, 2, &day) || text[10] != '-' || !ParseDigits(text, 11, 2, &hour) || text[13] != '-' ||
      !ParseDigits(text, 14, 2, &min) || text[16] != '-' || !ParseDigits(text, 17, 2, &sec)) {
    return std::nullopt;
  }
  if (text.size() == 23 && (text[19] != '-' || !ParseDigits(text, 20, 3, &milli))) return std::nullopt;
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  tm.tm_isdst = -1;
  std::time_t t = mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<int64_t>(t) * 1000 + milli;
}

}  // namespace feb
