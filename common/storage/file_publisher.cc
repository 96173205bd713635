#include "common/storage/file_publisher.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "common/storage/buffer_pool.h"
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
  std::deque<BufferPool::Lease> free_buffers;
  for (size_t i = 0; i < kBuffers; ++i) free_buffers.push_back(BufferPool::Shared().Get(chunk));
  std::deque<std::pair<BufferPool::Lease, size_t>> filled;  // buffer, bytes used (0 = end)
  bool abort = false;
  Status read_status;

  std::thread reader([&] {
    while (true) {
      std::optional<BufferPool::Lease> buf;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return abort || !free_buffers.empty(); });
        if (abort) return;
        buf.emplace(std::move(free_buffers.front()));
        free_buffers.pop_front();
      }
      auto n = in.Read(buf->data(), buf->size());
      std::lock_guard<std::mutex> lock(mu);
      if (!n.ok()) {
        read_status = n.status();
        filled.emplace_back(std::move(*buf), 0);
        cv.notify_all();
        return;
      }
      if (*n > 0) md5.Update(std::string_view(buf->data(), *n));
      filled.emplace_back(std::move(*buf), *n);
      cv.notify_all();
      if (*n == 0) return;
    }
  });

  uint64_t copied = 0;
  Status write_status;
  while (true) {
    std::optional<std::pair<BufferPool::Lease, size_t>> next;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return !filled.empty(); });
      next.emplace(std::move(filled.front()));
      filled.pop_front();
    }
    auto& item = *next;
    if (item.second == 0) break;  // end of input or read error
    // The chunk was read (and hashed) by the reader; let the storage copy the same bytes
    // in the kernel when it can, else write them from the buffer.
    auto direct = options.kernel_copy ? out.AppendFrom(in, copied, item.second) : Result<bool>(false);
    if (!direct.ok()) {
      write_status = direct.status();
    } else if (!*direct) {
      write_status = out.Append(std::string_view(item.first.data(), item.second));
    }
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

struct Staged {
  bool used = false;  // a part was written (not skipped)
  std::string part_uri;
  std::unique_ptr<WritableFile> out;
  std::vector<std::string> stale;  // other "<name>.<md5>" copies to remove once published
};

// Skips `f` when an identical copy is published already; otherwise streams it into
// "<name>.part" (not yet synced) and records it in `st`.
Status StageOne(Storage& src, const PublishSource& f, Storage& dest, const std::string& dest_dir_uri,
                const std::vector<FileInfo>& dest_entries, const CopyOptions& options, PublishedFile* result,
                Staged* st) {
  const size_t chunk = options.chunk_size == 0 ? (4u << 20) : options.chunk_size;
  std::vector<std::string> existing_md5s;
  for (const FileInfo& e : dest_entries) {
    if (e.is_dir) continue;
    auto split = SplitChecksumName(e.name);
    if (split && split->name == f.name) existing_md5s.push_back(split->md5);
  }
  if (!existing_md5s.empty()) {
    ASSIGN_OR_RETURN(auto in, src.OpenRead(f.src_uri));
    ASSIGN_OR_RETURN(std::string md5, Md5OfStream(*in, chunk));
    bool same = false;
    for (const std::string& m : existing_md5s) same = same || m == md5;
    if (same) {
      result->name = f.name + "." + md5;
      result->md5 = md5;
      result->skipped = true;
      for (const FileInfo& e : dest_entries) {
        if (e.name == result->name) result->bytes = e.size;
      }
      for (const std::string& other : existing_md5s) {
        if (other != md5) RETURN_IF_ERROR(dest.Delete(JoinUri(dest_dir_uri, f.name + "." + other)));
      }
      return Status::OK();
    }
  }
  if (!dest.HasRename()) {
    // No rename to publish with: the md5 first (the final name needs it), then the bytes go
    // straight to "<name>.<md5>" through a write that creates the object only if they still
    // have that md5. A failure or a cancel (on_chunk) creates nothing.
    std::string md5;
    {
      ASSIGN_OR_RETURN(auto in, src.OpenRead(f.src_uri));
      ASSIGN_OR_RETURN(md5, Md5OfStream(*in, chunk));
    }
    ASSIGN_OR_RETURN(auto in, src.OpenRead(f.src_uri));
    const std::string final_name = f.name + "." + md5;
    ASSIGN_OR_RETURN(auto out, dest.OpenWriteVerified(JoinUri(dest_dir_uri, final_name), md5));
    Md5 streamed;
    ASSIGN_OR_RETURN(uint64_t copied, CopyStream(*in, *out, streamed, options));
    RETURN_IF_ERROR(out->Close());
    result->md5 = md5;
    result->name = final_name;
    result->bytes = copied;
    for (const std::string& other : existing_md5s) {
      if (other != md5) st->stale.push_back(f.name + "." + other);
    }
    return Status::OK();
  }
  ASSIGN_OR_RETURN(auto in, src.OpenRead(f.src_uri));
  st->part_uri = JoinUri(dest_dir_uri, f.name + ".part");
  ASSIGN_OR_RETURN(st->out, dest.OpenWrite(st->part_uri));
  st->used = true;  // from here on the part exists and is removed on failure
  Md5 md5;
  ASSIGN_OR_RETURN(uint64_t copied, CopyStream(*in, *st->out, md5, options));
  result->md5 = md5.HexDigest();
  result->name = f.name + "." + result->md5;
  result->bytes = copied;
  for (const std::string& other : existing_md5s) {
    if (other != result->md5) st->stale.push_back(f.name + "." + other);
  }
  return Status::OK();
}

void RemoveParts(Storage& dest, std::vector<Staged>& staged) {
  for (Staged& st : staged) {
    if (!st.used) continue;
    st.out.reset();
    (void)dest.Delete(st.part_uri);
    st.used = false;
  }
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
  std::vector<PublishedFile> results(files.size());
  const size_t per_batch = std::max<size_t>(1, options.max_batch_files);
  for (size_t begin = 0; begin < files.size(); begin += per_batch) {
    const size_t end = std::min(files.size(), begin + per_batch);
    std::vector<Staged> staged(end - begin);
    // stage the batch with up to `parallel_files` files in flight
    std::atomic<size_t> next{begin};
    std::mutex err_mu;
    Status first_error;
    std::atomic<bool> failed{false};
    auto work = [&] {
      while (!failed.load()) {
        size_t i = next.fetch_add(1);
        if (i >= end) return;
        Status s = StageOne(src, files[i], dest, dest_dir_uri, dest_entries, options, &results[i], &staged[i - begin]);
        if (!s.ok()) {
          std::lock_guard<std::mutex> lock(err_mu);
          if (first_error.ok()) first_error = s;
          failed = true;
        }
      }
    };
    size_t extra_threads = std::min(std::max<size_t>(1, options.parallel_files), end - begin) - 1;
    std::vector<std::thread> threads;
    for (size_t h = 0; h < extra_threads; ++h) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
    if (!first_error.ok()) {
      RemoveParts(dest, staged);
      return first_error;
    }
    // make the batch durable, publish it, then make the directory durable
    for (Staged& st : staged) {
      if (!st.used) continue;
      Status s = st.out->Sync();
      if (s.ok()) s = st.out->Close();
      if (!s.ok()) {
        RemoveParts(dest, staged);
        return s;
      }
    }
    for (size_t i = 0; i < staged.size(); ++i) {
      Staged& st = staged[i];
      if (!st.used) continue;
      Status s = dest.Rename(st.part_uri, JoinUri(dest_dir_uri, results[begin + i].name));
      if (!s.ok()) {
        RemoveParts(dest, staged);
        return s;
      }
      st.used = false;  // published
    }
    RETURN_IF_ERROR(dest.SyncDir(dest_dir_uri));
    for (Staged& st : staged) {
      for (const std::string& stale : st.stale) RETURN_IF_ERROR(dest.Delete(JoinUri(dest_dir_uri, stale)));
    }
  }
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
  size_t slash = dest_uri.rfind('/');
  if (slash == std::string::npos) return Status::InvalidArgument("bad file to fetch into: '" + dest_uri + "'");
  return FetchVerifiedFiles(src, {FetchItem{src_uri, expected_md5, dest_uri.substr(slash + 1)}}, dest,
                            dest_uri.substr(0, slash), options);
}

namespace {

// Runs work(i) for i in [0, n) on up to `threads` threads; the first error wins and stops the
// rest from starting.
Status ForEachParallel(size_t n, size_t threads, const std::function<Status(size_t)>& work) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex err_mu;
  Status first_error;
  auto run = [&] {
    while (!failed.load()) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      Status s = work(i);
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(err_mu);
        if (first_error.ok()) first_error = s;
        failed = true;
      }
    }
  };
  size_t extra = n == 0 ? 0 : std::min(std::max<size_t>(1, threads), n) - 1;
  std::vector<std::thread> pool;
  for (size_t h = 0; h < extra; ++h) pool.emplace_back(run);
  run();
  for (std::thread& t : pool) t.join();
  return first_error;
}

}  // namespace

Result<uint64_t> FetchVerifiedFiles(Storage& src, const std::vector<FetchItem>& items, Storage& dest,
                                    const std::string& dest_dir_uri, const CopyOptions& options) {
  for (const FetchItem& f : items) {
    if (f.dest_name.empty() || f.dest_name.find('/') != std::string::npos || f.dest_name == "." ||
        f.dest_name == "..") {
      return Status::InvalidArgument("bad file name to fetch: '" + f.dest_name + "'");
    }
  }
  const size_t chunk = options.chunk_size == 0 ? (4u << 20) : options.chunk_size;
  const bool renames = dest.HasRename();
  struct Part {
    std::string uri;
    std::unique_ptr<WritableFile> out;
    bool exists = false;
    uint64_t bytes = 0;
  };
  std::vector<Part> parts(items.size());
  auto remove_parts = [&] {
    for (Part& p : parts) {
      p.out.reset();
      if (p.exists) (void)dest.Delete(p.uri);
      p.exists = false;
    }
  };
  Status copied = ForEachParallel(items.size(), options.parallel_files, [&](size_t i) -> Status {
    const FetchItem& f = items[i];
    Part& p = parts[i];
    const std::string dest_uri = JoinUri(dest_dir_uri, f.dest_name);
    ASSIGN_OR_RETURN(auto in, src.OpenRead(f.src_uri));
    if (renames) {
      p.uri = dest_uri + ".part";
      ASSIGN_OR_RETURN(p.out, dest.OpenWrite(p.uri));
      p.exists = true;
    } else {
      // written under its final name; Close() (below) creates it only with the expected md5
      p.uri = dest_uri;
      ASSIGN_OR_RETURN(p.out, dest.OpenWriteVerified(dest_uri, f.expected_md5));
    }
    Md5 streamed;
    ASSIGN_OR_RETURN(p.bytes, CopyStream(*in, *p.out, streamed, options));
    std::string actual = streamed.HexDigest();
    if (actual == f.expected_md5 && options.kernel_copy && renames) {
      // the kernel wrote bytes the hash never saw: what landed in the part decides
      ASSIGN_OR_RETURN(auto back, dest.OpenRead(p.uri));
      ASSIGN_OR_RETURN(actual, Md5OfStream(*back, chunk));
    }
    if (actual != f.expected_md5) {
      return Status::Corruption("invalid md5 of downloaded file: " + dest_uri + ", expected: " + f.expected_md5 +
                                ", get: " + actual);
    }
    return Status::OK();
  });
  // Durable before published: every part fsynced, several at a time.
  if (copied.ok()) {
    copied = ForEachParallel(parts.size(), std::max<size_t>(options.parallel_files, 8), [&](size_t i) -> Status {
      RETURN_IF_ERROR(parts[i].out->Sync());
      return parts[i].out->Close();
    });
  }
  if (!copied.ok()) {
    remove_parts();
    return copied;
  }
  uint64_t bytes = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    parts[i].out.reset();
    if (!renames) {  // created by Close() above
      bytes += parts[i].bytes;
      continue;
    }
    Status renamed = dest.Rename(parts[i].uri, JoinUri(dest_dir_uri, items[i].dest_name));
    if (!renamed.ok()) {
      remove_parts();
      return renamed;
    }
    parts[i].exists = false;
    bytes += parts[i].bytes;
  }
  if (!items.empty()) RETURN_IF_ERROR(dest.SyncDir(dest_dir_uri));
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
  if (!dest.HasRename()) {
    ASSIGN_OR_RETURN(auto out, dest.OpenWriteVerified(uri, Md5::Of(data)));
    RETURN_IF_ERROR(out->Append(data));
    return out->Close();
  }
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
