// Rowset file encoding of the reference backend (documented in docs/backend.md):
//   "FEBROWS1" (8 bytes) then, per row: u32 cell count, then per cell a u8 tag
//   (0 = NULL, 1 = value) and for a value u32 length + bytes. Integers little-endian.
// The tablet checksum is the MD5 of the row encodings (everything after the magic) of all
// versions in order, so it depends on values, NULLs, order and row boundaries only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"

namespace feb::be {

using Cell = std::optional<std::string>;  // nullopt = SQL NULL
using Row = std::vector<Cell>;

inline constexpr std::string_view kRowsetMagic = "FEBROWS1";

// Magic + rows.
std::string EncodeRowset(const std::vector<Row>& rows);
// Rows of one encoded row (no magic); appended to `out`.
void EncodeRow(const Row& row, std::string* out);
// Parses a whole rowset file; Corruption (naming `what`) on a bad magic or truncation.
Result<std::vector<Row>> DecodeRowset(std::string_view data, const std::string& what);

}  // namespace feb::be
