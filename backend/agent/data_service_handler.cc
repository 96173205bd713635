#include "backend/agent/data_service_handler.h"

#include "backend/agent/wire_convert.h"

namespace feb::be {

void DataServiceHandler::write_rows(wire::TRefWriteResult& result, const wire::TRefWriteRequest& request) {
  std::vector<Row> rows;
  rows.reserve(request.rows.size());
  for (const wire::TRefRow& r : request.rows) {
    Row row;
    row.reserve(r.cells.size());
    for (const wire::TRefCell& c : r.cells) row.push_back(c.__isset.value ? Cell(c.value) : Cell());
    rows.push_back(std::move(row));
  }
  Status s = store_->WriteRows(request.tablet_id, request.schema_hash, request.version, rows);
  result.status = ToWireStatus(s);
  if (s.ok()) result.__set_version(request.version);
}

void DataServiceHandler::scan_rows(wire::TRefScanResult& result, const wire::TRefScanRequest& request) {
  int64_t used = 0;
  std::optional<int64_t> version;
  if (request.__isset.version) version = request.version;
  auto rows = store_->Scan(request.tablet_id, request.schema_hash, version, &used);
  result.status = ToWireStatus(rows.status());
  if (!rows.ok()) return;
  std::vector<wire::TRefRow> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    wire::TRefRow row;
    for (const Cell& c : r) {
      wire::TRefCell cell;
      if (c) cell.__set_value(*c);
      row.cells.push_back(std::move(cell));
    }
    out.push_back(std::move(row));
  }
  result.__set_rows(std::move(out));
  result.__set_version(used);
}

void DataServiceHandler::checksum(wire::TRefChecksumResult& result, const wire::TRefScanRequest& request) {
  std::optional<int64_t> version;
  if (request.__isset.version) version = request.version;
  auto sum = store_->Checksum(request.tablet_id, request.schema_hash, version);
  result.status = ToWireStatus(sum.status());
  if (!sum.ok()) return;
  result.__set_md5(sum->md5);
  result.__set_checksum(sum->checksum);
  result.__set_row_count(sum->rows);
  result.__set_version(sum->version);
}

void DataServiceHandler::list_tablets(wire::TRefListTabletsResult& result) {
  std::vector<wire::TRefTabletInfo> tablets;
  for (const TabletMeta& m : store_->List()) {
    wire::TRefTabletInfo t;
    t.tablet_id = m.tablet_id;
    t.schema_hash = m.schema_hash;
    t.version = m.MaxVersion();
    for (const VersionEntry& v : m.versions) t.versions.push_back(v.version);
    t.row_count = m.RowCount(m.MaxVersion());
    tablets.push_back(std::move(t));
  }
  result.status = ToWireStatus(Status::OK());
  result.__set_tablets(std::move(tablets));
}

}  // namespace feb::be
