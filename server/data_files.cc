// DataFiles: sharded plain files for flare data, with a bounded descriptor cache.
#include "server/data_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

namespace magma::server {

namespace {

std::string hex_byte(uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return {kDigits[b >> 4], kDigits[b & 0xf]};
}

Status fsync_dir(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) return Status::from_errno("fsync " + dir);
  return Status::ok();
}

// mkdir that reports whether it created dir; an existing one is fine.
Result<bool> make_dir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return true;
  if (errno == EEXIST) return false;
  return Status::from_errno("mkdir " + dir);
}

}  // namespace

size_t DataFiles::IdHash::operator()(const FlareId& id) const {
  // Ids are SHA1 output: any 8 bytes are already uniformly spread.
  size_t h = 0;
  for (size_t i = 0; i < sizeof(h); ++i) h = h << 8 | id.bytes[i];
  return h;
}

DataFiles::DataFiles(std::string root, size_t max_open_files)
    : root_(std::move(root)), max_open_files_(max_open_files ? max_open_files : 1) {}

Result<std::unique_ptr<DataFiles>> DataFiles::open(const std::string& root, size_t max_open_files) {
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) return Status(Errc::Io, "cannot create " + root + ": " + ec.message());
  return std::unique_ptr<DataFiles>(new DataFiles(root, max_open_files));
}

std::string DataFiles::path_of(const FlareId& id) const {
  return root_ + "/" + hex_byte(id.bytes[0]) + "/" + hex_byte(id.bytes[1]) + "/" + id.hex();
}

Status DataFiles::make_shard_dirs(const FlareId& id) {
  // Not fsynced here: that would cost an fsync for nearly every new file of a young store.
  // sync() makes the whole chain durable when the file's durability is asked for.
  std::string parent = root_;
  for (int level = 0; level < 2; ++level) {
    std::string dir = parent + "/" + hex_byte(id.bytes[level]);
    Result<bool> created = make_dir(dir);
    if (!created) return created.status();
    parent = dir;
  }
  return Status::ok();
}

Result<UniqueFd> DataFiles::open_file(const FlareId& id, bool create, bool* created) {
  std::string path = path_of(id);
  *created = false;
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (fd.valid()) return fd;
  if (errno != ENOENT) return Status::from_errno("open " + path);
  if (!create) return UniqueFd();
  MAGMA_RETURN_IF_ERROR(make_shard_dirs(id));
  fd.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.valid()) {
    *created = true;
    return fd;
  }
  if (errno != EEXIST) return Status::from_errno("create " + path);
  fd.reset(::open(path.c_str(), O_RDWR | O_CLOEXEC));  // another thread created it first
  if (!fd.valid()) return Status::from_errno("open " + path);
  return fd;
}

DataFiles::FileRef DataFiles::cache(const FlareId& id, FileRef file) {
  std::vector<FileRef> evicted;  // closed outside the lock
  std::lock_guard lock(mu_);
  auto it = index_.find(id);
  if (it != index_.end()) return it->second->second;  // lost a race: keep the cached one
  lru_.emplace_front(id, file);
  index_[id] = lru_.begin();
  while (lru_.size() > max_open_files_) {
    evicted.push_back(std::move(lru_.back().second));
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
  return file;
}

Status DataFiles::note_new_entry(const FlareId& id) {
  bool flush_all = false;
  {
    std::lock_guard lock(mu_);
    new_entries_.insert(id);
    flush_all = new_entries_.size() > kMaxNewEntries;
    if (flush_all) new_entries_.clear();
  }
  if (!flush_all) return Status::ok();
  // Nobody asked for durability in a long while: make every entry durable at once
  // rather than remember them without bound.
  UniqueFd root(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid() || ::syncfs(root.get()) != 0) return Status::from_errno("syncfs " + root_);
  return Status::ok();
}

Result<DataFiles::FileRef> DataFiles::acquire(const FlareId& id, bool create) {
  {
    std::lock_guard lock(mu_);
    auto it = index_.find(id);
    if (it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return it->second->second;
    }
  }
  bool created = false;
  Result<UniqueFd> fd = open_file(id, create, &created);
  if (!fd) return fd.status();
  if (!fd->valid()) return FileRef();
  if (created) MAGMA_RETURN_IF_ERROR(note_new_entry(id));
  auto file = std::make_shared<OpenFile>();
  file->fd = std::move(*fd);
  return cache(id, std::move(file));
}

Result<size_t> DataFiles::read(const FlareId& id, uint64_t offset, uint8_t* out, size_t size) {
  Result<FileRef> file = acquire(id, false);
  if (!file) return file.status();
  if (!*file) return size_t{0};
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread((*file)->fd.get(), out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::from_errno("read " + path_of(id));
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  bytes_read_.fetch_add(done, std::memory_order_relaxed);
  return done;
}

Status DataFiles::write(const FlareId& id, uint64_t offset, const uint8_t* data, size_t size) {
  Result<FileRef> file = acquire(id, true);
  if (!file) return file.status();
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pwrite((*file)->fd.get(), data + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::from_errno("write " + path_of(id));
    done += static_cast<size_t>(n);
  }
  bytes_written_.fetch_add(done, std::memory_order_relaxed);
  return Status::ok();
}

Status DataFiles::truncate(const FlareId& id, uint64_t size) {
  Result<FileRef> file = acquire(id, size > 0);
  if (!file) return file.status();
  if (!*file) return Status::ok();
  if (::ftruncate((*file)->fd.get(), static_cast<off_t>(size)) != 0)
    return Status::from_errno("truncate " + path_of(id));
  return Status::ok();
}

Status DataFiles::sync_dir_of(const FlareId& id) {
  // The file's entry, and the shard directories' entries, which may be new too.
  std::string dir = path_of(id);
  for (int level = 0; level < 3; ++level) {
    dir = dir.substr(0, dir.rfind('/'));
    MAGMA_RETURN_IF_ERROR(fsync_dir(dir));
  }
  return Status::ok();
}

Status DataFiles::sync(const FlareId& id) {
  Result<FileRef> file = acquire(id, false);
  if (!file) return file.status();
  if (!*file) return Status::ok();
  if (::fdatasync((*file)->fd.get()) != 0) return Status::from_errno("fdatasync " + path_of(id));
  bool entry_is_new;
  {
    std::lock_guard lock(mu_);
    entry_is_new = new_entries_.erase(id) > 0;
  }
  if (!entry_is_new) return Status::ok();
  Status s = sync_dir_of(id);
  if (!s.is_ok()) {
    std::lock_guard lock(mu_);
    new_entries_.insert(id);  // still owed
  }
  return s;
}

Status DataFiles::remove(const FlareId& id) {
  {
    std::lock_guard lock(mu_);
    auto it = index_.find(id);
    if (it != index_.end()) {
      lru_.erase(it->second);
      index_.erase(it);
    }
    new_entries_.erase(id);
  }
  std::string path = path_of(id);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Status::from_errno("unlink " + path);
  return Status::ok();
}

Result<uint64_t> DataFiles::allocated_blocks(const FlareId& id) {
  struct stat st {};
  std::string path = path_of(id);
  if (::stat(path.c_str(), &st) == 0) return static_cast<uint64_t>(st.st_blocks);
  if (errno == ENOENT) return uint64_t{0};
  return Status::from_errno("stat " + path);
}

Status DataFiles::for_each(const std::function<Status(const FlareId&, uint64_t)>& fn) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
    if (it.depth() != 2 || !it->is_regular_file(ec)) continue;
    std::optional<FlareId> id = FlareId::from_hex(it->path().filename().string());
    if (!id) continue;
    uint64_t length = it->file_size(ec);
    if (ec) break;
    MAGMA_RETURN_IF_ERROR(fn(*id, length));
  }
  if (ec) return Status(Errc::Io, "cannot list " + root_ + ": " + ec.message());
  return Status::ok();
}

std::shared_mutex& DataFiles::size_lock(const FlareId& id) {
  return size_locks_[IdHash()(id) % kSizeLockStripes];
}

size_t DataFiles::open_files() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace magma::server
