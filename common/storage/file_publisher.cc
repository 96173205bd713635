#include "common/storage/file_publisher.h"

#include <memory>

#include "common/storage/md5.h"
#include "common/storage/uri.h"

namespace feb::storage {
namespace {

std::string ParentUri(const std::string& uri) {
  size_t slash = uri.rfind('/');
  return slash == std::string::npos ? uri : uri.substr(0, slash);
}

// Streams src into an open writer, hashing each chunk. On return the writer is synced and
// closed (or failed).
Result<uint64_t> CopyStream(ReadableFile& in, WritableFile& out, Md5& md5, const CopyOptions& options) {
  std::string buf(options.chunk_size == 0 ? (4u << 20) : options.chunk_size, '\0');
  uint64_t copied = 0;
  while (true) {
    ASSIGN_OR_RETURN(size_t n, in.Read(buf.data(), buf.size()));
    if (n == 0) break;
    std::string_view chunk(buf.data(), n);
    md5.Update(chunk);
    RETURN_IF_ERROR(out.Append(chunk));
    copied += n;
    if (options.on_chunk) RETURN_IF_ERROR(options.on_chunk(copied));
  }
  RETURN_IF_ERROR(out.Sync());
  RETURN_IF_ERROR(out.Close());
  return copied;
}

// Writes src into part_uri; on failure removes part_uri (best effort) and returns the error.
Result<uint64_t> WritePart(ReadableFile& in, Storage& dest, const std::string& part_uri, Md5& md5,
                           const CopyOptions& options) {
  auto out = dest.OpenWrite(part_uri);
  if (!out.ok()) return out.status();
  auto copied = CopyStream(in, **out, md5, options);
  if (!copied.ok()) {
    out->reset();
    (void)dest.Delete(part_uri);
    return copied.status();
  }
  return copied;
}

}  // namespace

Result<PublishedFile> PublishFile(Storage& src, const std::string& src_uri, Storage& dest,
                                  const std::string& dest_dir_uri, const std::string& name,
                                  const std::vector<FileInfo>& dest_entries, const CopyOptions& options) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    return Status::InvalidArgument("bad file name to publish: '" + name + "'");
  }
  std::vector<std::string> existing_md5s;
  for (const FileInfo& e : dest_entries) {
    if (e.is_dir) continue;
    auto split = SplitChecksumName(e.name);
    if (split && split->name == name) existing_md5s.push_back(split->md5);
  }
  PublishedFile result;
  if (!existing_md5s.empty()) {
    ASSIGN_OR_RETURN(auto in, src.OpenRead(src_uri));
    ASSIGN_OR_RETURN(std::string md5, Md5OfStream(*in, options.chunk_size == 0 ? (4u << 20) : options.chunk_size));
    for (const std::string& m : existing_md5s) {
      if (m == md5) {
        result.name = name + "." + md5;
        result.md5 = md5;
        result.skipped = true;
        for (const FileInfo& e : dest_entries) {
          if (e.name == result.name) result.bytes = e.size;
        }
        // stale copies with another checksum go away
        for (const std::string& other : existing_md5s) {
          if (other != md5) RETURN_IF_ERROR(dest.Delete(JoinUri(dest_dir_uri, name + "." + other)));
        }
        return result;
      }
    }
  }
  ASSIGN_OR_RETURN(auto in, src.OpenRead(src_uri));
  const std::string part_uri = JoinUri(dest_dir_uri, name + ".part");
  Md5 md5;
  ASSIGN_OR_RETURN(uint64_t bytes, WritePart(*in, dest, part_uri, md5, options));
  result.md5 = md5.HexDigest();
  result.name = name + "." + result.md5;
  result.bytes = bytes;
  Status renamed = dest.Rename(part_uri, JoinUri(dest_dir_uri, result.name));
  if (!renamed.ok()) {
    (void)dest.Delete(part_uri);
    return renamed;
  }
  RETURN_IF_ERROR(dest.SyncDir(dest_dir_uri));
  for (const std::string& other : existing_md5s) {
    if (other != result.md5) RETURN_IF_ERROR(dest.Delete(JoinUri(dest_dir_uri, name + "." + other)));
  }
  return result;
}

Result<uint64_t> FetchVerified(Storage& src, const std::string& src_uri, const std::string& expected_md5,
                               Storage& dest, const std::string& dest_uri, const CopyOptions& options) {
  ASSIGN_OR_RETURN(auto in, src.OpenRead(src_uri));
  const std::string part_uri = dest_uri + ".part";
  Md5 md5;
  ASSIGN_OR_RETURN(uint64_t bytes, WritePart(*in, dest, part_uri, md5, options));
  std::string actual = md5.HexDigest();
  if (actual != expected_md5) {
    (void)dest.Delete(part_uri);
    return Status::Corruption("md5sum does not equal. local: " + actual + ", remote: " + expected_md5 +
                              " (file " + src_uri + ")");
  }
  Status renamed = dest.Rename(part_uri, dest_uri);
  if (!renamed.ok()) {
    (void)dest.Delete(part_uri);
    return renamed;
  }
  RETURN_IF_ERROR(dest.SyncDir(ParentUri(dest_uri)));
  return bytes;
}

Result<std::string> ReadFileToString(Storage& src, const std::string& uri, size_t max_bytes) {
  ASSIGN_OR_RETURN(auto in, src.OpenRead(uri));
  std::string out;
  std::string buf(1 << 20, '\0');
  while (true) {
    ASSIGN_OR_RETURN(size_t n, in->Read(buf.data(), buf.size()));
    if (n == 0) break;
    if (out.size() + n > max_bytes) {
      return Status::ResourceExhausted("file " + uri + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buf.data(), n);
  }
  return out;
}

Status WriteFileAtomically(Storage& dest, const std::string& uri, std::string_view data) {
  const std::string part_uri = uri + ".part";
  {
    ASSIGN_OR_RETURN(auto out, dest.OpenWrite(part_uri));
    Status s = out->Append(data);
    if (s.ok()) s = out->Sync();
    if (s.ok()) s = out->Close();
    if (!s.ok()) {
      out.reset();
      (void)dest.Delete(part_uri);
      return s;
    }
  }
  Status renamed = dest.Rename(part_uri, uri);
  if (!renamed.ok()) {
    (void)dest.Delete(part_uri);
    return renamed;
  }
  return dest.SyncDir(ParentUri(uri));
}

}  // namespace feb::storage
