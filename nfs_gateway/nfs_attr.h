// Flare attributes in NFS v2's words (RFC 1094 sections 2.3.4 to 2.3.6): fattr reported as
// the FUSE door shows the same flare (FlareAttr::to_stat), sattr read into the SetAttr it
// asks for, and the mode/size conventions CREATE uses to make FIFOs and devices.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "libmagma/flare_messages.h"
#include "rpcgen/nfs_prot.h"

namespace magma::nfs {

// A sattr field (or both halves of an nfstime) of all ones: leave it alone.
constexpr uint32_t kUnset = 0xFFFFFFFF;
// A time whose useconds is this means "the server's clock" (the Linux client's way to
// ask for utimes(NULL) without sending its own clock).
constexpr uint32_t kServerTimeUseconds = 1000000;
// The largest file size and WRITE end: clients treat v2 sizes and offsets as signed 32
// bits (2 GiB - 1); beyond is NFSERR_FBIG.
constexpr uint64_t kMaxFileSize = 0x7FFFFFFF;
// fattr.blocksize: the preferred transfer size, NFS v2's largest READ/WRITE.
constexpr uint32_t kBlockSize = NFS_MAXDATA;

// fattr of a flare. Sizes, block counts and times that do not fit 32 bits are clamped
// (times before 1970 read as 0). fileid: the low 32 bits of attr.ino. blocks: 512-byte
// units, as st_blocks (what Linux's v2 client takes them for). A FIFO is reported the
// v2 way: type NFCHR, rdev NFS_FIFO_DEV, with S_IFIFO in the mode; devices carry rdev in
// Linux's 32-bit encoding; other flares rdev 0.
fattr fattr_of(const FlareAttr& attr, uint32_t fsid);

nfstime nfstime_of(int64_t ns);

// fattr.fileid (and a READDIR entry's): the low 32 bits of the inode number.
inline uint32_t fileid_of(const FlareAttr& attr) { return static_cast<uint32_t>(attr.ino); }

// STATFS's answer for the lava's: tsize NFS_MAXDATA; counts that do not fit 32 bits are
// brought under by doubling bsize (halving the counts) until they do.
statfsokres statfs_of(const StatfsResponse& fs);

// A device number in the 32-bit form NFS v2 carries (12 bits of major, 20 of minor, as
// Linux's new_encode_dev), and back.
uint32_t dev32_of(uint64_t rdev);
uint64_t rdev_of_dev32(uint32_t dev32);

// The SetAttr that s asks for (id and place left empty): fields of all ones stay alone;
// a time with useconds kServerTimeUseconds is set to the server's clock.
SetAttrRequest setattr_of(const sattr& s);

// What CREATE makes: the type chosen by the S_IFMT bits of sattr.mode (none or S_IFREG:
// regular; S_IFDIR: a directory, as mkdir), the permission bits (0644 when the mode is
// unset), and a device's number, carried in sattr.size. S_IFCHR with size kUnset is a
// FIFO (NFS_FIFO_DEV: how v2 clients ask for one). size_used: sattr.size is no size to
// apply (a device number, or meaningless for the type): every type but regular.
// Invalid for S_IFLNK (SYMLINK makes those) and unknown bits.
struct CreateSpec {
  FlareType type = FlareType::Regular;
  uint32_t mode = 0644;
  uint64_t rdev = 0;
  bool size_used = false;
};
Result<CreateSpec> create_spec_of(const sattr& s);

}  // namespace magma::nfs
