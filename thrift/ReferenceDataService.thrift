// Reference-only data service of the reference backend `be`, served on brpc_port.
// NOT part of StarRocks: the reference frontend uses it for INSERT / SELECT / CHECKSUM TABLE.
// Contract (see docs/backend.md):
// - a tablet is (tablet_id, schema_hash), created by a CREATE agent task;
// - write_rows appends one new version: request.version must be the tablet's current
//   version + 1 (versions are never rewritten); an empty row list is a valid write;
// - scan_rows / checksum read every row of versions 2..version (version 1 is the empty
//   initial version), in version order and, within a version, in write order;
//   an unset version means the tablet's current version;
// - every call answers a TStatus (OK / NOT_FOUND / INVALID_ARGUMENT / ALREADY_EXIST /
//   IO_ERROR) and never throws.
namespace cpp feb.wire

include "Status.thrift"
include "Types.thrift"

// One cell; an unset value is SQL NULL.
struct TRefCell {
  1: optional string value
}

struct TRefRow {
  1: required list<TRefCell> cells
}

struct TRefWriteRequest {
  1: required Types.TTabletId tablet_id
  2: required Types.TSchemaHash schema_hash
  3: required Types.TVersion version
  4: required list<TRefRow> rows
}

struct TRefWriteResult {
  1: required Status.TStatus status
  2: optional Types.TVersion version
}

struct TRefScanRequest {
  1: required Types.TTabletId tablet_id
  2: required Types.TSchemaHash schema_hash
  3: optional Types.TVersion version
}

struct TRefScanResult {
  1: required Status.TStatus status
  2: optional list<TRefRow> rows
  3: optional Types.TVersion version
}

struct TRefChecksumResult {
  1: required Status.TStatus status
  // lower-case hex MD5 over the canonical encoding of the rows (docs/backend.md)
  2: optional string md5
  // the first 8 bytes of that MD5 as a big-endian signed integer
  3: optional i64 checksum
  4: optional i64 row_count
  5: optional Types.TVersion version
}

struct TRefTabletInfo {
  1: required Types.TTabletId tablet_id
  2: required Types.TSchemaHash schema_hash
  3: required Types.TVersion version
  4: required list<Types.TVersion> versions
  5: required i64 row_count
}

struct TRefListTabletsResult {
  1: required Status.TStatus status
  2: optional list<TRefTabletInfo> tablets
}

service ReferenceDataService {
  TRefWriteResult write_rows(1: TRefWriteRequest request)
  TRefScanResult scan_rows(1: TRefScanRequest request)
  TRefChecksumResult checksum(1: TRefScanRequest request)
  TRefListTabletsResult list_tablets()
}
