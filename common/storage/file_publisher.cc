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
#include "common/storage/crc32c.h"
#include "common/storage/md5.h"
#include "common/storage/uri.h"

namespace feb::storage {
namespace {

std::string ParentUri(const std::string& uri) {
  size_t slash = uri.rfind('/');
  return slash == std::string::npos ? uri : uri.substr(0, slash);
}

// Streams src into an open writer through a two-stage pipeline: a reader thread reads and
// hashes chunk i+1 while this thread writes chunk i, so hashing and writing overlap. A file
// that fits in one chunk is read, hashed and written on this thread (no thread per small
// file). On return everything is written but not yet synced.
// `digest` sees every chunk read, in order (md5 or crc32c), before it is written.
using Digest = std::function<void(std::string_view)>;

Result<uint64_t> CopyStream(ReadableFile& in, WritableFile& out, const Digest& digest, const CopyOptions& options) {
  const size_t chunk = options.chunk_size == 0 ? (4u << 20) : options.chunk_size;
  // The first chunk, read here: when the input ends within it, no pipeline is needed.
  BufferPool::Lease first = BufferPool::Shared().Get(chunk);
  size_t first_used = 0;
  bool first_is_all = false;
  while (first_used < first.size()) {
    ASSIGN_OR_RETURN(size_t n, in.Read(first.data() + first_used, first.size() - first_used));
    if (n == 0) {
      first_is_all = true;
      break;
    }
    first_used += n;
  }
  if (first_used > 0) digest(std::string_view(first.data(), first_used));
  auto write_chunk = [&](const char* data, uint64_t offset, size_t n) -> Status {
    // The chunk was read (and hashed); let the storage copy the same bytes in the kernel when
    // it can (it checks that what landed is this chunk), else write them from the buffer.
    ASSIGN_OR_RETURN(bool direct, options.kernel_copy ? out.AppendFrom(in, offset, std::string_view(data, n))
                                                      : Result<bool>(false));
    if (!direct) RETURN_IF_ERROR(out.Append(std::string_view(data, n)));
    return options.on_chunk ? options.on_chunk(offset + n) : Status::OK();
  };
  if (first_is_all) {
    if (first_used > 0) RETURN_IF_ERROR(write_chunk(first.data(), 0, first_used));
    return static_cast<uint64_t>(first_used);
  }

  constexpr size_t kBuffers = 3;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<BufferPool::Lease> free_buffers;
  for (size_t i = 1; i < kBuffers; ++i) free_buffers.push_back(BufferPool::Shared().Get(chunk));
  std::deque<std::pair<BufferPool::Lease, size_t>> filled;  // buffer, bytes used (0 = end)
  filled.emplace_back(std::move(first), first_used);
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
      if (*n > 0) digest(std::string_view(buf->data(), *n));
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
    write_status = write_chunk(item.first.data(), copied, item.second);
    if (!write_status.ok()) break;
    copied += item.second;
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
// "<name>.part" (not yet synced) and records it in `st` -- or, to a storage without a rename,
// straight to "<name>.<md5>" through a write that creates the object only if the bytes have
// that md5 (a failure or a cancel creates nothing).
// The md5 that names the file is the recorded one when `f` carries it (no md5 pass: the
// crc32c is computed as the bytes pass, and a crc32c or size other than the recorded one --
// the file no longer holds the bytes its md5 is of -- is Corruption, nothing published).
// Otherwise it is computed first when it decides a skip or names a write without rename, and
// as the bytes pass when they go to a part (the md5 of the bytes written names them).
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
  const bool recorded = !f.md5.empty();
  std::string md5 = f.md5;
  if (!recorded && (!existing_md5s.empty() || !dest.HasRename())) {
    ASSIGN_OR_RETURN(auto in, src.OpenRead(f.src_uri));
    ASSIGN_OR_RETURN(md5, Md5OfStream(*in, chunk));
  }
  auto name_it = [&](const std::string& m) {
    result->md5 = m;
    result->name = f.name + "." + m;
    for (const std::string& other : existing_md5s) {
      if (other != m) st->stale.push_back(f.name + "." + other);
    }
  };
  if (!md5.empty() && std::find(existing_md5s.begin(), existing_md5s.end(), md5) != existing_md5s.end()) {
    name_it(md5);
    result->skipped = true;
    for (const FileInfo& e : dest_entries) {
      if (e.name == result->name) result->bytes = e.size;
    }
    return Status::OK();
  }

  ASSIGN_OR_RETURN(auto in, src.OpenRead(f.src_uri));
  std::unique_ptr<WritableFile> direct;  // no rename: the object, created by Close()
  WritableFile* out;
  if (dest.HasRename()) {
    st->part_uri = JoinUri(dest_dir_uri, f.name + ".part");
    ASSIGN_OR_RETURN(st->out, dest.OpenWrite(st->part_uri));
    st->used = true;  // from here on the part exists and is removed on failure
    out = st->out.get();
  } else {
    ASSIGN_OR_RETURN(direct, dest.OpenWriteVerified(JoinUri(dest_dir_uri, f.name + "." + md5), md5));
    out = direct.get();
  }
  Md5 streamed;
  uint32_t crc = 0;
  Digest digest = [](std::string_view) {};  // the verified write checks the md5 itself
  if (recorded) {
    digest = [&crc](std::string_view d) { crc = Crc32cExtend(crc, d); };
  } else if (direct == nullptr) {
    digest = [&streamed](std::string_view d) { streamed.Update(d); };
  }
  ASSIGN_OR_RETURN(uint64_t copied, CopyStream(*in, *out, digest, options));
  if (recorded && (crc != f.crc32c || (f.bytes >= 0 && copied != static_cast<uint64_t>(f.bytes)))) {
    return Status::Corruption("file " + f.src_uri + " no longer holds the bytes it was written with (crc32c " +
                              std::to_string(crc) + " of " + std::to_string(copied) + " bytes, recorded " +
                              std::to_string(f.crc32c) + " of " + std::to_string(f.bytes) +
                              " bytes): it is damaged, nothing of it was published");
  }
  if (direct != nullptr) RETURN_IF_ERROR(direct->Close());
  name_it(recorded || direct != nullptr ? md5 : streamed.HexDigest());
  result->bytes = copied;
  return Status::OK();
}

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

// fsyncs in flight at a durability barrier
constexpr size_t kParallelSyncs = 8;

void RemoveParts(Storage& dest, std::vector<Staged>& staged) {
  for (Staged& st : staged) {
    if (!st.used) continue;
    st.out.reset();
    (void)dest.Delete(st.part_uri);
    st.used = false;
  }
}

}  // namespace

Result<std::vector<std::vector<PublishedFile>>> PublishDirs(Storage& src, const std::vector<PublishDir>& dirs,
                                                           Storage& dest, const CopyOptions& options) {
  struct Item {
    size_t dir;
    size_t file;
  };
  std::vector<Item> items;
  std::vector<std::vector<PublishedFile>> results(dirs.size());
  for (size_t d = 0; d < dirs.size(); ++d) {
    for (size_t f = 0; f < dirs[d].files.size(); ++f) {
      const std::string& name = dirs[d].files[f].name;
      if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
        return Status::InvalidArgument("bad file name to publish: '" + name + "'");
      }
      items.push_back(Item{d, f});
    }
    results[d].resize(dirs[d].files.size());
  }
  const size_t per_batch = std::max<size_t>(1, options.max_batch_files);
  for (size_t begin = 0; begin < items.size(); begin += per_batch) {
    const size_t end = std::min(items.size(), begin + per_batch);
    std::vector<Staged> staged(end - begin);
    auto remove_parts = [&] { RemoveParts(dest, staged); };
    // stage the batch with up to `parallel_files` files in flight
    Status s = ForEachParallel(end - begin, options.parallel_files, [&](size_t i) -> Status {
      const Item& it = items[begin + i];
      const PublishDir& dir = dirs[it.dir];
      return StageOne(src, dir.files[it.file], dest, dir.dest_dir_uri, dir.dest_entries, options,
                      &results[it.dir][it.file], &staged[i]);
    });
    // make the batch durable (every part fsynced, several at a time, so that the file system
    // can commit them together), publish it, then make each directory durable once
    if (s.ok()) {
      s = ForEachParallel(staged.size(), std::max<size_t>(options.parallel_files, kParallelSyncs), [&](size_t i) {
        if (!staged[i].used) return Status::OK();
        RETURN_IF_ERROR(staged[i].out->Sync());
        return staged[i].out->Close();
      });
    }
    if (!s.ok()) {
      remove_parts();
      return s;
    }
    std::vector<size_t> touched;  // directories of this batch, in order
    for (size_t i = 0; i < staged.size(); ++i) {
      const Item& it = items[begin + i];
      if (touched.empty() || touched.back() != it.dir) touched.push_back(it.dir);
      Staged& st = staged[i];
      if (!st.used) continue;
      Status renamed = dest.Rename(st.part_uri, JoinUri(dirs[it.dir].dest_dir_uri, results[it.dir][it.file].name));
      if (!renamed.ok()) {
        remove_parts();
        return renamed;
      }
      st.used = false;  // published
    }
    RETURN_IF_ERROR(ForEachParallel(touched.size(), kParallelSyncs,
                                    [&](size_t t) { return dest.SyncDir(dirs[touched[t]].dest_dir_uri); }));
    for (size_t i = 0; i < staged.size(); ++i) {
      const std::string& dir_uri = dirs[items[begin + i].dir].dest_dir_uri;
      for (const std::string& stale : staged[i].stale) RETURN_IF_ERROR(dest.Delete(JoinUri(dir_uri, stale)));
    }
    if (options.on_batch) RETURN_IF_ERROR(options.on_batch(end));
  }
  return results;
}

Result<std::vector<PublishedFile>> PublishFiles(Storage& src, const std::vector<PublishSource>& files, Storage& dest,
                                                const std::string& dest_dir_uri,
                                                const std::vector<FileInfo>& dest_entries, const CopyOptions& options) {
  ASSIGN_OR_RETURN(auto results, PublishDirs(src, {PublishDir{dest_dir_uri, dest_entries, files}}, dest, options));
  return std::move(results[0]);
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
  return FetchVerifiedFiles(src, {FetchItem{src_uri, expected_md5, dest_uri.substr(slash + 1), ""}}, dest,
                            dest_uri.substr(0, slash), options);
}


Result<uint64_t> FetchVerifiedFiles(Storage& src, const std::vector<FetchItem>& items, Storage& dest,
                                    const std::string& dest_dir_uri, const CopyOptions& options) {
  for (const FetchItem& f : items) {
    if (f.dest_name.empty() || f.dest_name.find('/') != std::string::npos || f.dest_name == "." ||
        f.dest_name == "..") {
      return Status::InvalidArgument("bad file name to fetch: '" + f.dest_name + "'");
    }
  }
  const bool renames = dest.HasRename();
  struct Part {
    std::string uri;
    std::unique_ptr<WritableFile> out;
    bool exists = false;
    uint64_t bytes = 0;
  };
  std::vector<Part> parts(items.size());
  auto dir_of = [&](size_t i) -> const std::string& {
    return items[i].dest_dir_uri.empty() ? dest_dir_uri : items[i].dest_dir_uri;
  };
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
    const std::string dest_uri = JoinUri(dir_of(i), f.dest_name);
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
    // every byte written is a byte hashed (a kernel copy is checked against the chunk read)
    Md5 streamed;
    ASSIGN_OR_RETURN(p.bytes, CopyStream(*in, *p.out, [&streamed](std::string_view d) { streamed.Update(d); },
                                         options));
    const std::string actual = streamed.HexDigest();
    if (actual != f.expected_md5) {
      return Status::Corruption("invalid md5 of downloaded file: " + dest_uri + ", expected: " + f.expected_md5 +
                                ", get: " + actual);
    }
    return Status::OK();
  });
  // Durable before published: every part fsynced, several at a time.
  if (copied.ok()) {
    copied = ForEachParallel(parts.size(), std::max<size_t>(options.parallel_files, kParallelSyncs), [&](size_t i) -> Status {
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
    Status renamed = dest.Rename(parts[i].uri, JoinUri(dir_of(i), items[i].dest_name));
    if (!renamed.ok()) {
      remove_parts();
      return renamed;
    }
    parts[i].exists = false;
    bytes += parts[i].bytes;
  }
  std::vector<std::string> dirs;
  for (size_t i = 0; i < items.size(); ++i) dirs.push_back(dir_of(i));
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  RETURN_IF_ERROR(ForEachParallel(dirs.size(), kParallelSyncs, [&](size_t d) { return dest.SyncDir(dirs[d]); }));
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
