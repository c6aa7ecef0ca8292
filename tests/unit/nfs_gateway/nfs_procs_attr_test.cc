// Tests of nfs_gateway/nfs_procs_attr.cc: GETATTR, SETATTR (each field, fields left
// alone, the server-clock convention, who may change what, sizes past 2 GiB, read-only
// exports) and STATFS, against a real volcano.
#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

// A file in /d holding text, made through the service as kUser.
struct AttrFixture : NfsFixture {
  AttrFixture() {
    FlareId id = file("/d/f");
    must(write(id, 0, "hello, world"));
    fh = nfs.handle_at("/d/f");
  }
  HandleBytes fh{};
};

BOOST_AUTO_TEST_SUITE(nfs_procs_attr)

BOOST_FIXTURE_TEST_CASE(getattr_reports_the_services_attributes, AttrFixture) {
  FlareAttr want = attr_of("/d/f");
  Attr got = nfs.getattr(fh);
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  BOOST_TEST(got.attr.type == NFREG);
  BOOST_TEST(got.attr.mode == (S_IFREG | 0644u));
  BOOST_TEST(got.attr.uid == kUser);
  BOOST_TEST(got.attr.gid == kGroup);
  BOOST_TEST(got.attr.size == 12u);
  BOOST_TEST(got.attr.nlink == 1u);
  BOOST_TEST(got.attr.fileid == uint32_t(want.ino));
  BOOST_TEST(got.attr.mtime.seconds == uint64_t(want.mtime_ns / 1'000'000'000));
  BOOST_TEST(got.attr.mtime.useconds == uint64_t(want.mtime_ns % 1'000'000'000 / 1000));
  Attr dir = nfs.getattr(d);
  BOOST_REQUIRE_EQUAL(dir.status, NFS_OK);
  BOOST_TEST(dir.attr.type == NFDIR);
  BOOST_TEST(dir.attr.mode == (S_IFDIR | 0755u));
  BOOST_TEST(dir.attr.nlink == attr_of("/d").nlink);
}

BOOST_FIXTURE_TEST_CASE(setattr_changes_only_the_fields_given, AttrFixture) {
  FlareAttr before = attr_of("/d/f");
  Attr got = nfs.setattr(fh, mode_sattr(0600));
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  BOOST_TEST(got.attr.mode == (S_IFREG | 0600u));
  FlareAttr after = attr_of("/d/f");
  BOOST_TEST(after.mode == 0600u);
  BOOST_TEST(after.uid == before.uid);
  BOOST_TEST(after.gid == before.gid);
  BOOST_TEST(after.size == before.size);
  BOOST_TEST(after.mtime_ns == before.mtime_ns);
  BOOST_TEST(after.atime_ns == before.atime_ns);
  // All ones everywhere changes nothing at all.
  BOOST_REQUIRE_EQUAL(nfs.setattr(fh, unset_sattr()).status, NFS_OK);
  BOOST_TEST(attr_of("/d/f").ctime_ns == after.ctime_ns);
}

BOOST_FIXTURE_TEST_CASE(setattr_size_truncates_and_extends, AttrFixture) {
  sattr s = unset_sattr();
  s.size = 5;
  Attr got = nfs.setattr(fh, s);
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  BOOST_TEST(got.attr.size == 5u);
  BOOST_TEST(contents(lookup("/d/f")->entry.id) == "hello");
  s.size = 8;
  BOOST_TEST(nfs.setattr(fh, s).attr.size == 8u);
  BOOST_TEST(contents(lookup("/d/f")->entry.id) == std::string("hello\0\0\0", 8));
}

BOOST_FIXTURE_TEST_CASE(setattr_sets_times_to_the_microsecond, AttrFixture) {
  sattr s = unset_sattr();
  s.atime = nfstime{1'000'000'000, 123456};
  s.mtime = nfstime{1'100'000'000, 654321};
  Attr got = nfs.setattr(fh, s);
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  BOOST_TEST(got.attr.atime.seconds == 1'000'000'000u);
  BOOST_TEST(got.attr.atime.useconds == 123456u);
  BOOST_TEST(got.attr.mtime.useconds == 654321u);
  BOOST_TEST(attr_of("/d/f").mtime_ns == 1'100'000'000'654'321'000);
}

BOOST_FIXTURE_TEST_CASE(useconds_of_a_million_set_the_servers_clock, AttrFixture) {
  int64_t before = now_ns();
  sattr s = unset_sattr();
  s.mtime = nfstime{7, kServerTimeUseconds};  // the seconds are the client's: ignored
  Attr got = nfs.setattr(fh, s);
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  int64_t mtime = attr_of("/d/f").mtime_ns;
  BOOST_TEST(mtime >= before);
  BOOST_TEST(mtime <= now_ns());
  BOOST_TEST(got.attr.mtime.seconds > 7u);
}

BOOST_FIXTURE_TEST_CASE(only_root_gives_a_file_away, AttrFixture) {
  sattr chown = unset_sattr();
  chown.uid = kOtherUser;
  BOOST_TEST(nfs.setattr(fh, chown).status == NFSERR_PERM);
  nfs.call_as(0, 0);  // squashed to nobody: not the owner either
  BOOST_TEST(nfs.setattr(fh, chown).status == NFSERR_PERM);
  acl::Share no_squash;
  no_squash.root_squash = false;
  reexport(no_squash);
  nfs.call_as(0, 0);
  Attr got = nfs.setattr(fh, chown);
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  BOOST_TEST(got.attr.uid == kOtherUser);
  BOOST_TEST(attr_of("/d/f").uid == kOtherUser);
}

BOOST_FIXTURE_TEST_CASE(the_owner_moves_a_file_to_his_own_groups_only, AttrFixture) {
  sattr chgrp = unset_sattr();
  chgrp.gid = kOtherGroup;
  BOOST_TEST(nfs.setattr(fh, chgrp).status == NFSERR_PERM);
  nfs.call_as(kUser, kGroup, {kOtherGroup});
  BOOST_REQUIRE_EQUAL(nfs.setattr(fh, chgrp).status, NFS_OK);
  BOOST_TEST(attr_of("/d/f").gid == kOtherGroup);
}

BOOST_FIXTURE_TEST_CASE(strangers_may_not_chmod_or_truncate, AttrFixture) {
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.setattr(fh, mode_sattr(0777)).status == NFSERR_PERM);
  sattr truncate = unset_sattr();
  truncate.size = 0;
  BOOST_TEST(nfs.setattr(fh, truncate).status == NFSERR_ACCES);
  BOOST_TEST(attr_of("/d/f").size == 12u);
  BOOST_TEST(attr_of("/d/f").mode == 0644u);
}

BOOST_FIXTURE_TEST_CASE(the_owner_truncates_a_read_only_file, AttrFixture) {
  BOOST_REQUIRE_EQUAL(nfs.setattr(fh, mode_sattr(0444)).status, NFS_OK);
  sattr truncate = unset_sattr();
  truncate.size = 0;
  BOOST_REQUIRE_EQUAL(nfs.setattr(fh, truncate).status, NFS_OK);
  BOOST_TEST(attr_of("/d/f").size == 0u);
}

BOOST_FIXTURE_TEST_CASE(sizes_that_mean_nothing_are_refused_or_dropped, AttrFixture) {
  sattr s = unset_sattr();
  s.size = 0;
  BOOST_TEST(nfs.setattr(d, s).status == NFSERR_ISDIR);
  s.size = 0x80000000u;  // 2 GiB
  BOOST_TEST(nfs.setattr(fh, s).status == NFSERR_FBIG);
  BOOST_TEST(attr_of("/d/f").size == 12u);
  // A FIFO has no size to set: it is dropped and the mode still applies.
  must(mknod("/d/fifo", FlareType::Fifo, 0600));
  s.mode = 0640;
  s.size = 0;
  Attr fifo = nfs.setattr(nfs.handle_at("/d/fifo"), s);
  BOOST_REQUIRE_EQUAL(fifo.status, NFS_OK);
  BOOST_TEST(attr_of("/d/fifo").mode == 0640u);
}

BOOST_FIXTURE_TEST_CASE(a_read_only_export_refuses_setattr, AttrFixture) {
  acl::Share ro;
  ro.read_only = true;
  reexport(ro);
  BOOST_TEST(nfs.setattr(fh, mode_sattr(0600)).status == NFSERR_ROFS);
  BOOST_TEST(attr_of("/d/f").mode == 0644u);
  BOOST_TEST(nfs.getattr(fh).status == NFS_OK);
}

BOOST_FIXTURE_TEST_CASE(statfs_reports_the_lavas_space, AttrFixture) {
  StatfsResponse want = must(call(StatfsRequest{}));
  Statfs got = nfs.statfs(d);
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  BOOST_TEST(got.fs.tsize == 8192u);
  BOOST_TEST(got.fs.bsize == want.block_size);
  BOOST_TEST(got.fs.blocks == want.blocks);
  BOOST_TEST(got.fs.blocks > 0u);
  BOOST_TEST(got.fs.bavail <= got.fs.bfree);
  BOOST_TEST(nfs.statfs(fh).status == NFS_OK);  // any handle of the file system will do
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
