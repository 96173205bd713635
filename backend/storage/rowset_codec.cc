#include "backend/storage/rowset_codec.h"

#include <cstdint>

namespace feb::be {
namespace {

void PutU32(uint32_t v, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool GetU32(std::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  *v = 0;
  for (int i = 0; i < 4; ++i) *v |= static_cast<uint32_t>(static_cast<unsigned char>((*in)[i])) << (8 * i);
  in->remove_prefix(4);
  return true;
}

}  // namespace

void EncodeRow(const Row& row, std::string* out) {
  PutU32(static_cast<uint32_t>(row.size()), out);
  for (const Cell& c : row) {
    if (!c.has_value()) {
      out->push_back('\0');
    } else {
      out->push_back('\1');
      PutU32(static_cast<uint32_t>(c->size()), out);
      out->append(*c);
    }
  }
}

std::string EncodeRowset(const std::vector<Row>& rows) {
  std::string out(kRowsetMagic);
  for (const Row& r : rows) EncodeRow(r, &out);
  return out;
}

Result<std::vector<Row>> DecodeRowset(std::string_view data, const std::string& what) {
  if (data.substr(0, kRowsetMagic.size()) != kRowsetMagic) {
    return Status::Corruption("rowset file " + what + " has no FEBROWS1 magic");
  }
  data.remove_prefix(kRowsetMagic.size());
  std::vector<Row> rows;
  while (!data.empty()) {
    uint32_t cells = 0;
    if (!GetU32(&data, &cells) || cells > data.size()) {
      return Status::Corruption("rowset file " + what + " is truncated at row " + std::to_string(rows.size()));
    }
    Row row;
    row.reserve(cells);
    for (uint32_t i = 0; i < cells; ++i) {
      if (data.empty()) return Status::Corruption("rowset file " + what + " is truncated in a cell");
      char tag = data[0];
      data.remove_prefix(1);
      if (tag == '\0') {
        row.emplace_back(std::nullopt);
      } else if (tag == '\1') {
        uint32_t len = 0;
        if (!GetU32(&data, &len) || len > data.size()) {
          return Status::Corruption("rowset file " + what + " is truncated in a value");
        }
        row.emplace_back(std::string(data.substr(0, len)));
        data.remove_prefix(len);
      } else {
        return Status::Corruption("rowset file " + what + " has a bad cell tag");
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace feb::be
