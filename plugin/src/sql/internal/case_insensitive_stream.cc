#include "plugin/src/sql/internal/case_insensitive_stream.h"

namespace feb::sql::internal {

CaseInsensitiveStream::CaseInsensitiveStream(std::string_view utf8, std::u32string code_points)
    : antlr4::ANTLRInputStream(), utf8_(utf8) {
  _data = std::move(code_points);
  p = 0;
  if (_data.size() != utf8_.size()) {  // some multi-byte characters: map index -> byte
    byte_offsets_.reserve(_data.size() + 1);
    for (size_t i = 0; i < utf8_.size(); ++i) {
      if ((static_cast<unsigned char>(utf8_[i]) & 0xC0) != 0x80) byte_offsets_.push_back(static_cast<uint32_t>(i));
    }
  }
}

size_t CaseInsensitiveStream::LA(ssize_t i) {
  size_t c = antlr4::ANTLRInputStream::LA(i);
  return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
}

size_t CaseInsensitiveStream::ByteOffset(size_t index) const {
  if (byte_offsets_.empty()) return index < utf8_.size() ? index : utf8_.size();
  return index < byte_offsets_.size() ? byte_offsets_[index] : utf8_.size();
}

std::string_view CaseInsensitiveStream::Slice(size_t first, size_t last) const {
  if (first > last || first >= _data.size()) return {};
  size_t begin = ByteOffset(first);
  size_t end = ByteOffset(last + 1);
  return utf8_.substr(begin, end - begin);
}

std::string CaseInsensitiveStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return "";
  return std::string(Slice(static_cast<size_t>(interval.a), static_cast<size_t>(interval.b)));
}

}  // namespace feb::sql::internal
