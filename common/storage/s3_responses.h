// The S3 response bodies the client reads, parsed from their XML (xml_reader.h). Every parser
// answers InvalidArgument for a body that is not the document it expects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"

namespace feb::storage {

// <Error><Code>NoSuchKey</Code><Message>...</Message></Error>
struct S3ErrorBody {
  std::string code;
  std::string message;
};
Result<S3ErrorBody> ParseS3Error(std::string_view xml);

struct S3Object {
  std::string key;
  uint64_t size = 0;
  std::string etag;
};

// ListObjectsV2 (<ListBucketResult>).
struct S3ListPage {
  std::vector<S3Object> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_continuation_token;  // set when truncated
};
Result<S3ListPage> ParseListObjectsV2(std::string_view xml);

// CreateMultipartUpload (<InitiateMultipartUploadResult>): the UploadId.
Result<std::string> ParseInitiateMultipartUpload(std::string_view xml);

// CompleteMultipartUpload answers 200 and then either <CompleteMultipartUploadResult> or an
// <Error> (the upload failed after all). Returns the error, or an empty code for success.
Result<S3ErrorBody> ParseCompleteMultipartUpload(std::string_view xml);

// ListMultipartUploads (<ListMultipartUploadsResult>): the uploads in progress.
struct S3Upload {
  std::string key;
  std::string upload_id;
};
struct S3UploadsPage {
  std::vector<S3Upload> uploads;
  bool truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};
Result<S3UploadsPage> ParseListMultipartUploads(std::string_view xml);

// The <CompleteMultipartUpload> request body for parts 1..n with their ETags.
std::string CompleteMultipartUploadBody(const std::vector<std::string>& part_etags);

}  // namespace feb::storage
