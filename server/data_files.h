// DataFiles: the bytes of regular flares, one plain file per FlareId in a sharded tree
//   <root>/ab/cd/<40 hex digits of the id>     (ab, cd: the id's first two bytes)
// so no directory grows past what the filesystem handles well. A data file is created on
// the first write (or truncate to a non-zero size), with its shard directories; a region
// never written, and everything past the file's end, reads as zeros. The flare's size is
// metadata (FlareStore), not the data file's length.
//
// Recently used files stay open in a bounded cache, so random small reads do not reopen
// them; an evicted descriptor closes once the last I/O using it ends.
//
// Durability: write() alone survives a crash of the process, not a power loss; sync()
// adds fdatasync and, the first time for a newly created file, an fsync of its directory
// and of the shard directories above it (created without one, to keep creates cheap).
//
// Thread-safety: every method may be called from any thread; I/O runs without any lock
// held. Lock order: size_lock(id) before anything else (FlareStore's mutex); the internal
// cache mutex is taken last and never held across I/O.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "libmagma/unique_fd.h"

namespace magma::server {

class DataFiles {
 public:
  static constexpr size_t kDefaultMaxOpenFiles = 256;

  // Uses (creating if missing) the directory root. Fails with Io.
  static Result<std::unique_ptr<DataFiles>> open(const std::string& root,
                                                 size_t max_open_files = kDefaultMaxOpenFiles);

  // Where id's data lives (the file may not exist yet).
  std::string path_of(const FlareId& id) const;

  // Reads up to size bytes at offset into out. Returns the bytes read: fewer only at the
  // data file's end (0 when it does not exist). The caller zero-fills up to the flare's
  // size. Fails with Io.
  Result<size_t> read(const FlareId& id, uint64_t offset, uint8_t* out, size_t size);

  // Writes all size bytes at offset, creating the file. Fails with NoSpace, TooBig, Io.
  Status write(const FlareId& id, uint64_t offset, const uint8_t* data, size_t size);

  // Sets the data file's length; truncating a missing file to 0 creates nothing.
  Status truncate(const FlareId& id, uint64_t size);

  // Makes id's data (and its directory entries, if the file is new) durable against power
  // loss. A missing file has nothing to sync.
  Status sync(const FlareId& id);

  // Deletes id's data file; a missing one is fine.
  Status remove(const FlareId& id);

  // 512-byte blocks allocated to id's data (st_blocks); 0 when there is no file.
  Result<uint64_t> allocated_blocks(const FlareId& id);

  // Calls fn(id, length) for every data file; stops at and returns fn's first error.
  // Files whose name is not an id are skipped.
  Status for_each(const std::function<Status(const FlareId&, uint64_t length)>& fn);

  // The lock that orders changes of id's size: reads and writes hold it shared from
  // reading the size (or pwrite) to their answer (or metadata commit), a truncation holds
  // it exclusively, so a truncation never cuts bytes a concurrent write is about to
  // acknowledge or a read is about to return. Striped: unrelated ids may share one.
  std::shared_mutex& size_lock(const FlareId& id);

  // Descriptors in the cache now (for tests and console `print cache`).
  size_t open_files() const;

  // Bytes of file data read() and write() moved since open: what this volcano served to
  // clients and to other volcanos (Load, console `lava`).
  uint64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }
  uint64_t bytes_written() const { return bytes_written_.load(std::memory_order_relaxed); }

 private:
  struct OpenFile {
    UniqueFd fd;
  };
  using FileRef = std::shared_ptr<OpenFile>;
  struct IdHash {
    size_t operator()(const FlareId& id) const;
  };
  using Lru = std::list<std::pair<FlareId, FileRef>>;  // most recently used first

  DataFiles(std::string root, size_t max_open_files);
  // The open file of id, from the cache or opened now. Without create, a missing file
  // gives nullptr.
  Result<FileRef> acquire(const FlareId& id, bool create);
  Result<UniqueFd> open_file(const FlareId& id, bool create, bool* created);
  Status make_shard_dirs(const FlareId& id);
  FileRef cache(const FlareId& id, FileRef file);
  // Remembers that id's data file is new, so its directory entries are owed an fsync
  // by sync(). Past kMaxNewEntries owed, syncs the whole filesystem instead.
  Status note_new_entry(const FlareId& id);
  Status sync_dir_of(const FlareId& id);

  static constexpr size_t kSizeLockStripes = 64;
  static constexpr size_t kMaxNewEntries = 1 << 16;

  const std::string root_;
  const size_t max_open_files_;
  mutable std::mutex mu_;
  Lru lru_;                                              // guarded by mu_
  std::unordered_map<FlareId, Lru::iterator, IdHash> index_;  // guarded by mu_
  std::unordered_set<FlareId, IdHash> new_entries_;            // guarded by mu_
  std::array<std::shared_mutex, kSizeLockStripes> size_locks_;
  std::atomic<uint64_t> bytes_read_{0};
  std::atomic<uint64_t> bytes_written_{0};
};

}  // namespace magma::server
