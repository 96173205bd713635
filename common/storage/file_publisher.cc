#include "common/storage/file_publisher.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "common/storage/md5.h"
#include "common/storage/uri.h"

namespace feb::storage {
namespace {

std::string ParentUri(const std::string& uri) {
  size_t slash = uri.rfind('/');
  return slash == std::string::npos ? uri : uri.substr(0, slash);
}

// Streams src into an open writer through a two-stage pipeline: a reader thread reads and
// hashes chunk i+1 while this thread writes chunk i, so hashing and writing overlap. On
// return everything is written but not yet synced.
Result<uint64_t> CopyStream(ReadableFile& in, WritableFile& out, Md5& md5, const CopyOptions& options) {
  const size_t chunk = options.chunk_size == 0 ? (4u << 20) : options.chunk_size;
  constexpr size_t kBuffers = 3;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> free_buffers(kBuffers, std::string(chunk, '\0'));
  std::deque<std::pair<std::string, size_t>> filled;  // buffer, bytes used (0 = end)
  bool abort = false;
  Status read_status;

  std::thread reader([&] {
    while (true) {
      std::string buf;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return abort || !free_buffers.empty(); });
        if (abort) return;
        buf = std::move(free_buffers.front());
        free_buffers.pop_front();
      }
      auto n = in.Read(buf.data(), buf.size());
      std::lock_guard<std::mutex> lock(mu);
      if (!n.ok()) {
        read_status = n.status();
        filled.emplace_back(std::string(), 0);
        cv.notify_all();
        return;
      }
      if (*n > 0) md5.Update(std::string_view(buf.data(), *n));
      filled.emplace_back(std::move(buf), *n);
      cv.notify_all();
      if (*n == 0) return;
    }
  });

  uint64_t copied = 0;
  Status write_status;
  while (true) {
    std::pair<std::string, size_t> item;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return !filled.empty(); });
      item = std::move(filled.front());
      filled.pop_front();
    }
    if (item.second == 0) break;  // end of input or read error
    write_status = out.Append(std::string_view(item.first.data(), item.second));
    if (write_status.ok()) {
      copied += item.second;
      if (options.on_chunk) write_status = options.on_chunk(copied);
    }
    if (!write_status.ok()) break;
    std::lock_guard<std::mutex> lock(mu);
    free_buffers.push_back(std::move(item.first));
    cv.notify_all();
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    abort = true;
    cv.notify_all();
  }
  reader.join();
  RETURN_IF_ERROR(write_status);
  RETURN_IF_ERROR(read_status);
  return copied;
}

// Writes src into part_uri, fsyncs and closes it; on failure removes part_uri (best effort)
// and returns the error.
Result<uint64_t> WritePart(ReadableFile& in, Storage& dest, const std::string& part_uri, Md5& md5,
                           const CopyOptions& options) {
  auto out = dest.OpenWrite(part_uri);
  if (!out.ok()) return out.status();
  auto copied = CopyStream(in, **out, md5, options);
  if (copied.ok()) {
    Status s = (*out)->Sync();
    if (s.ok()) s = (*out)->Close();
    if (!s.ok()) copied = s;
  }
  if (!copied.ok()) {
    out->reset();
    (void)dest.Delete(part_uri);
    return copied.status();
  }
  return copied;
}

}  // namespace

Result<std::vector<PublishedFile>> PublishFiles(Storage& src, const std::vector<PublishSource>& files, Storage& dest,
                                                const std::string& dest_dir_uri,
                                                const std::vector<FileInfo>& dest_entries, const CopyOptions& options) {
  for (const PublishSource& f : files) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "." || f.name == "..") {
      return Status::InvalidArgument("bad file name to publish: '" + f.name + "'");
    }
  }
  struct Staged {
    size_t index;
    std::string part_uri;
    std::unique_ptr<WritableFile> out;
    std::vector<std::string> stale;  // other "<name>.<md5>" copies to remove once published
  };
  std::vector<PublishedFile> results(files.size());
  std::vector<Staged> batch;
  uint64_t batch_bytes = 0;
  auto abort_batch = [&] {
    for (Staged& st : batch) {
      st.out.reset();
      (void)dest.Delete(st.part_uri);
    }
    batch.clear();
    batch_bytes = 0;
  };
  // Makes the staged parts durable, publishes them, then makes the directory durable.
  auto commit = [&]() -> Status {
    for (Staged& st : batch) {
      Status s = st.out->Sync();
      if (s.ok()) s = st.out->Close();
      if (!s.ok()) {
        abort_batch();
        return s;
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      Status s = dest.Rename(batch[i].part_uri, JoinUri(dest_dir_uri, results[batch[i].index].name));
      if (!s.ok()) {
        batch.erase(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(i));
        abort_batch();
        return s;
      }
    }
    RETURN_IF_ERROR(dest.SyncDir(dest_dir_uri));
    for (Staged& st : batch) {
      for (const std::string& stale : st.stale) RETURN_IF_ERROR(dest.Delete(JoinUri(dest_dir_uri, stale)));
    }
    batch.clear();
    batch_bytes = 0;
    return Status::OK();
  };

  const size_t chunk = options.chunk_size == 0 ? (4u << 20) : options.chunk_size;
  for (size_t i = 0; i < files.size(); ++i) {
    const PublishSource& f = files[i];
    std::vector<std::string> existing_md5s;
    for (const FileInfo& e : dest_entries) {
      if (e.is_dir) continue;
      auto split = SplitChecksumName(e.name);
      if (split && split->name == f.name) existing_md5s.push_back(split->md5);
    }
    PublishedFile& result = results[i];
    if (!existing_md5s.empty()) {
      auto in = src.OpenRead(f.src_uri);
      auto md5 = in.ok() ? Md5OfStream(**in, chunk) : Result<std::string>(in.status());
      if (!md5.ok()) {
        abort_batch();
        return md5.status();
      }
      bool same = false;
      for (const std::string& m : existing_md5s) same = same || m == *md5;
      if (same) {
        result.name = f.name + "." + *md5;
        result.md5 = *md5;
        result.skipped = true;
        for (const FileInfo& e : dest_entries) {
          if (e.name == result.name) result.bytes = e.size;
        }
        for (const std::string& other : existing_md5s) {
          if (other != *md5) {
            Status s = dest.Delete(JoinUri(dest_dir_uri, f.name + "." + other));
            if (!s.ok()) {
              abort_batch();
              return s;
            }
          }
        }
        continue;
      }
    }
    Staged st;
    st.index = i;
    st.part_uri = JoinUri(dest_dir_uri, f.name + ".part");
    auto in = src.OpenRead(f.src_uri);
    if (!in.ok()) {
      abort_batch();
      return in.status();
    }
    auto out = dest.OpenWrite(st.part_uri);
    if (!out.ok()) {
      abort_batch();
      return out.status();
    }
    st.out = std::move(*out);
    Md5 md5;
    auto copied = CopyStream(**in, *st.out, md5, options);
    if (!copied.ok()) {
      batch.push_back(std::move(st));
      abort_batch();
      return copied.status();
    }
    result.md5 = md5.HexDigest();
    result.name = f.name + "." + result.md5;
    result.bytes = *copied;
    for (const std::string& other : existing_md5s) {
      if (other != result.md5) st.stale.push_back(f.name + "." + other);
    }
    batch.push_back(std::move(st));
    batch_bytes += *copied;
    if (batch.size() >= options.max_batch_files || batch_bytes >= options.max_batch_bytes) RETURN_IF_ERROR(commit());
  }
  if (!batch.empty()) RETURN_IF_ERROR(commit());
  return results;
}

Result<PublishedFile> PublishFile(Storage& src, const std::string& src_uri, Storage& dest,
                                  const std::string& dest_dir_uri, const std::string& name,
                                  const std::vector<FileInfo>& dest_entries, const CopyOptions& options) {
  ASSIGN_OR_RETURN(auto results, PublishFiles(src, {PublishSource{src_uri, name}}, dest, dest_dir_uri, dest_entries, options));
  return results[0];
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
