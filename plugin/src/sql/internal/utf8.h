// UTF-8 decoding for the parser's input (no ANTLR types).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace feb::sql::internal {

// Appends the code points of `in` to `out`. Returns the byte offset of the first byte that is
// not part of a well-formed UTF-8 sequence (overlong forms, surrogates and values above
// U+10FFFF are ill-formed), or npos when all of `in` is valid.
size_t DecodeUtf8(std::string_view in, std::u32string* out);

// `in` with every ill-formed byte replaced by '?' and NUL by "\0", for showing text in messages.
std::string PrintableUtf8(std::string_view in);

}  // namespace feb::sql::internal
