// Tests of nfs_gateway/nfs_attr.h: fattr as the FUSE door's struct stat shows the same
// flare, clamping, device numbers, sattr's "unset" and "server time" conventions, the
// types CREATE makes, and STATFS's 32-bit counts.
#include "nfs_gateway/nfs_attr.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <boost/test/unit_test.hpp>

#include "tests/unit/libmagma/test_print.h"
#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs {
namespace {

FlareAttr sample(FlareType type) {
  FlareAttr a;
  a.type = type;
  a.mode = 04751;
  a.uid = 1000;
  a.gid = 100;
  a.nlink = 3;
  a.size = 123456;
  a.blocks = 248;
  a.atime_ns = 1'700'000'000'123'456'789;
  a.mtime_ns = 1'700'000'001'000'999'999;
  a.ctime_ns = 1'700'000'002'999'999'999;
  a.ino = 0xABCDEF0012345678ull;
  return a;
}

BOOST_AUTO_TEST_SUITE(nfs_attr)

BOOST_AUTO_TEST_CASE(fattr_agrees_with_the_fuse_view) {
  FlareAttr a = sample(FlareType::Regular);
  struct stat st;
  a.to_stat(&st, 4096);
  fattr f = fattr_of(a, 77);
  BOOST_TEST(f.type == NFREG);
  BOOST_TEST(f.mode == st.st_mode);
  BOOST_TEST(f.mode == (S_IFREG | 04751u));
  BOOST_TEST(f.nlink == st.st_nlink);
  BOOST_TEST(f.uid == st.st_uid);
  BOOST_TEST(f.gid == st.st_gid);
  BOOST_TEST(f.size == uint64_t(st.st_size));
  BOOST_TEST(f.blocks == uint64_t(st.st_blocks));  // 512-byte units both
  BOOST_TEST(f.blocksize == uint32_t(NFS_MAXDATA));
  BOOST_TEST(f.rdev == 0u);
  BOOST_TEST(f.fsid == 77u);
  BOOST_TEST(f.fileid == uint32_t(st.st_ino));  // the low 32 bits
  BOOST_TEST(f.fileid == 0x12345678u);
  BOOST_TEST(f.atime.seconds == uint64_t(st.st_atim.tv_sec));
  BOOST_TEST(f.atime.useconds == uint64_t(st.st_atim.tv_nsec / 1000));
  BOOST_TEST(f.atime.useconds == 123456u);
  BOOST_TEST(f.mtime.seconds == 1'700'000'001u);
  BOOST_TEST(f.mtime.useconds == 999u);
  BOOST_TEST(f.ctime.useconds == 999999u);
}

BOOST_AUTO_TEST_CASE(each_type_has_its_ftype_and_mode_bits) {
  struct Row {
    FlareType type;
    ftype ft;
    uint32_t fmt;
  };
  const Row rows[] = {
      {FlareType::Regular, NFREG, S_IFREG},       {FlareType::Directory, NFDIR, S_IFDIR},
      {FlareType::Symlink, NFLNK, S_IFLNK},       {FlareType::Socket, NFSOCK, S_IFSOCK},
      {FlareType::CharDevice, NFCHR, S_IFCHR},    {FlareType::BlockDevice, NFBLK, S_IFBLK},
      {FlareType::Fifo, NFCHR, S_IFIFO},  // the v2 way: NFCHR, rdev NFS_FIFO_DEV, S_IFIFO in the mode
  };
  for (const Row& row : rows) {
    fattr f = fattr_of(sample(row.type), 1);
    BOOST_TEST(f.type == row.ft, type_name(row.type));
    BOOST_TEST((f.mode & S_IFMT) == row.fmt, type_name(row.type));
  }
  BOOST_TEST(fattr_of(sample(FlareType::Fifo), 1).rdev == 0xFFFFFFFFu);
}

BOOST_AUTO_TEST_CASE(devices_carry_linux_32_bit_device_numbers) {
  FlareAttr a = sample(FlareType::CharDevice);
  a.rdev = makedev(4, 64);
  BOOST_TEST(fattr_of(a, 1).rdev == (4u << 8 | 64u));
  a.rdev = makedev(259, 0x12345);  // a minor over 8 bits: its high bits go above the major
  uint32_t dev32 = fattr_of(a, 1).rdev;
  BOOST_TEST(dev32 == (0x45u | 259u << 8 | 0x12300u << 12));
  BOOST_TEST(rdev_of_dev32(dev32) == a.rdev);
  for (uint64_t rdev : {makedev(0, 0), makedev(1, 3), makedev(8, 17), makedev(4095, 1048575)})
    BOOST_TEST(rdev_of_dev32(dev32_of(rdev)) == rdev);
}

BOOST_AUTO_TEST_CASE(values_beyond_32_bits_are_clamped) {
  FlareAttr a = sample(FlareType::Regular);
  a.size = 5ull << 30;
  a.blocks = 1ull << 40;
  a.atime_ns = -5'000'000'000;  // before 1970
  a.mtime_ns = int64_t(UINT32_MAX) * 1'000'000'000 * 2;
  fattr f = fattr_of(a, 1);
  BOOST_TEST(f.size == UINT32_MAX);
  BOOST_TEST(f.blocks == UINT32_MAX);
  BOOST_TEST(f.atime.seconds == 0u);
  BOOST_TEST(f.atime.useconds == 0u);
  BOOST_TEST(f.mtime.seconds == UINT32_MAX);
}

BOOST_AUTO_TEST_CASE(a_sattr_of_all_ones_asks_nothing) { BOOST_TEST(setattr_of(test::unset_sattr()).mask == 0u); }

BOOST_AUTO_TEST_CASE(each_set_field_is_asked_for) {
  sattr s = test::unset_sattr();
  s.mode = S_IFREG | 0640;
  s.gid = 100;
  s.size = 0;
  s.mtime = nfstime{1'600'000'000, 250'000};
  SetAttrRequest r = setattr_of(s);
  BOOST_TEST(r.mask == uint32_t(kSetMode | kSetGid | kSetSize | kSetMtime));
  BOOST_TEST(r.mode == 0640u);  // permission bits only
  BOOST_TEST(r.gid == 100u);
  BOOST_TEST(r.size == 0u);
  BOOST_TEST(r.mtime_ns == 1'600'000'000'250'000'000);
}

BOOST_AUTO_TEST_CASE(useconds_of_one_million_means_the_servers_clock) {
  sattr s = test::unset_sattr();
  s.atime = nfstime{1234, kServerTimeUseconds};
  s.mtime = nfstime{1234, kServerTimeUseconds};
  BOOST_TEST(setattr_of(s).mask == uint32_t(kSetAtimeNow | kSetMtimeNow));
  // Half a time (one field all ones) leaves it alone, as knfsd does.
  s.atime = nfstime{kUnset, 5};
  s.mtime = nfstime{5, kUnset};
  BOOST_TEST(setattr_of(s).mask == 0u);
}

BOOST_AUTO_TEST_CASE(create_picks_the_type_from_the_mode_bits) {
  struct Row {
    uint32_t mode;
    uint32_t size;
    FlareType type;
    uint64_t rdev;
  };
  const Row rows[] = {
      {0644, kUnset, FlareType::Regular, 0},
      {S_IFREG | 0600, 0, FlareType::Regular, 0},
      {S_IFIFO | 0600, kUnset, FlareType::Fifo, 0},
      {S_IFCHR | 0600, kUnset, FlareType::Fifo, 0},  // NFS_FIFO_DEV: the v2 client's FIFO
      {S_IFCHR | 0600, 4u << 8 | 1, FlareType::CharDevice, makedev(4, 1)},
      {S_IFBLK | 0600, 8u << 8 | 17, FlareType::BlockDevice, makedev(8, 17)},
      {S_IFSOCK | 0755, kUnset, FlareType::Socket, 0},
      {S_IFDIR | 0700, kUnset, FlareType::Directory, 0},
  };
  for (const Row& row : rows) {
    sattr s = test::unset_sattr();
    s.mode = row.mode;
    s.size = row.size;
    Result<CreateSpec> spec = create_spec_of(s);
    BOOST_REQUIRE(spec.is_ok());
    BOOST_TEST(spec->type == row.type, std::oct << row.mode);
    BOOST_TEST(spec->mode == (row.mode & 07777));
    BOOST_TEST(spec->rdev == row.rdev);
    BOOST_TEST(spec->size_used == (row.type != FlareType::Regular));
  }
}

BOOST_AUTO_TEST_CASE(create_without_a_mode_makes_a_0644_file_and_refuses_symlinks) {
  Result<CreateSpec> spec = create_spec_of(test::unset_sattr());
  BOOST_REQUIRE(spec.is_ok());
  BOOST_TEST(spec->type == FlareType::Regular);
  BOOST_TEST(spec->mode == 0644u);
  sattr link = test::unset_sattr();
  link.mode = S_IFLNK | 0777;
  BOOST_TEST(create_spec_of(link).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(statfs_scales_the_block_size_until_counts_fit) {
  StatfsResponse small;
  small.block_size = 4096;
  small.blocks = 1000;
  small.blocks_free = 600;
  small.blocks_avail = 500;
  statfsokres s = statfs_of(small);
  BOOST_TEST(s.tsize == uint32_t(NFS_MAXDATA));
  BOOST_TEST(s.bsize == 4096u);
  BOOST_TEST(s.blocks == 1000u);
  BOOST_TEST(s.bfree == 600u);
  BOOST_TEST(s.bavail == 500u);
  StatfsResponse huge = small;  // 64 PiB in 4 KiB blocks: 2^44 blocks
  huge.blocks = 1ull << 44;
  huge.blocks_free = 3ull << 40;
  huge.blocks_avail = 1ull << 40;
  statfsokres h = statfs_of(huge);
  BOOST_TEST(h.bsize == 4096u << 13);
  BOOST_TEST(h.blocks == uint32_t(1u << 31));
  BOOST_TEST(h.bfree == uint32_t(3u << 27));
  BOOST_TEST(uint64_t(h.bsize) * h.blocks == uint64_t(huge.block_size) * huge.blocks);  // the size is kept
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs
