#include "common/storage/uri.h"

namespace feb::storage {

std::string UriScheme(std::string_view uri) {
  size_t pos = uri.find("://");
  if (pos == std::string_view::npos || pos == 0) return "";
  for (size_t i = 0; i < pos; ++i) {
    char c = uri[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return "";
  }
  std::string s(uri.substr(0, pos));
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string JoinUri(std::string_view dir, std::string_view name) {
  std::string out(dir);
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

bool HasUnsafeComponent(std::string_view path) {
  size_t start = path.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view rest = path.substr(start);
  size_t i = 0;
  while (i <= rest.size()) {
    size_t j = rest.find('/', i);
    if (j == std::string_view::npos) j = rest.size();
    std::string_view comp = rest.substr(i, j - i);
    if (comp == "." || comp == "..") return true;
    if (comp.empty() && i != 0 && j != rest.size()) return true;  // "a//b"
    i = j + 1;
  }
  return path.find('\0') != std::string_view::npos;
}

bool IsWithin(std::string_view root, std::string_view path) {
  while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
  if (path.size() < root.size() || path.substr(0, root.size()) != root) return false;
  if (path.size() == root.size()) return true;
  return root.back() == '/' || path[root.size()] == '/';
}

bool IsMd5Hex(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<ChecksumName> SplitChecksumName(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string_view md5 = file_name.substr(dot + 1);
  if (!IsMd5Hex(md5)) return std::nullopt;
  return ChecksumName{std::string(file_name.substr(0, dot)), std::string(md5)};
}

}  // namespace feb::storage
