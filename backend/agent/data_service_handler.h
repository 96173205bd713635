// DataServiceHandler: the reference-only ReferenceDataService on brpc_port (row writes,
// scans, checksums, tablet listing for the reference frontend). Never throws: every answer
// carries a TStatus.
#pragma once

#include "ReferenceDataService.h"
#include "backend/storage/tablet_store.h"

namespace feb::be {

class DataServiceHandler : public wire::ReferenceDataServiceIf {
 public:
  explicit DataServiceHandler(TabletStore* store) : store_(store) {}
  void write_rows(wire::TRefWriteResult& result, const wire::TRefWriteRequest& request) override;
  void scan_rows(wire::TRefScanResult& result, const wire::TRefScanRequest& request) override;
  void checksum(wire::TRefChecksumResult& result, const wire::TRefScanRequest& request) override;
  void list_tablets(wire::TRefListTabletsResult& result) override;

 private:
  TabletStore* store_;
};

}  // namespace feb::be
