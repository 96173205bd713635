// Copying files between storages with checksums, the way repository files are written:
// data goes to "<name>.part", is fsynced, then renamed to "<name>.<md5>" and the directory
// is fsynced; so a "<name>.<md5>" entry is either absent or complete. On a storage without a
// rename (Storage::HasRename() false: S3) the md5 is computed first and the bytes go straight
// to "<name>.<md5>" through Storage::OpenWriteVerified, which creates the object only when
// the bytes sent have that md5 (single PUT with Content-MD5, or a multipart upload whose parts
// carry theirs and which is aborted on any failure or cancel); the same holds for
// FetchVerified* and WriteFileAtomically with such a destination. Callers need not know which. Chunks are streamed
// (fixed size) and hashed as they pass; between two local files the kernel copies each chunk
// that was read and hashed, and the bytes that landed are compared with it, so every byte
// written is a byte hashed either way (a source that changes meanwhile is refused with
// Corruption). A hook sees every chunk (progress, rate limiting, cancellation).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status/result.h"
#include "common/storage/storage.h"

namespace feb::storage {

struct CopyOptions {
  size_t chunk_size = 4u << 20;  // bytes per read/write
  // Called after each chunk with the bytes copied so far for this file; a non-OK status
  // aborts the copy (the ".part" file is removed, nothing is published). PublishFiles may
  // call it from several threads at once (one per file in flight).
  std::function<Status(uint64_t copied_bytes)> on_chunk;
  // PublishFiles/PublishDirs stage at most this many files before making them durable and
  // publishing them together (one barrier: parallel fsyncs, renames, one fsync per
  // directory), with up to `parallel_files` files being copied at the same time. Each staged
  // file holds an open descriptor until its barrier.
  size_t max_batch_files = 64;
  size_t parallel_files = 2;
  // PublishDirs: called after each barrier with the number of files published (or skipped)
  // so far, in the order given; a non-OK status stops before the next batch (files of
  // finished batches stay published).
  std::function<Status(size_t published_files)> on_batch;
  // Let the storage copy each chunk in the kernel (copy_file_range) when it can; it compares
  // what landed with the chunk that was hashed (WritableFile::AppendFrom). With false, every
  // byte is written from the buffer the md5 was computed over.
  bool kernel_copy = true;
};

struct PublishedFile {
  std::string name;        // "<name>.<md5>"
  std::string md5;         // 32 lowercase hex
  uint64_t bytes = 0;      // size of the file
  bool skipped = false;    // an identical "<name>.<md5>" was already there
};

// Publishes the file `src_uri` (read through `src`) into directory `dest_dir_uri` of `dest`
// as "<name>.<md5>". `dest_entries` is the current listing of the destination directory
// (empty if it does not exist): when it holds "<name>.<m>", the source md5 is computed
// first and the copy is skipped if m matches; other "<name>.<m'>" entries are removed after
// the new file is published, so exactly one checksummed copy of `name` remains.
Result<PublishedFile> PublishFile(Storage& src, const std::string& src_uri, Storage& dest,
                                  const std::string& dest_dir_uri, const std::string& name,
                                  const std::vector<FileInfo>& dest_entries,
                                  const CopyOptions& options = {});

struct PublishSource {
  std::string src_uri;
  std::string name;  // published as "<name>.<md5>"
  // When known (recorded by whoever wrote the file, over the bytes it wrote): the file's md5,
  // crc32c and size. The md5 then names it without an md5 pass; the crc32c, computed as the
  // bytes pass, proves they are still the ones the md5 is of (a mismatch is Corruption and
  // publishes nothing). Empty md5 = unknown: the md5 is computed.
  std::string md5 = {};
  uint32_t crc32c = 0;
  int64_t bytes = -1;
};

// Files to publish into one directory, for PublishDirs.
struct PublishDir {
  std::string dest_dir_uri;
  std::vector<FileInfo> dest_entries;  // its current listing (empty if it does not exist)
  std::vector<PublishSource> files;
};

// PublishFiles for several directories at once, with the same checks and durability and one
// barrier per batch of files across all of them (CopyOptions::max_batch_files) instead of
// one per directory: e.g. every tablet of an upload task. Results: results[d][f] is
// dirs[d].files[f].
Result<std::vector<std::vector<PublishedFile>>> PublishDirs(Storage& src, const std::vector<PublishDir>& dirs,
                                                           Storage& dest, const CopyOptions& options = {});

// PublishFile for several files into one directory, made durable together: each file is
// streamed into "<name>.part"; then (per batch, see CopyOptions) every part is fsynced (several at a time), all
// are renamed to "<name>.<md5>" and the directory is fsynced once. Batching lets the disk
// write back one file while the next is hashed, instead of a flush per file. On error the
// unpublished parts of the current batch are removed; files of earlier batches stay
// published (complete). Results are in the order of `files`.
Result<std::vector<PublishedFile>> PublishFiles(Storage& src, const std::vector<PublishSource>& files, Storage& dest,
                                                const std::string& dest_dir_uri,
                                                const std::vector<FileInfo>& dest_entries,
                                                const CopyOptions& options = {});

// Copies `src_uri` to `dest_uri` through "<dest_uri>.part" (fsync, rename, directory fsync).
// The md5 of the bytes read, which are the bytes written, must equal `expected_md5`; otherwise Corruption "invalid md5 of downloaded file: <dest_uri>,
// expected: <md5>, get: <md5>" (StarRocks' text), the part is removed and nothing is left at
// `dest_uri`. A leftover part of an earlier attempt is overwritten. Returns the bytes copied.
Result<uint64_t> FetchVerified(Storage& src, const std::string& src_uri, const std::string& expected_md5,
                               Storage& dest, const std::string& dest_uri, const CopyOptions& options = {});

// One file for FetchVerifiedFiles: `src_uri` goes to "<dest_dir>/<dest_name>", where
// dest_dir is `dest_dir_uri` or, when empty, the call's directory.
struct FetchItem {
  std::string src_uri;
  std::string expected_md5;
  std::string dest_name;
  std::string dest_dir_uri;
};

// FetchVerified for many files (of one directory or of several), with the same checks and the
// same durability, and one barrier instead of one per file: every file is copied to its
// ".part" and verified (md5 of the bytes read, which are the bytes written),
// `parallel_files` at a time; then every part is fsynced (in parallel, so that the file system can group them),
// renamed, and each directory fsynced once. On an error every part is removed; files renamed
// already stay (they are complete and verified). Returns the bytes copied.
Result<uint64_t> FetchVerifiedFiles(Storage& src, const std::vector<FetchItem>& items, Storage& dest,
                                    const std::string& dest_dir_uri, const CopyOptions& options = {});

// Reads a whole file; ResourceExhausted when it is larger than `max_bytes`.
Result<std::string> ReadFileToString(Storage& src, const std::string& uri, size_t max_bytes = 64u << 20);

// Writes `data` to `uri` atomically (".part" + fsync + rename + directory fsync).
Status WriteFileAtomically(Storage& dest, const std::string& uri, std::string_view data);

}  // namespace feb::storage
