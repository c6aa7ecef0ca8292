// Tests of nfs_gateway/nfs_procs_io.cc: WRITE (stable, attributes after, 2 GiB limit,
// permissions with the owner override, read-only exports), READ (the 8 KiB cap, short
// at end of file, read-if-execute) and READLINK.
#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

struct IoFixture : NfsFixture {
  IoFixture() {
    made = nfs.create(d, "f");
    BOOST_REQUIRE_EQUAL(made.status, NFS_OK);
    fh = made.fh;
  }
  DirOp made;
  HandleBytes fh{};
};

std::string pattern(size_t n) {
  std::string s(n, ' ');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i * 7 % 26);
  return s;
}

BOOST_AUTO_TEST_SUITE(nfs_procs_io)

BOOST_FIXTURE_TEST_CASE(write_then_read_back, IoFixture) {
  std::string data = pattern(8192);
  Attr w = nfs.write(fh, 0, data);
  BOOST_REQUIRE_EQUAL(w.status, NFS_OK);
  BOOST_TEST(w.attr.size == 8192u);  // the attributes after the write
  BOOST_REQUIRE_EQUAL(nfs.write(fh, 8192, "tail").status, NFS_OK);
  ReadResult r = nfs.read(fh, 0, 8192);
  BOOST_REQUIRE_EQUAL(r.status, NFS_OK);
  BOOST_TEST(r.data == data);
  BOOST_TEST(r.attr.size == 8196u);
  BOOST_TEST(contents(lookup("/d/f")->entry.id) == data + "tail");
}

BOOST_FIXTURE_TEST_CASE(a_write_in_the_middle_keeps_the_rest, IoFixture) {
  BOOST_REQUIRE_EQUAL(nfs.write(fh, 0, "0123456789").status, NFS_OK);
  Attr w = nfs.write(fh, 3, "abc");
  BOOST_TEST(w.attr.size == 10u);
  BOOST_TEST(nfs.read(fh, 0, 100).data == "012abc6789");
}

BOOST_FIXTURE_TEST_CASE(a_read_is_capped_at_8_kib_and_short_at_the_end, IoFixture) {
  std::string data = pattern(20000);
  for (uint32_t at = 0; at < data.size(); at += 8192)
    BOOST_REQUIRE_EQUAL(nfs.write(fh, at, data.substr(at, 8192)).status, NFS_OK);
  ReadResult big = nfs.read(fh, 100, 60000);
  BOOST_REQUIRE_EQUAL(big.status, NFS_OK);
  BOOST_TEST(big.data == data.substr(100, 8192));
  ReadResult end = nfs.read(fh, 19990, 8192);
  BOOST_TEST(end.data == data.substr(19990));
  ReadResult past = nfs.read(fh, 30000, 10);
  BOOST_REQUIRE_EQUAL(past.status, NFS_OK);
  BOOST_TEST(past.data.empty());
  BOOST_TEST(past.attr.size == 20000u);
}

BOOST_FIXTURE_TEST_CASE(a_write_past_2_gib_is_fbig, IoFixture) {
  BOOST_TEST(nfs.write(fh, 0x7FFFFFFF, "x").status == NFSERR_FBIG);
  BOOST_TEST(nfs.write(fh, 0x7FFFFFF0, std::string(100, 'x')).status == NFSERR_FBIG);
  BOOST_TEST(nfs.write(fh, 0xFFFFFFF0, "x").status == NFSERR_FBIG);
  BOOST_TEST(attr_of("/d/f").size == 0u);
  // The last byte below 2 GiB is writable.
  Attr last = nfs.write(fh, 0x7FFFFFFE, "z");
  BOOST_REQUIRE_EQUAL(last.status, NFS_OK);
  BOOST_TEST(last.attr.size == 0x7FFFFFFFu);
}

BOOST_FIXTURE_TEST_CASE(the_owner_writes_a_file_he_made_read_only, IoFixture) {
  // As `cp` of a 0444 file does: create, chmod, then write.
  BOOST_REQUIRE_EQUAL(nfs.setattr(fh, mode_sattr(0444)).status, NFS_OK);
  BOOST_REQUIRE_EQUAL(nfs.write(fh, 0, "still mine").status, NFS_OK);
  BOOST_TEST(nfs.read(fh, 0, 100).data == "still mine");
}

BOOST_FIXTURE_TEST_CASE(strangers_need_the_mode_bits, IoFixture) {
  BOOST_REQUIRE_EQUAL(nfs.write(fh, 0, "secret").status, NFS_OK);
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.write(fh, 0, "mine now").status == NFSERR_ACCES);
  BOOST_TEST(nfs.read(fh, 0, 100).data == "secret");  // 0644: others read
  nfs.call_as(kUser, kGroup);
  BOOST_REQUIRE_EQUAL(nfs.setattr(fh, mode_sattr(0600)).status, NFS_OK);
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.read(fh, 0, 100).status == NFSERR_ACCES);
  nfs.call_as(kOtherUser, kGroup);  // the group has no bits either
  BOOST_TEST(nfs.read(fh, 0, 100).status == NFSERR_ACCES);
  BOOST_TEST(attr_of("/d/f").size == 6u);
}

BOOST_FIXTURE_TEST_CASE(an_executable_may_be_read_to_run_it, IoFixture) {
  BOOST_REQUIRE_EQUAL(nfs.write(fh, 0, "#!/bin/true").status, NFS_OK);
  BOOST_REQUIRE_EQUAL(nfs.setattr(fh, mode_sattr(0711)).status, NFS_OK);
  nfs.call_as(kOtherUser, kOtherGroup);
  ReadResult r = nfs.read(fh, 0, 100);
  BOOST_REQUIRE_EQUAL(r.status, NFS_OK);
  BOOST_TEST(r.data == "#!/bin/true");
}

BOOST_FIXTURE_TEST_CASE(data_lives_only_in_regular_files, IoFixture) {
  BOOST_TEST(nfs.read(d, 0, 10).status == NFSERR_ISDIR);
  BOOST_TEST(nfs.write(d, 0, "x").status == NFSERR_ISDIR);
  BOOST_REQUIRE_EQUAL(nfs.symlink(d, "link", "f"), NFS_OK);
  HandleBytes link = nfs.lookup(d, "link").fh;
  BOOST_TEST(nfs.write(link, 0, "x").status == NFSERR_IO);
  BOOST_TEST(nfs.read(link, 0, 10).status == NFSERR_IO);
  must(mknod("/d/fifo", FlareType::Fifo, 0666));
  HandleBytes fifo = nfs.handle_at("/d/fifo");
  BOOST_TEST(nfs.read(fifo, 0, 10).status == NFSERR_IO);
  BOOST_TEST(nfs.write(fifo, 0, "x").status == NFSERR_IO);
}

BOOST_FIXTURE_TEST_CASE(a_read_only_export_reads_but_refuses_writes, IoFixture) {
  BOOST_REQUIRE_EQUAL(nfs.write(fh, 0, "before").status, NFS_OK);
  acl::Share ro;
  ro.read_only = true;
  reexport(ro);
  BOOST_TEST(nfs.write(fh, 0, "after!").status == NFSERR_ROFS);
  BOOST_TEST(nfs.read(fh, 0, 100).data == "before");
}

BOOST_FIXTURE_TEST_CASE(readlink_returns_the_target, IoFixture) {
  BOOST_REQUIRE_EQUAL(nfs.symlink(d, "l", "../some/where"), NFS_OK);
  DirOp link = nfs.lookup(d, "l");
  BOOST_REQUIRE_EQUAL(link.status, NFS_OK);
  BOOST_TEST(link.attr.type == NFLNK);
  BOOST_TEST(link.attr.size == 13u);
  Text t = nfs.readlink(link.fh);
  BOOST_REQUIRE_EQUAL(t.status, NFS_OK);
  BOOST_TEST(t.text == "../some/where");
  BOOST_TEST(nfs.readlink(fh).status == NFSERR_IO);  // not a symlink
}

BOOST_FIXTURE_TEST_CASE(a_target_longer_than_v2_carries_is_nametoolong, IoFixture) {
  std::string target(2000, 't');  // made through another door, which allows PATH_MAX
  must(call(SymlinkRequest{"/d/long", target}));
  BOOST_TEST(nfs.readlink(nfs.lookup(d, "long").fh).status == NFSERR_NAMETOOLONG);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
