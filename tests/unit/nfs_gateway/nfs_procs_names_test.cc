// Tests of nfs_gateway/nfs_procs_names.cc: REMOVE, RMDIR, RENAME and LINK, their errors,
// sticky directories, and read-only exports.
#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

BOOST_AUTO_TEST_SUITE(nfs_procs_names)

BOOST_FIXTURE_TEST_CASE(remove_drops_a_file, NfsFixture) {
  file("/d/f");
  BOOST_REQUIRE_EQUAL(nfs.remove(d, "f"), NFS_OK);
  BOOST_TEST(lookup("/d/f").code() == Errc::NotFound);
  BOOST_TEST(nfs.remove(d, "f") == NFSERR_NOENT);
}

BOOST_FIXTURE_TEST_CASE(remove_and_rmdir_keep_to_their_kind, NfsFixture) {
  must(mkdir("/d/sub"));
  file("/d/f");
  BOOST_TEST(nfs.remove(d, "sub") == NFSERR_ISDIR);
  BOOST_TEST(nfs.rmdir(d, "f") == NFSERR_NOTDIR);
  file("/d/sub/inner");
  BOOST_TEST(nfs.rmdir(d, "sub") == NFSERR_NOTEMPTY);
  BOOST_REQUIRE_EQUAL(nfs.remove(nfs.handle_at("/d/sub"), "inner"), NFS_OK);
  BOOST_REQUIRE_EQUAL(nfs.rmdir(d, "sub"), NFS_OK);
  BOOST_TEST(list("/d") == std::vector<std::string>{"f"});
  BOOST_TEST(nfs.rmdir(d, "sub") == NFSERR_NOENT);
  BOOST_TEST(nfs.rmdir(d, ".") == NFSERR_ACCES);
  BOOST_TEST(nfs.rmdir(d, "..") == NFSERR_ACCES);
}

BOOST_FIXTURE_TEST_CASE(a_removed_directorys_handle_is_stale, NfsFixture) {
  DirOp sub = nfs.mkdir(d, "sub");
  BOOST_REQUIRE_EQUAL(nfs.rmdir(d, "sub"), NFS_OK);
  BOOST_TEST(nfs.getattr(sub.fh).status == NFSERR_STALE);
  BOOST_TEST(nfs.create(sub.fh, "f").status == NFSERR_STALE);
  DirOp f = nfs.create(d, "f");
  BOOST_REQUIRE_EQUAL(nfs.remove(d, "f"), NFS_OK);
  BOOST_TEST(nfs.getattr(f.fh).status == NFSERR_STALE);
  BOOST_TEST(nfs.read(f.fh, 0, 10).status == NFSERR_STALE);
}

BOOST_FIXTURE_TEST_CASE(removing_needs_write_on_the_directory, NfsFixture) {
  file("/d/f");
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.remove(d, "f") == NFSERR_ACCES);
  BOOST_TEST(lookup("/d/f").is_ok());
}

BOOST_FIXTURE_TEST_CASE(a_sticky_directory_protects_others_entries, NfsFixture) {
  must(set_mode_and_group(lookup("/d")->entry.id, 01777, kGroup, sha1_key("/d")));
  file("/d/mine");
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_REQUIRE_EQUAL(nfs.create(d, "theirs").status, NFS_OK);
  BOOST_TEST(nfs.remove(d, "mine") == NFSERR_PERM);
  BOOST_TEST(nfs.rename(d, "mine", d, "stolen") == NFSERR_PERM);
  BOOST_TEST(nfs.rename(d, "theirs", d, "mine") == NFSERR_PERM);  // would replace mine
  BOOST_REQUIRE_EQUAL(nfs.remove(d, "theirs"), NFS_OK);  // his own
  nfs.call_as(kUser, kGroup);  // the directory's owner removes anything
  BOOST_REQUIRE_EQUAL(nfs.remove(d, "mine"), NFS_OK);
}

BOOST_FIXTURE_TEST_CASE(rename_moves_a_file_whose_handle_still_works, NfsFixture) {
  DirOp f = nfs.create(d, "f");
  BOOST_REQUIRE_EQUAL(nfs.write(f.fh, 0, "data").status, NFS_OK);
  DirOp sub = nfs.mkdir(d, "sub");
  BOOST_REQUIRE_EQUAL(nfs.rename(d, "f", sub.fh, "g"), NFS_OK);
  BOOST_TEST(nfs.lookup(d, "f").status == NFSERR_NOENT);
  DirOp g = nfs.lookup(sub.fh, "g");
  BOOST_REQUIRE_EQUAL(g.status, NFS_OK);
  BOOST_TEST((g.fh == f.fh));
  BOOST_TEST(nfs.read(f.fh, 0, 10).data == "data");
}

BOOST_FIXTURE_TEST_CASE(rename_replaces_a_file_and_refuses_what_posix_refuses, NfsFixture) {
  DirOp a = nfs.create(d, "a");
  BOOST_REQUIRE_EQUAL(nfs.create(d, "b").status, NFS_OK);
  BOOST_REQUIRE_EQUAL(nfs.rename(d, "a", d, "b"), NFS_OK);
  BOOST_TEST((nfs.lookup(d, "b").fh == a.fh));
  BOOST_TEST(list("/d") == std::vector<std::string>{"b"});
  must(mkdir("/d/full"));
  file("/d/full/x");
  must(mkdir("/d/empty"));
  BOOST_TEST(nfs.rename(d, "b", d, "empty") == NFSERR_ISDIR);
  BOOST_TEST(nfs.rename(d, "empty", d, "b") == NFSERR_NOTDIR);
  BOOST_TEST(nfs.rename(d, "empty", d, "full") == NFSERR_NOTEMPTY);
  BOOST_TEST(nfs.rename(d, "missing", d, "z") == NFSERR_NOENT);
  BOOST_TEST(nfs.rename(d, "b", d, std::string(256, 'n')) == NFSERR_NAMETOOLONG);
}

BOOST_FIXTURE_TEST_CASE(rename_needs_write_on_both_directories_and_no_loops, NfsFixture) {
  file("/d/f");
  DirOp sub = nfs.mkdir(d, "sub");
  must(mkdir("/d/sub/inner"));
  BOOST_TEST(nfs.rename(d, "sub", nfs.handle_at("/d/sub/inner"), "loop") == NFSERR_IO);  // EINVAL: no v2 word
  BOOST_TEST(nfs.rename(d, "sub", sub.fh, "loop") == NFSERR_IO);
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.rename(d, "f", d, "g") == NFSERR_ACCES);
  must(set_mode_and_group(lookup("/d/sub")->entry.id, 0777, kGroup, sha1_key("/d/sub")));
  BOOST_TEST(nfs.rename(d, "f", sub.fh, "g") == NFSERR_ACCES);  // writes /d/sub, but not /d
  BOOST_TEST(list("/d") == (std::vector<std::string>{"f", "sub"}));
}

BOOST_FIXTURE_TEST_CASE(a_renamed_directory_gets_a_new_handle, NfsFixture) {
  DirOp sub = nfs.mkdir(d, "sub");
  BOOST_REQUIRE_EQUAL(nfs.create(sub.fh, "inner").status, NFS_OK);
  BOOST_REQUIRE_EQUAL(nfs.rename(d, "sub", d, "moved"), NFS_OK);
  // A directory's handle carries its place, which a rename changes (file_handle.h).
  BOOST_TEST(nfs.getattr(sub.fh).status == NFSERR_STALE);
  DirOp moved = nfs.lookup(d, "moved");
  BOOST_REQUIRE_EQUAL(moved.status, NFS_OK);
  BOOST_TEST(nfs.lookup(moved.fh, "inner").status == NFS_OK);
  BOOST_TEST(moved.attr.fileid == sub.attr.fileid);  // the same directory
}

BOOST_FIXTURE_TEST_CASE(link_adds_a_name_and_counts_it, NfsFixture) {
  DirOp f = nfs.create(d, "f");
  BOOST_REQUIRE_EQUAL(nfs.link(f.fh, d, "g"), NFS_OK);
  DirOp g = nfs.lookup(d, "g");
  BOOST_TEST((g.fh == f.fh));
  BOOST_TEST(g.attr.nlink == 2u);
  BOOST_TEST(nfs.getattr(f.fh).attr.nlink == 2u);
  BOOST_TEST(nfs.link(f.fh, d, "g") == NFSERR_EXIST);
  BOOST_TEST(nfs.link(d, d, "dirlink") == NFSERR_ISDIR);
  BOOST_TEST(nfs.link(f.fh, d, ".") == NFSERR_EXIST);
  BOOST_TEST(nfs.link(f.fh, d, std::string(256, 'n')) == NFSERR_NAMETOOLONG);
  BOOST_REQUIRE_EQUAL(nfs.remove(d, "f"), NFS_OK);
  BOOST_TEST(nfs.getattr(g.fh).attr.nlink == 1u);
}

BOOST_FIXTURE_TEST_CASE(linking_needs_write_on_the_target_directory, NfsFixture) {
  DirOp f = nfs.create(d, "f", 0666);
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.link(f.fh, d, "g") == NFSERR_ACCES);
  BOOST_TEST(lookup("/d/g").code() == Errc::NotFound);
}

BOOST_FIXTURE_TEST_CASE(a_read_only_export_keeps_every_name, NfsFixture) {
  DirOp f = nfs.create(d, "f");
  must(mkdir("/d/sub"));
  acl::Share ro;
  ro.read_only = true;
  reexport(ro);
  BOOST_TEST(nfs.remove(d, "f") == NFSERR_ROFS);
  BOOST_TEST(nfs.rmdir(d, "sub") == NFSERR_ROFS);
  BOOST_TEST(nfs.rename(d, "f", d, "g") == NFSERR_ROFS);
  BOOST_TEST(nfs.link(f.fh, d, "g") == NFSERR_ROFS);
  BOOST_TEST(list("/d") == (std::vector<std::string>{"f", "sub"}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
