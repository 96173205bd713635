#include "common/storage/s3_responses.h"

#include "common/storage/xml_reader.h"

namespace feb::storage {
namespace {

Result<XmlElement> Root(std::string_view xml, std::string_view expected) {
  ASSIGN_OR_RETURN(XmlElement root, ParseXml(xml));
  if (root.name != expected) {
    return Status::InvalidArgument("expected an S3 <" + std::string(expected) + "> document, got <" + root.name + ">");
  }
  return root;
}

Result<uint64_t> ParseSize(const std::string& text) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("bad object size in S3 listing: '" + text + "'");
  }
  return std::stoull(text);
}

bool ParseTruncated(const XmlElement& root) { return root.ChildText("IsTruncated") == "true"; }

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

Result<S3ErrorBody> ParseS3Error(std::string_view xml) {
  ASSIGN_OR_RETURN(XmlElement root, Root(xml, "Error"));
  S3ErrorBody e{root.ChildText("Code"), root.ChildText("Message")};
  if (e.code.empty()) return Status::InvalidArgument("S3 <Error> document without a <Code>");
  return e;
}

Result<S3ListPage> ParseListObjectsV2(std::string_view xml) {
  ASSIGN_OR_RETURN(XmlElement root, Root(xml, "ListBucketResult"));
  S3ListPage page;
  for (const XmlElement& c : root.children) {
    if (c.name == "Contents") {
      S3Object o;
      o.key = c.ChildText("Key");
      if (o.key.empty()) return Status::InvalidArgument("S3 listing entry without a <Key>");
      ASSIGN_OR_RETURN(o.size, ParseSize(c.ChildText("Size")));
      o.etag = c.ChildText("ETag");
      page.objects.push_back(std::move(o));
    } else if (c.name == "CommonPrefixes") {
      std::string prefix = c.ChildText("Prefix");
      if (prefix.empty()) return Status::InvalidArgument("S3 listing <CommonPrefixes> without a <Prefix>");
      page.common_prefixes.push_back(std::move(prefix));
    }
  }
  page.truncated = ParseTruncated(root);
  page.next_continuation_token = root.ChildText("NextContinuationToken");
  if (page.truncated && page.next_continuation_token.empty()) {
    return Status::InvalidArgument("truncated S3 listing without a <NextContinuationToken>");
  }
  return page;
}

Result<std::string> ParseInitiateMultipartUpload(std::string_view xml) {
  ASSIGN_OR_RETURN(XmlElement root, Root(xml, "InitiateMultipartUploadResult"));
  std::string id = root.ChildText("UploadId");
  if (id.empty()) return Status::InvalidArgument("S3 <InitiateMultipartUploadResult> without an <UploadId>");
  return id;
}

Result<S3ErrorBody> ParseCompleteMultipartUpload(std::string_view xml) {
  ASSIGN_OR_RETURN(XmlElement root, ParseXml(xml));
  if (root.name == "Error") return ParseS3Error(xml);
  if (root.name != "CompleteMultipartUploadResult") {
    return Status::InvalidArgument("expected an S3 <CompleteMultipartUploadResult> document, got <" + root.name + ">");
  }
  return S3ErrorBody{};
}

Result<S3UploadsPage> ParseListMultipartUploads(std::string_view xml) {
  ASSIGN_OR_RETURN(XmlElement root, Root(xml, "ListMultipartUploadsResult"));
  S3UploadsPage page;
  for (const XmlElement& c : root.children) {
    if (c.name != "Upload") continue;
    S3Upload u{c.ChildText("Key"), c.ChildText("UploadId")};
    if (u.key.empty() || u.upload_id.empty()) return Status::InvalidArgument("S3 <Upload> without <Key> or <UploadId>");
    page.uploads.push_back(std::move(u));
  }
  page.truncated = ParseTruncated(root);
  page.next_key_marker = root.ChildText("NextKeyMarker");
  page.next_upload_id_marker = root.ChildText("NextUploadIdMarker");
  if (page.truncated && page.next_key_marker.empty()) {
    return Status::InvalidArgument("truncated S3 upload listing without a <NextKeyMarker>");
  }
  return page;
}

std::string CompleteMultipartUploadBody(const std::vector<std::string>& part_etags) {
  std::string out = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < part_etags.size(); ++i) {
    out += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + XmlEscape(part_etags[i]) +
           "</ETag></Part>";
  }
  out += "</CompleteMultipartUpload>";
  return out;
}

}  // namespace feb::storage
