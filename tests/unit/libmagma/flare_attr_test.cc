// Tests of libmagma/flare_attr.h: types and mode bits, ls's mode text, struct stat, inode
// numbers, wire size.
#include "libmagma/flare_attr.h"

#include <sys/sysmacros.h>

#include <boost/test/unit_test.hpp>

#include <ctime>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

struct TypeRow {
  FlareType type;
  mode_t ifmt;
};

const TypeRow kTypes[] = {
    {FlareType::Regular, S_IFREG},  {FlareType::Directory, S_IFDIR},
    {FlareType::Symlink, S_IFLNK},  {FlareType::Fifo, S_IFIFO},
    {FlareType::Socket, S_IFSOCK},  {FlareType::CharDevice, S_IFCHR},
    {FlareType::BlockDevice, S_IFBLK},
};

// An id whose last 8 bytes (those ino_of reads) are tail, and every other byte rest.
FlareId id_with_tail(uint64_t tail, uint8_t rest) {
  FlareId id;
  id.bytes.fill(rest);
  for (int i = 0; i < 8; ++i) id.bytes[FlareId::kSize - 8 + i] = static_cast<uint8_t>(tail >> (8 * (7 - i)));
  return id;
}

FlareAttr with_mode(FlareType type, uint32_t mode) {
  FlareAttr a;
  a.type = type;
  a.mode = mode;
  return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(flare_attr_test)

BOOST_AUTO_TEST_CASE(mode_text_shows_type_permissions_and_special_bits) {
  struct Case {
    FlareType type;
    uint32_t mode;
    std::string text;
  };
  const std::vector<Case> cases = {
      {FlareType::Directory, 0755, "drwxr-xr-x"},
      {FlareType::Regular, 0644, "-rw-r--r--"},
      {FlareType::Regular, 0, "----------"},
      {FlareType::Symlink, 0777, "lrwxrwxrwx"},
      {FlareType::Fifo, 0600, "prw-------"},
      {FlareType::Socket, 0755, "srwxr-xr-x"},
      {FlareType::CharDevice, 0620, "crw--w----"},
      {FlareType::BlockDevice, 0660, "brw-rw----"},
      {FlareType::Regular, 04755, "-rwsr-xr-x"},
      {FlareType::Regular, 04644, "-rwSr--r--"},
      {FlareType::Directory, 02775, "drwxrwsr-x"},
      {FlareType::Directory, 02765, "drwxrwSr-x"},
      {FlareType::Directory, 01777, "drwxrwxrwt"},
      {FlareType::Directory, 01776, "drwxrwxrwT"},
  };
  for (const Case& c : cases) BOOST_TEST(mode_text(with_mode(c.type, c.mode)) == c.text, std::oct << c.mode);
}


BOOST_AUTO_TEST_CASE(every_type_round_trips_through_mode_bits) {
  std::set<std::string> names;
  for (const auto& [type, ifmt] : kTypes) {
    BOOST_TEST(type_mode_bits(type) == ifmt);
    auto back = type_from_mode(type_mode_bits(type) | 04755);
    BOOST_TEST_REQUIRE(back.is_ok());
    BOOST_TEST(*back == type);
    BOOST_TEST(enum_in_range(type));
    names.insert(type_name(type));
  }
  BOOST_TEST(names.size() == std::size(kTypes));
}

BOOST_AUTO_TEST_CASE(unknown_mode_types_are_invalid) {
  for (mode_t ifmt : {0000000, 0030000, 0050000, 0070000, 0110000, 0130000, 0150000, 0160000,
                      0170000}) {
    BOOST_TEST(type_from_mode(ifmt | 0644).code() == Errc::Invalid, "S_IFMT " << std::oct << ifmt);
  }
}

BOOST_AUTO_TEST_CASE(enum_range_excludes_neighbours) {
  BOOST_TEST(!enum_in_range(static_cast<FlareType>(0)));
  BOOST_TEST(!enum_in_range(static_cast<FlareType>(8)));
  BOOST_TEST(!enum_in_range(static_cast<FlareType>(255)));
}

BOOST_AUTO_TEST_CASE(posix_mode_keeps_only_permission_bits) {
  FlareAttr a;
  a.type = FlareType::Directory;
  a.mode = 0777777;
  BOOST_TEST(a.posix_mode() == (S_IFDIR | 07777));
  a.type = FlareType::Symlink;
  a.mode = 01755;
  BOOST_TEST(a.posix_mode() == (S_IFLNK | 01755));
}

BOOST_AUTO_TEST_CASE(to_stat_fills_every_field) {
  FlareAttr a;
  a.type = FlareType::CharDevice;
  a.mode = 02640;
  a.uid = 1001;
  a.gid = 2002;
  a.nlink = 3;
  a.size = 5000000000ull;
  a.blocks = 9765632;
  a.atime_ns = 1700000000123456789;
  a.mtime_ns = 1600000000000000001;
  a.ctime_ns = 1500000000999999999;
  a.rdev = makedev(4, 64);
  a.ino = 0x0123456789abcdefull;
  struct stat st;
  a.to_stat(&st, 65536);
  BOOST_TEST(st.st_ino == 0x0123456789abcdefull);
  BOOST_TEST(st.st_mode == (S_IFCHR | 02640));
  BOOST_TEST(st.st_nlink == 3u);
  BOOST_TEST(st.st_uid == 1001u);
  BOOST_TEST(st.st_gid == 2002u);
  BOOST_TEST(st.st_size == 5000000000ll);
  BOOST_TEST(st.st_blocks == 9765632);
  BOOST_TEST(st.st_blksize == 65536);
  BOOST_TEST(major(st.st_rdev) == 4u);
  BOOST_TEST(minor(st.st_rdev) == 64u);
  BOOST_TEST(st.st_atim.tv_sec == 1700000000);
  BOOST_TEST(st.st_atim.tv_nsec == 123456789);
  BOOST_TEST(st.st_mtim.tv_sec == 1600000000);
  BOOST_TEST(st.st_mtim.tv_nsec == 1);
  BOOST_TEST(st.st_ctim.tv_sec == 1500000000);
  BOOST_TEST(st.st_ctim.tv_nsec == 999999999);
}

BOOST_AUTO_TEST_CASE(to_stat_handles_times_before_1970) {
  // touch -d '1969-12-31 23:59:59.25 UTC': one second before the epoch plus 0.25 s.
  FlareAttr a;
  a.mtime_ns = -750000000;
  a.atime_ns = -2000000000;
  struct stat st;
  a.to_stat(&st, 4096);
  BOOST_TEST(st.st_mtim.tv_sec == -1);
  BOOST_TEST(st.st_mtim.tv_nsec == 250000000);
  BOOST_TEST(st.st_atim.tv_sec == -2);
  BOOST_TEST(st.st_atim.tv_nsec == 0);
}

BOOST_AUTO_TEST_CASE(ino_is_never_zero_or_one) {
  for (uint64_t tail : {0ull, 1ull}) {
    for (uint8_t rest : {0x00, 0x01, 0xff}) {
      uint64_t ino = ino_of(id_with_tail(tail, rest));
      BOOST_TEST(ino != 0u);
      BOOST_TEST(ino != 1u);
    }
  }
  BOOST_TEST(ino_of(FlareId::min()) > 1u);
}

BOOST_AUTO_TEST_CASE(ids_sharing_a_path_prefix_get_different_inos) {
  // New ids begin with 8 bytes of their path's key: a file made again under the same name
  // must still get a new inode number.
  FlareId a = id_with_tail(7, 0x42), b = id_with_tail(8, 0x42);
  BOOST_TEST(ino_of(a) != ino_of(b));
}

BOOST_AUTO_TEST_CASE(ino_is_stable_and_spreads) {
  std::mt19937_64 rng(11);
  std::set<uint64_t> seen;
  for (int i = 0; i < 10000; ++i) {
    FlareId id;
    for (auto& b : id.bytes) b = static_cast<uint8_t>(rng());
    uint64_t ino = ino_of(id);
    BOOST_TEST_REQUIRE(ino == ino_of(id));
    BOOST_TEST_REQUIRE(ino > 1u);
    seen.insert(ino);
  }
  BOOST_TEST(seen.size() == 10000u);
}

BOOST_AUTO_TEST_CASE(attr_wire_size_and_round_trip) {
  FlareAttr a;
  a.type = FlareType::Fifo;
  a.mode = 0610;
  a.uid = 7;
  a.gid = 8;
  a.nlink = 9;
  a.size = 10;
  a.blocks = 11;
  a.atime_ns = -12;
  a.mtime_ns = 13;
  a.ctime_ns = 14;
  a.rdev = 15;
  a.ino = 16;
  Bytes wire;
  encode_message(a, wire);
  // type(1) + mode, uid, gid, nlink (4 each) + size, blocks, 3 times, rdev, ino (8 each).
  BOOST_TEST(wire.size() == 1u + 4 * 4 + 7 * 8);
  FlareAttr b;
  BOOST_TEST_REQUIRE(decode_message(wire.data(), wire.size(), b).is_ok());
  BOOST_TEST(b.type == a.type);
  BOOST_TEST(b.mode == a.mode);
  BOOST_TEST(b.atime_ns == -12);
  BOOST_TEST(b.rdev == 15u);
  BOOST_TEST(b.ino == 16u);
}

BOOST_AUTO_TEST_CASE(now_ns_follows_the_real_time_clock) {
  int64_t before = int64_t(std::time(nullptr)) * 1000000000;
  int64_t now = now_ns();
  int64_t after = (int64_t(std::time(nullptr)) + 1) * 1000000000;
  BOOST_TEST(before <= now);
  BOOST_TEST(now <= after);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
