// FlareAttr → fattr, sattr → SetAttrRequest, and CREATE's type conventions.
#include "nfs_gateway/nfs_attr.h"

#include <sys/sysmacros.h>

#include <algorithm>
#include <limits>

namespace magma::nfs {

namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kNsPerMicrosecond = 1'000;

uint32_t clamp32(uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX)); }

ftype ftype_of(FlareType t) {
  switch (t) {
    case FlareType::Regular: return NFREG;
    case FlareType::Directory: return NFDIR;
    case FlareType::Symlink: return NFLNK;
    case FlareType::Fifo: return NFCHR;  // with rdev NFS_FIFO_DEV: the v2 way
    case FlareType::Socket: return NFSOCK;
    case FlareType::CharDevice: return NFCHR;
    case FlareType::BlockDevice: return NFBLK;
  }
  return NFNON;
}

uint32_t rdev_field(const FlareAttr& a) {
  if (a.type == FlareType::CharDevice || a.type == FlareType::BlockDevice) return dev32_of(a.rdev);
  if (a.type == FlareType::Fifo) return static_cast<uint32_t>(NFS_FIFO_DEV);
  return 0;
}

// Applies one sattr time to req: set flag for a given time, now_flag for the clock.
void read_time(const nfstime& t, uint32_t set_flag, uint32_t now_flag, int64_t& ns, SetAttrRequest& req) {
  if (t.seconds == kUnset || t.useconds == kUnset) return;
  if (t.useconds == kServerTimeUseconds) {
    req.mask |= now_flag;
    return;
  }
  req.mask |= set_flag;
  ns = int64_t(t.seconds) * kNsPerSecond + int64_t(t.useconds) * kNsPerMicrosecond;
}

}  // namespace

nfstime nfstime_of(int64_t ns) {
  if (ns < 0) return nfstime{0, 0};
  int64_t seconds = ns / kNsPerSecond;
  if (seconds > int64_t(UINT32_MAX)) return nfstime{UINT32_MAX, 999999};
  return nfstime{static_cast<u_int>(seconds), static_cast<u_int>(ns % kNsPerSecond / kNsPerMicrosecond)};
}

uint32_t dev32_of(uint64_t rdev) {
  uint32_t ma = major(rdev), mi = minor(rdev);
  return (mi & 0xff) | ((ma & 0xfff) << 8) | ((mi & ~0xffu) << 12);
}

uint64_t rdev_of_dev32(uint32_t dev32) {
  uint32_t ma = (dev32 >> 8) & 0xfff;
  uint32_t mi = (dev32 & 0xff) | ((dev32 >> 12) & 0xfff00);
  return makedev(ma, mi);
}

fattr fattr_of(const FlareAttr& a, uint32_t fsid) {
  fattr f{};
  f.type = ftype_of(a.type);
  f.mode = a.posix_mode();
  f.nlink = a.nlink;
  f.uid = a.uid;
  f.gid = a.gid;
  f.size = clamp32(a.size);
  f.blocksize = kBlockSize;
  f.rdev = rdev_field(a);
  f.blocks = clamp32(a.blocks);
  f.fsid = fsid;
  f.fileid = fileid_of(a);
  f.atime = nfstime_of(a.atime_ns);
  f.mtime = nfstime_of(a.mtime_ns);
  f.ctime = nfstime_of(a.ctime_ns);
  return f;
}

statfsokres statfs_of(const StatfsResponse& fs) {
  uint64_t bsize = std::max<uint32_t>(fs.block_size, 1);
  uint64_t blocks = fs.blocks, bfree = fs.blocks_free, bavail = fs.blocks_avail;
  while (std::max({blocks, bfree, bavail}) > UINT32_MAX && bsize < (uint64_t{1} << 31)) {
    bsize *= 2;
    blocks /= 2;
    bfree /= 2;
    bavail /= 2;
  }
  return statfsokres{NFS_MAXDATA, static_cast<u_int>(bsize), clamp32(blocks), clamp32(bfree), clamp32(bavail)};
}

SetAttrRequest setattr_of(const sattr& s) {
  SetAttrRequest req;
  if (s.mode != kUnset) {
    req.mask |= kSetMode;
    req.mode = s.mode & kPermissionBits;
  }
  if (s.uid != kUnset) {
    req.mask |= kSetUid;
    req.uid = s.uid;
  }
  if (s.gid != kUnset) {
    req.mask |= kSetGid;
    req.gid = s.gid;
  }
  if (s.size != kUnset) {
    req.mask |= kSetSize;
    req.size = s.size;
  }
  read_time(s.atime, kSetAtime, kSetAtimeNow, req.atime_ns, req);
  read_time(s.mtime, kSetMtime, kSetMtimeNow, req.mtime_ns, req);
  return req;
}

Result<CreateSpec> create_spec_of(const sattr& s) {
  CreateSpec spec;
  if (s.mode == kUnset) return spec;
  spec.mode = s.mode & kPermissionBits;
  switch (s.mode & NFSMODE_FMT) {
    case 0:
    case NFSMODE_REG: return spec;
    case NFSMODE_DIR: spec.type = FlareType::Directory; break;
    case NFSMODE_FIFO: spec.type = FlareType::Fifo; break;
    case NFSMODE_SOCK: spec.type = FlareType::Socket; break;
    case NFSMODE_CHR:
      spec.type = s.size == kUnset ? FlareType::Fifo : FlareType::CharDevice;
      break;
    case NFSMODE_BLK: spec.type = FlareType::BlockDevice; break;
    default: return Status(Errc::Invalid, "CREATE cannot make file type " + std::to_string(s.mode & NFSMODE_FMT));
  }
  bool device = spec.type == FlareType::CharDevice || spec.type == FlareType::BlockDevice;
  if (device && s.size != kUnset) spec.rdev = rdev_of_dev32(s.size);
  spec.size_used = true;
  return spec;
}

}  // namespace magma::nfs
