#include "plugin/src/sql/internal/utf8.h"

namespace feb::sql::internal {

namespace {

// Length of the well-formed sequence at `in[i]` and its value, or 0 when ill-formed.
size_t SequenceAt(std::string_view in, size_t i, char32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(in[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  char32_t v;
  char32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > in.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(k) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

}  // namespace

size_t DecodeUtf8(std::string_view in, std::u32string* out) {
  out->reserve(out->size() + in.size());
  size_t i = 0;
  while (i < in.size()) {
    auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {  // fast path
      out->push_back(c);
      ++i;
      continue;
    }
    char32_t cp;
    size_t len = SequenceAt(in, i, &cp);
    if (len == 0) return i;
    out->push_back(cp);
    i += len;
  }
  return std::string_view::npos;
}

std::string PrintableUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    char32_t cp;
    size_t len = SequenceAt(in, i, &cp);
    if (len == 0) {
      out.push_back('?');
      ++i;
    } else if (cp == 0) {
      out += "\\0";
      ++i;
    } else {
      out.append(in.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace feb::sql::internal
