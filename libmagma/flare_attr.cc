// Flare attributes: POSIX conversions.
#include "libmagma/flare_attr.h"

#include <time.h>

namespace magma {

mode_t type_mode_bits(FlareType t) {
  switch (t) {
    case FlareType::Regular: return S_IFREG;
    case FlareType::Directory: return S_IFDIR;
    case FlareType::Symlink: return S_IFLNK;
    case FlareType::Fifo: return S_IFIFO;
    case FlareType::Socket: return S_IFSOCK;
    case FlareType::CharDevice: return S_IFCHR;
    case FlareType::BlockDevice: return S_IFBLK;
  }
  return 0;
}

Result<FlareType> type_from_mode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return FlareType::Regular;
    case S_IFDIR: return FlareType::Directory;
    case S_IFLNK: return FlareType::Symlink;
    case S_IFIFO: return FlareType::Fifo;
    case S_IFSOCK: return FlareType::Socket;
    case S_IFCHR: return FlareType::CharDevice;
    case S_IFBLK: return FlareType::BlockDevice;
  }
  return Status(Errc::Invalid, "unknown file type in mode");
}

const char* type_name(FlareType t) {
  switch (t) {
    case FlareType::Regular: return "file";
    case FlareType::Directory: return "directory";
    case FlareType::Symlink: return "symlink";
    case FlareType::Fifo: return "fifo";
    case FlareType::Socket: return "socket";
    case FlareType::CharDevice: return "char device";
    case FlareType::BlockDevice: return "block device";
  }
  return "unknown";
}

struct timespec timespec_of(int64_t ns) {
  // Floor division: a time before 1970 keeps tv_nsec in [0, 1e9) as POSIX requires.
  int64_t sec = ns / 1000000000, nsec = ns % 1000000000;
  if (nsec < 0) {
    nsec += 1000000000;
    --sec;
  }
  return {static_cast<time_t>(sec), static_cast<long>(nsec)};
}

void FlareAttr::to_stat(struct stat* st, uint32_t block_size) const {
  *st = {};
  st->st_ino = ino;
  st->st_mode = posix_mode();
  st->st_nlink = nlink;
  st->st_uid = uid;
  st->st_gid = gid;
  st->st_rdev = rdev;
  st->st_size = static_cast<off_t>(size);
  st->st_blksize = block_size;
  st->st_blocks = static_cast<blkcnt_t>(blocks);
  st->st_atim = timespec_of(atime_ns);
  st->st_mtim = timespec_of(mtime_ns);
  st->st_ctim = timespec_of(ctime_ns);
}

uint64_t ino_of(const FlareId& id) {
  // The last 8 bytes: a new id's first 8 are those of its path's key (so it lands on
  // the volcano of its record), and a file made again under the same name must not get
  // the same inode number.
  uint64_t v = 0;
  for (size_t i = FlareId::kSize - 8; i < FlareId::kSize; ++i) v = v << 8 | id.bytes[i];
  return v < 2 ? v + 2 : v;
}

int64_t now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

namespace {

char type_letter(FlareType t) {
  switch (t) {
    case FlareType::Regular: return '-';
    case FlareType::Directory: return 'd';
    case FlareType::Symlink: return 'l';
    case FlareType::Fifo: return 'p';
    case FlareType::Socket: return 's';
    case FlareType::CharDevice: return 'c';
    case FlareType::BlockDevice: return 'b';
  }
  return '?';
}

// The execute letter of one class: x, or the special bit's letter (lower case when the
// class may also execute).
char exec_letter(bool exec, bool special, char special_letter) {
  if (!special) return exec ? 'x' : '-';
  return exec ? special_letter : static_cast<char>(special_letter - 'a' + 'A');
}

}  // namespace

std::string mode_text(const FlareAttr& attr) {
  uint32_t m = attr.mode;
  std::string text(10, '-');
  text[0] = type_letter(attr.type);
  for (int cls = 0; cls < 3; ++cls) {
    int shift = 6 - 3 * cls;
    if ((m >> shift) & 4) text[1 + 3 * cls] = 'r';
    if ((m >> shift) & 2) text[2 + 3 * cls] = 'w';
  }
  text[3] = exec_letter(m & 0100, m & 04000, 's');
  text[6] = exec_letter(m & 0010, m & 02000, 's');
  text[9] = exec_letter(m & 0001, m & 01000, 't');
  return text;
}

}  // namespace magma
