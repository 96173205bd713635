// Time stamps as StarRocks prints them, in the process' local time zone (TZ).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feb {

// "yyyy-MM-dd HH:mm:ss" (SHOW columns); "NULL" for ms <= 0, as StarRocks 3.x shows unset times.
std::string FormatShowTime(int64_t ms);
// "yyyy-MM-dd-HH-mm-ss-SSS": the time stamp in a snapshot's __info_ file name.
std::string FormatSnapshotTimestamp(int64_t ms);
// Parses "yyyy-MM-dd-HH-mm-ss-SSS" (or the older "yyyy-MM-dd-HH-mm-ss") back to ms, local time.
std::optional<int64_t> ParseSnapshotTimestamp(std::string_view text);

}  // namespace feb
