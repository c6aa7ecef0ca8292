// Directory listing. The volcano pages a directory with its own cookies ("resume after
// this entry"); FUSE offsets are built from them so that they stay unique and increasing:
//   offset 0          start of the directory
//   offset 1          after "."   (emitted here, never sent by the volcano)
//   offset 2          after ".."
//   offset cookie+2   after the volcano entry with that cookie
// An entry added with readdirplus counts one lookup, undone if it does not fit.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "fuse_client/fuse_ops.h"
#include "fuse_client/magma_fs.h"
#include "fuse_client/reply.h"

namespace magma::fuse::ops {
namespace {

constexpr off_t kAfterDot = 1;
constexpr off_t kAfterDotDot = 2;
constexpr uint64_t kMaxCookie = uint64_t(std::numeric_limits<off_t>::max()) - kAfterDotDot;

// Smallest room one entry takes in the reply, used to ask the volcano for about as many
// entries as the kernel's buffer holds: a fuse_dirent is 24 bytes + the name, 8-byte
// aligned (32 for names up to 8 bytes); a fuse_direntplus adds a fuse_entry_out (40 bytes
// + a 88-byte fuse_attr). The kernel headers with those structs are not installed.
constexpr size_t kMinDirent = 24 + 8;
constexpr size_t kMinDirentPlus = 40 + 88 + kMinDirent;
constexpr uint32_t kMaxPage = 1024;

// One reply to readdir or readdirplus, filled up to the size the kernel asked for.
// The lookups of readdirplus entries are undone unless the reply reaches the kernel.
class DirBuffer {
 public:
  DirBuffer(fuse_req_t req, size_t size, bool plus)
      : req_(req), fs_(fs_of(req)), plus_(plus), buf_(size) {
    if (plus_) counted_.reserve(size / kMinDirentPlus + 1);  // push_back cannot throw later
  }
  DirBuffer(const DirBuffer&) = delete;
  DirBuffer& operator=(const DirBuffer&) = delete;
  ~DirBuffer() {
    for (fuse_ino_t nodeid : counted_) fs_.inodes.forget(nodeid, 1);
  }

  // Adds "." or "..": no nodeid, so no lookup is counted (the kernel skips them).
  bool add_dot(const char* name, const FlareId& dir, off_t next) {
    fuse_entry_param e{};
    e.attr.st_ino = ino_of(dir);
    e.attr.st_mode = S_IFDIR;
    return append(name, e, next);
  }

  // Adds entry found as name in parent; with plus, the kernel learns its nodeid.
  bool add(fuse_ino_t parent, const DirEntry& entry, off_t next) {
    if (!plus_) {
      fuse_entry_param e{};
      fill_stat(entry.entry.attr, &e.attr);
      return append(entry.name.c_str(), e, next);
    }
    fuse_ino_t nodeid = fs_.inodes.add_lookup(parent, entry.name, entry.entry);
    fuse_entry_param e = entry_param(fs_, nodeid, entry.entry.attr);
    if (!append(entry.name.c_str(), e, next)) {
      fs_.inodes.forget(nodeid, 1);
      return false;
    }
    counted_.push_back(nodeid);
    return true;
  }

  // How many more entries to ask the volcano for.
  uint32_t wanted() const {
    size_t n = (buf_.size() - used_) / (plus_ ? kMinDirentPlus : kMinDirent) + 1;
    return static_cast<uint32_t>(std::min<size_t>(n, kMaxPage));
  }
  bool empty() const { return used_ == 0; }
  void reply() {
    if (fuse_reply_buf(req_, buf_.data(), used_) == 0) counted_.clear();
  }

 private:
  bool append(const char* name, const fuse_entry_param& e, off_t next) {
    size_t room = buf_.size() - used_;
    char* at = buf_.data() + used_;
    size_t need = plus_ ? fuse_add_direntry_plus(req_, at, room, name, &e, next)
                        : fuse_add_direntry(req_, at, room, name, &e.attr, next);
    if (need > room) return false;
    used_ += need;
    return true;
  }

  fuse_req_t req_;  // freed by libfuse once replied
  MagmaFs& fs_;
  bool plus_;
  std::vector<char> buf_;
  size_t used_ = 0;
  std::vector<fuse_ino_t> counted_;  // nodeids whose lookup this reply carries
};

// Adds "." and ".." when off is before them; false when the buffer is full.
bool add_dots(fuse_req_t req, fuse_ino_t ino, const NodeRef& self, off_t off, DirBuffer& buf) {
  if (off < kAfterDot && !buf.add_dot(".", self.id, kAfterDot)) return false;
  if (off < kAfterDotDot) {
    Result<NodeRef> parent = fs_of(req).inodes.parent_of(ino);
    if (!buf.add_dot("..", parent ? parent->id : self.id, kAfterDotDot)) return false;
  }
  return true;
}

// Fills a reply from the volcano, page after page, until it is full or the listing ends.
// The first page comes before "." and "..", so that a directory gone from the volcano is
// an error rather than an empty listing. A later error replies the entries already
// buffered (their lookups are counted).
void list(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, bool plus, const char* op) {
  MagmaFs& fs = fs_of(req);
  Result<NodeRef> self = fs.inodes.get(ino);
  if (!self) return reply_error(req, self.status(), op);
  Result<std::string> path = fs.inodes.path_of(ino);
  if (!path) return reply_error(req, path.status(), op);
  uint64_t cookie = off > kAfterDotDot ? uint64_t(off - kAfterDotDot) : 0;
  DirBuffer buf(req, size, plus);
  auto page = call_as_caller(req, ReadDirRequest{*path, cookie, buf.wanted()});
  if (!page) return reply_error(req, page.status(), op);
  if (!add_dots(req, ino, *self, off, buf)) return buf.reply();
  for (;;) {
    for (const DirEntry& entry : page->entries) {
      if (entry.cookie <= cookie || entry.cookie > kMaxCookie) {
        if (buf.empty()) return reply_error(req, Status(Errc::Protocol, "bad cookie"), op);
        return buf.reply();
      }
      if (!buf.add(ino, entry, static_cast<off_t>(entry.cookie) + kAfterDotDot)) {
        return buf.reply();
      }
      cookie = entry.cookie;
    }
    if (page->eof || page->entries.empty()) return buf.reply();
    page = call_as_caller(req, ReadDirRequest{*path, cookie, buf.wanted()});
    if (!page) return buf.empty() ? reply_error(req, page.status(), op) : buf.reply();
  }
}

}  // namespace

void opendir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  guarded(req, "opendir", [&] {
    Result<NodeRef> node = fs_of(req).inodes.get(ino);
    if (!node) return reply_error(req, node.status(), "opendir");
    if (node->type != FlareType::Directory) {
      return reply_error(req, Status(Errc::NotDir, "opendir of a non-directory"), "opendir");
    }
    fuse_reply_open(req, fi);
  });
}

void readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info*) {
  guarded(req, "readdir", [&] { list(req, ino, size, off, false, "readdir"); });
}

void readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info*) {
  guarded(req, "readdirplus", [&] { list(req, ino, size, off, true, "readdirplus"); });
}

void releasedir(fuse_req_t req, fuse_ino_t, fuse_file_info*) {
  guarded(req, "releasedir", [&] { reply_ok(req); });
}

void fsyncdir(fuse_req_t req, fuse_ino_t, int, fuse_file_info*) {
  // The volcano acknowledges a namespace change only once it is durable.
  guarded(req, "fsyncdir", [&] { reply_ok(req); });
}

}  // namespace magma::fuse::ops
