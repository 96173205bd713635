// XmlElement / ParseXml: a small element tree read from an XML document (libxml2 underneath),
// enough for S3's responses. Untrusted input: no network access, no external entities, no
// entity expansion, a bounded size and depth; any malformed document is InvalidArgument.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status/result.h"

namespace feb::storage {

struct XmlElement {
  std::string name;  // local name, namespace prefix dropped: "ListBucketResult"
  std::string text;  // the element's own character data, concatenated
  std::vector<XmlElement> children;

  // The first child named `name`, or nullptr.
  const XmlElement* Child(std::string_view name) const;
  // The text of the first child named `name`, or "" when there is none.
  std::string ChildText(std::string_view name) const;
};

inline constexpr size_t kMaxXmlBytes = 16u << 20;
inline constexpr int kMaxXmlDepth = 32;

// The document's root element. InvalidArgument (with libxml2's reason) for a document that is
// empty, malformed, larger than kMaxXmlBytes or nested deeper than kMaxXmlDepth.
Result<XmlElement> ParseXml(std::string_view document);

}  // namespace feb::storage
