// Fuzzes the frontend's SQL parser: any bytes must give a statement or a syntax error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "frontend/sql/sql_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  (void)feb::frontend::SqlParser::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
