// Flare attributes: the type and inode-like attributes every door reports, with their
// wire form and the conversions to and from POSIX mode bits. Plain values.
#pragma once

#include <sys/stat.h>
#include <time.h>

#include <cstdint>
#include <string>

#include "libmagma/byte_codec.h"
#include "libmagma/key.h"

namespace magma {

// Numeric values travel on the wire and sit in the store: never renumber.
enum class FlareType : uint8_t {
  Regular = 1,
  Directory = 2,
  Symlink = 3,
  Fifo = 4,
  Socket = 5,
  CharDevice = 6,
  BlockDevice = 7,
};
inline bool enum_in_range(FlareType t) {
  return t >= FlareType::Regular && t <= FlareType::BlockDevice;
}

// The S_IFMT bits of t.
mode_t type_mode_bits(FlareType t);
// The type named by the S_IFMT bits of mode; Invalid for anything else.
Result<FlareType> type_from_mode(mode_t mode);
const char* type_name(FlareType t);

// A flare's identity: fixed at creation (SHA1 of creation path + time + salt), it never
// changes on rename and names the flare's data, so hard links share it.
using FlareId = Key;

constexpr uint32_t kPermissionBits = 07777;  // rwx for u/g/o plus setuid, setgid, sticky

struct FlareAttr {
  FlareType type = FlareType::Regular;
  uint32_t mode = 0;  // permission bits only (kPermissionBits)
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t nlink = 1;
  uint64_t size = 0;
  uint64_t blocks = 0;  // 512-byte blocks allocated
  int64_t atime_ns = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint64_t rdev = 0;
  uint64_t ino = 0;  // stable inode number, derived from the FlareId
  MAGMA_FIELDS(type, mode, uid, gid, nlink, size, blocks, atime_ns, mtime_ns, ctime_ns, rdev, ino)

  // type bits | permission bits, as st_mode.
  mode_t posix_mode() const { return type_mode_bits(type) | (mode & kPermissionBits); }
  // Fills a struct stat (st_blksize = block_size).
  void to_stat(struct stat* st, uint32_t block_size) const;
};

// The inode number of a flare: the last 64 bits of its id, never 0 or 1 (1 is FUSE's root).
uint64_t ino_of(const FlareId& id);

// An entry: a flare's identity together with its attributes.
struct FlareEntry {
  FlareId id;
  FlareAttr attr;
  MAGMA_FIELDS(id, attr)
};

// "drwxr-xr-x", "-rw-r--r--", "lrwxrwxrwx", with s/S and t/T for the setuid, setgid and
// sticky bits, as ls -l shows a flare's type and mode.
std::string mode_text(const FlareAttr& attr);

// ns since the epoch as a timespec (tv_nsec in [0, 1e9) also before 1970).
struct timespec timespec_of(int64_t ns);

// Nanoseconds since the epoch, from the real-time clock.
int64_t now_ns();

}  // namespace magma
