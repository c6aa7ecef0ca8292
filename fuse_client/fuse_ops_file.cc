// File operations: open files are held open on the volcano (Open … Release) so that an
// unlinked file keeps its data while open; reads and writes go through one request each.
#include <fcntl.h>

#include <algorithm>

#include "fuse_client/fuse_ops.h"
#include "fuse_client/magma_fs.h"
#include "fuse_client/reply.h"
#include "libmagma/logging.h"
#include "libmagma/permission.h"

namespace magma::fuse::ops {
namespace {

// fi->fh stays 0: the nodeid names the flare, and the kernel keeps it until release.
void set_open_flags(fuse_file_info* fi) {
  // O_DIRECT bypasses the page cache so that `fio --direct=1` measures the volcano.
  fi->direct_io = (fi->flags & O_DIRECT) != 0;
  // Dropping cached pages at each open shows other clients' writes (close-to-open).
  fi->keep_cache = 0;
}

// Releases flare after an open whose reply never reached the kernel (interrupted). The
// request is gone by then, so its caller's credentials come from before the reply.
void release_unseen_open(MagmaFs& fs, const Credentials& creds, const FlareRef& flare) {
  auto answer = fs.client->call(creds, ReleaseRequest{flare.id, flare.place});
  if (!answer) {
    MAGMA_LOG(warning) << "release after failed open: " << answer.status().to_string();
  }
}

// The permission check the kernel skips for a file it believes it created: the mode bits
// of attr for the access flags ask for.
Status check_open_access(const FlareAttr& attr, const Credentials& creds, int flags) {
  int acc = flags & O_ACCMODE;
  uint32_t want = (acc != O_WRONLY ? kMayRead : 0u) | (acc != O_RDONLY || (flags & O_TRUNC) ? kMayWrite : 0u);
  return check_access(attr, creds, want);
}

// The entry at path, held open for this connection: created as a regular file unless it
// exists. open(O_CREAT) without O_EXCL opens an existing regular file (another client may
// have created it since the kernel's lookup, so the kernel checked nothing), truncated
// when O_TRUNC asks for it.
Result<FlareEntry> create_or_find(LavaClient& client, const Credentials& creds,
                                  const std::string& path, mode_t mode, int flags) {
  auto made = client.call(
      creds, MknodRequest{path, FlareType::Regular, mode & kPermissionBits, 0, /*open=*/true});
  if (made) return made->entry;
  if (made.code() != Errc::Exists || (flags & O_EXCL)) return made.status();
  auto found = client.call(creds, LookupRequest{path});
  if (!found) return found.status();
  if (found->entry.attr.type != FlareType::Regular) return made.status();
  MAGMA_RETURN_IF_ERROR(check_open_access(found->entry.attr, creds, flags));
  // A regular file: its id is its place (a zero place).
  auto opened = client.call(creds, OpenRequest{found->entry.id, Key{}});
  if (!opened) return opened.status();
  if (!(flags & O_TRUNC)) return FlareEntry{found->entry.id, opened->attr};
  SetAttrRequest truncate{found->entry.id, Key{}, kSetSize};
  auto truncated = client.call(creds, truncate);
  if (!truncated) {
    client.post(creds, ReleaseRequest{found->entry.id, Key{}});
    return truncated.status();
  }
  return FlareEntry{found->entry.id, truncated->attr};
}

}  // namespace

void open(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  guarded(req, "open", [&] {
    MagmaFs& fs = fs_of(req);
    Result<FlareRef> flare = fs.inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "open");
    Credentials creds = caller_of(req);
    auto answer = fs.client->call(creds, OpenRequest{flare->id, flare->place});
    if (!answer) return reply_error(req, answer.status(), "open");
    set_open_flags(fi);
    if (fuse_reply_open(req, fi) != 0) release_unseen_open(fs, creds, *flare);
  });
}

void create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode,
            fuse_file_info* fi) {
  guarded(req, "create", [&] {
    MagmaFs& fs = fs_of(req);
    Result<std::string> path = fs.inodes.child_path(parent, name);
    if (!path) return reply_error(req, path.status(), "create");
    Credentials creds = caller_of(req);
    Result<FlareEntry> entry = create_or_find(*fs.client, creds, *path, mode, fi->flags);
    if (!entry) return reply_error(req, entry.status(), "create");
    fuse_ino_t nodeid = fs.inodes.add_lookup(parent, name, *entry);
    fuse_entry_param e = entry_param(fs, nodeid, entry->attr);
    set_open_flags(fi);
    if (fuse_reply_create(req, &e, fi) != 0) {
      fs.inodes.forget(nodeid, 1);
      release_unseen_open(fs, creds, FlareRef{entry->id, FlareType::Regular, Key{}});
    }
  });
}

void read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info*) {
  guarded(req, "read", [&] {
    Result<NodeRef> node = fs_of(req).inodes.get(ino);
    if (!node) return reply_error(req, node.status(), "read");
    uint32_t want = static_cast<uint32_t>(std::min<size_t>(size, kMaxIo));
    auto answer = call_as_caller(req, ReadRequest{node->id, static_cast<uint64_t>(off), want});
    if (!answer) return reply_error(req, answer.status(), "read");
    const Bytes& data = answer->data;
    size_t n = std::min(data.size(), size);
    fuse_reply_buf(req, reinterpret_cast<const char*>(data.data()), n);
  });
}

void write(fuse_req_t req, fuse_ino_t ino, const char* buf, size_t size, off_t off,
           fuse_file_info*) {
  guarded(req, "write", [&] {
    Result<NodeRef> node = fs_of(req).inodes.get(ino);
    if (!node) return reply_error(req, node.status(), "write");
    if (size > kMaxIo) {
      return reply_error(req, Status(Errc::Invalid, "write over max_write"), "write");
    }
    WriteRequest request{node->id, static_cast<uint64_t>(off), Bytes(buf, buf + size), false};
    auto answer = call_as_caller(req, request);
    if (!answer) return reply_error(req, answer.status(), "write");
    fuse_reply_write(req, size);
  });
}

void flush(fuse_req_t req, fuse_ino_t, fuse_file_info*) {
  // Every write already reached the volcano before it was acknowledged; durability is
  // fsync's job, so close(2) costs no round trip.
  guarded(req, "flush", [&] { reply_ok(req); });
}

void fsync(fuse_req_t req, fuse_ino_t ino, int datasync, fuse_file_info*) {
  guarded(req, "fsync", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "fsync");
    auto answer = call_as_caller(req, FsyncRequest{flare->id, flare->place, datasync != 0});
    if (!answer) return reply_error(req, answer.status(), "fsync");
    reply_ok(req);
  });
}

void release(fuse_req_t req, fuse_ino_t ino, fuse_file_info*) {
  // The kernel ignores release errors, so close(2) does not wait for the volcano: the
  // Release is sent and its answer dropped. Open counts commute, so a later Open or
  // Unlink arriving first is harmless; the hold also ends with this connection.
  guarded(req, "release", [&] {
    MagmaFs& fs = fs_of(req);
    Result<FlareRef> flare = fs.inodes.locate(ino);
    if (flare) {
      fs.client->post(caller_of(req), ReleaseRequest{flare->id, flare->place});
    } else {
      MAGMA_LOG(warning) << "release: " << flare.status().to_string();
    }
    reply_ok(req);
  });
}

}  // namespace magma::fuse::ops
