// Attribute operations: getattr, setattr (chmod, chown, truncate, utimens), statfs,
// readlink and access, all by flare id (and a directory's place).
#include <sys/statvfs.h>

#include "fuse_client/fuse_ops.h"
#include "fuse_client/magma_fs.h"
#include "fuse_client/reply.h"

namespace magma::fuse::ops {
namespace {

int64_t ns_of(const timespec& ts) { return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec; }

// The SetAttrRequest for FUSE's to_set bits. Bits the volcano handles itself (ctime)
// or the kernel already did (killing setuid/setgid) are dropped.
SetAttrRequest setattr_request(const FlareRef& flare, const struct stat& attr, int to_set) {
  SetAttrRequest r;
  r.id = flare.id;
  r.place = flare.place;
  if (to_set & FUSE_SET_ATTR_MODE) {
    r.mask |= kSetMode;
    r.mode = attr.st_mode & kPermissionBits;
  }
  if (to_set & FUSE_SET_ATTR_UID) {
    r.mask |= kSetUid;
    r.uid = attr.st_uid;
  }
  if (to_set & FUSE_SET_ATTR_GID) {
    r.mask |= kSetGid;
    r.gid = attr.st_gid;
  }
  if (to_set & FUSE_SET_ATTR_SIZE) {
    r.mask |= kSetSize;
    r.size = static_cast<uint64_t>(attr.st_size);
  }
  // The kernel sets ATIME together with ATIME_NOW; NOW wins (same for mtime).
  if (to_set & FUSE_SET_ATTR_ATIME_NOW) {
    r.mask |= kSetAtimeNow;
  } else if (to_set & FUSE_SET_ATTR_ATIME) {
    r.mask |= kSetAtime;
    r.atime_ns = ns_of(attr.st_atim);
  }
  if (to_set & FUSE_SET_ATTR_MTIME_NOW) {
    r.mask |= kSetMtimeNow;
  } else if (to_set & FUSE_SET_ATTR_MTIME) {
    r.mask |= kSetMtime;
    r.mtime_ns = ns_of(attr.st_mtim);
  }
  return r;
}

void reply_getattr(fuse_req_t req, const FlareRef& flare, const char* op) {
  auto answer = call_as_caller(req, GetAttrRequest{flare.id, flare.place});
  if (!answer) return reply_error(req, answer.status(), op);
  reply_attr(req, answer->attr);
}

}  // namespace

void getattr(fuse_req_t req, fuse_ino_t ino, fuse_file_info*) {
  guarded(req, "getattr", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "getattr");
    reply_getattr(req, *flare, "getattr");
  });
}

void setattr(fuse_req_t req, fuse_ino_t ino, struct stat* attr, int to_set,
             fuse_file_info*) {
  guarded(req, "setattr", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "setattr");
    SetAttrRequest request = setattr_request(*flare, *attr, to_set);
    if (request.mask == 0) return reply_getattr(req, *flare, "setattr");
    auto answer = call_as_caller(req, request);
    if (!answer) return reply_error(req, answer.status(), "setattr");
    reply_attr(req, answer->attr);
  });
}

void statfs(fuse_req_t req, fuse_ino_t) {
  guarded(req, "statfs", [&] {
    auto answer = call_as_caller(req, StatfsRequest{});
    if (!answer) return reply_error(req, answer.status(), "statfs");
    struct statvfs st{};
    st.f_bsize = answer->block_size;
    st.f_frsize = answer->block_size;
    st.f_blocks = answer->blocks;
    st.f_bfree = answer->blocks_free;
    st.f_bavail = answer->blocks_avail;
    st.f_files = answer->files;
    st.f_ffree = answer->files_free;
    st.f_favail = answer->files_free;
    st.f_namemax = answer->name_max;
    fuse_reply_statfs(req, &st);
  });
}

void readlink(fuse_req_t req, fuse_ino_t ino) {
  guarded(req, "readlink", [&] {
    Result<NodeRef> node = fs_of(req).inodes.get(ino);
    if (!node) return reply_error(req, node.status(), "readlink");
    auto answer = call_as_caller(req, ReadlinkRequest{node->id});
    if (!answer) return reply_error(req, answer.status(), "readlink");
    fuse_reply_readlink(req, answer->target.c_str());
  });
}

void access(fuse_req_t req, fuse_ino_t ino, int) {
  // With default_permissions the kernel checks the mode bits itself and does not ask;
  // if asked anyway, a flare that still exists is accessible.
  guarded(req, "access", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "access");
    auto answer = call_as_caller(req, GetAttrRequest{flare->id, flare->place});
    if (!answer) return reply_error(req, answer.status(), "access");
    reply_ok(req);
  });
}

}  // namespace magma::fuse::ops
