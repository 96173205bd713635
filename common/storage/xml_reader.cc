#include "common/storage/xml_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <mutex>

namespace feb::storage {
namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

Status Convert(const xmlNode* node, int depth, XmlElement* out) {
  if (depth > kMaxXmlDepth) return Status::InvalidArgument("XML nested deeper than " + std::to_string(kMaxXmlDepth));
  out->name = reinterpret_cast<const char*>(node->name);
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      out->children.emplace_back();
      RETURN_IF_ERROR(Convert(c, depth + 1, &out->children.back()));
    } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr) {
      out->text += reinterpret_cast<const char*>(c->content);
    }
  }
  return Status::OK();
}

}  // namespace

const XmlElement* XmlElement::Child(std::string_view child) const {
  for (const XmlElement& c : children) {
    if (c.name == child) return &c;
  }
  return nullptr;
}

std::string XmlElement::ChildText(std::string_view child) const {
  const XmlElement* c = Child(child);
  return c == nullptr ? std::string() : c->text;
}

Result<XmlElement> ParseXml(std::string_view document) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  if (document.empty()) return Status::InvalidArgument("empty XML document");
  if (document.size() > kMaxXmlBytes) {
    return Status::InvalidArgument("XML document of " + std::to_string(document.size()) + " bytes is larger than " +
                                   std::to_string(kMaxXmlBytes));
  }
  // No XML_PARSE_NOENT (entities stay unexpanded), no DTD loading, no network.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) return Status::ResourceExhausted("cannot allocate an XML parser");
  std::unique_ptr<xmlDoc, DocFree> doc(
      xmlCtxtReadMemory(ctxt, document.data(), static_cast<int>(document.size()), nullptr, nullptr, options));
  std::string reason;
  if (doc == nullptr) {
    const xmlError* err = xmlCtxtGetLastError(ctxt);
    reason = err != nullptr && err->message != nullptr ? err->message : "not well-formed";
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    if (err != nullptr) reason += " at line " + std::to_string(err->line);
  }
  xmlFreeParserCtxt(ctxt);
  if (doc == nullptr) return Status::InvalidArgument("malformed XML: " + reason);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::InvalidArgument("malformed XML: no root element");
  XmlElement out;
  RETURN_IF_ERROR(Convert(root, 1, &out));
  return out;
}

}  // namespace feb::storage
