// CaseInsensitiveStream: the ANTLR input stream of the parser. The lexer sees ASCII letters
// upper-cased (so keyword literals match in any case); token text is the original.
// Internal: includes ANTLR headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "antlr4-runtime.h"

namespace feb::sql::internal {

class CaseInsensitiveStream : public antlr4::ANTLRInputStream {
 public:
  // `utf8` is the source text (must outlive the stream), `code_points` its decoding.
  CaseInsensitiveStream(std::string_view utf8, std::u32string code_points);

  size_t LA(ssize_t i) override;
  // Text of code points [a, b] taken from the UTF-8 source (no re-encoding).
  std::string getText(const antlr4::misc::Interval& interval) override;

  // Byte range of code points [first, last] in the source.
  std::string_view Slice(size_t first, size_t last) const;

 private:
  size_t ByteOffset(size_t code_point_index) const;

  std::string_view utf8_;
  std::vector<uint32_t> byte_offsets_;  // per code point; empty when the source is ASCII
};

}  // namespace feb::sql::internal
