// Tests of nfs_gateway/nfs_procs_create.cc: CREATE (regular files owned by the caller,
// the sattr applied, "create on existing", FIFOs, devices and sockets by the v2 mode
// conventions), MKDIR and SYMLINK, with their permission, name and export errors.
#include <sys/sysmacros.h>

#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

// A fixture whose export does not squash root, so devices can be made.
struct RootFixture : NfsFixture {
  RootFixture() : NfsFixture(unsquashed()) {}
  static acl::Share unsquashed() {
    acl::Share e;
    e.root_squash = false;
    return e;
  }
};

BOOST_AUTO_TEST_SUITE(nfs_procs_create)

BOOST_FIXTURE_TEST_CASE(create_makes_a_file_owned_by_the_caller, NfsFixture) {
  nfs.call_as(kUser, kOtherGroup);
  DirOp made = nfs.create(d, "f", S_IFREG | 0640);
  BOOST_REQUIRE_EQUAL(made.status, NFS_OK);
  BOOST_TEST(made.attr.type == NFREG);
  BOOST_TEST(made.attr.mode == (S_IFREG | 0640u));
  BOOST_TEST(made.attr.uid == kUser);
  BOOST_TEST(made.attr.gid == kOtherGroup);
  BOOST_TEST(made.attr.size == 0u);
  EntryResponse there = must(lookup("/d/f"));
  BOOST_TEST((made.fh == encode_handle(file_ref(there.entry.id))));
  BOOST_TEST(there.entry.attr.mode == 0640u);
  BOOST_TEST(there.entry.attr.gid == kOtherGroup);
}

BOOST_FIXTURE_TEST_CASE(create_applies_times_and_a_size, NfsFixture) {
  sattr s = mode_sattr(0600);
  s.size = 100;
  s.mtime = nfstime{1'500'000'000, 42};
  s.uid = kOtherUser;  // not root: the caller owns what he makes
  DirOp made = nfs.create(d, "f", s);
  BOOST_REQUIRE_EQUAL(made.status, NFS_OK);
  BOOST_TEST(made.attr.size == 100u);
  BOOST_TEST(made.attr.mtime.seconds == 1'500'000'000u);
  BOOST_TEST(made.attr.mtime.useconds == 42u);
  BOOST_TEST(made.attr.uid == kUser);
  BOOST_TEST(attr_of("/d/f").size == 100u);
}

BOOST_FIXTURE_TEST_CASE(a_size_past_2_gib_is_fbig_and_makes_nothing, NfsFixture) {
  sattr s = mode_sattr(0644);
  s.size = 0x80000000u;
  BOOST_TEST(nfs.create(d, "f", s).status == NFSERR_FBIG);
  BOOST_TEST(lookup("/d/f").code() == Errc::NotFound);
  BOOST_REQUIRE_EQUAL(nfs.create(d, "f").status, NFS_OK);
  BOOST_TEST(nfs.create(d, "f", s).status == NFSERR_FBIG);  // nor truncates one that exists
}

BOOST_FIXTURE_TEST_CASE(root_may_create_for_another_owner, RootFixture) {
  nfs.call_as(0, 0);
  sattr s = mode_sattr(0644);
  s.uid = kOtherUser;
  s.gid = kOtherGroup;
  DirOp made = nfs.create(d, "f", s);
  BOOST_REQUIRE_EQUAL(made.status, NFS_OK);
  BOOST_TEST(attr_of("/d/f").uid == kOtherUser);
  BOOST_TEST(attr_of("/d/f").gid == kOtherGroup);
}

BOOST_FIXTURE_TEST_CASE(create_on_an_existing_file_truncates_it_and_keeps_its_mode, NfsFixture) {
  DirOp first = nfs.create(d, "f", 0600);
  BOOST_REQUIRE_EQUAL(nfs.write(first.fh, 0, "old contents").status, NFS_OK);
  // Without a size the file is returned as it is.
  DirOp again = nfs.create(d, "f", 0666);
  BOOST_REQUIRE_EQUAL(again.status, NFS_OK);
  BOOST_TEST((again.fh == first.fh));
  BOOST_TEST(again.attr.size == 12u);
  // With size 0, as open(O_CREAT | O_TRUNC): emptied, same file, mode unchanged.
  sattr trunc = mode_sattr(0666);
  trunc.size = 0;
  DirOp emptied = nfs.create(d, "f", trunc);
  BOOST_REQUIRE_EQUAL(emptied.status, NFS_OK);
  BOOST_TEST((emptied.fh == first.fh));
  BOOST_TEST(emptied.attr.size == 0u);
  BOOST_TEST(emptied.attr.mode == (S_IFREG | 0600u));
  BOOST_TEST(attr_of("/d/f").size == 0u);
}

BOOST_FIXTURE_TEST_CASE(create_on_an_existing_file_of_another_needs_write_permission, NfsFixture) {
  DirOp first = nfs.create(d, "f", 0644);
  BOOST_REQUIRE_EQUAL(nfs.write(first.fh, 0, "keep").status, NFS_OK);
  must(set_mode_and_group(lookup("/d")->entry.id, 0777, kGroup, sha1_key("/d")));
  nfs.call_as(kOtherUser, kOtherGroup);
  sattr trunc = mode_sattr(0644);
  trunc.size = 0;
  BOOST_TEST(nfs.create(d, "f", trunc).status == NFSERR_ACCES);
  BOOST_TEST(attr_of("/d/f").size == 4u);
}

BOOST_FIXTURE_TEST_CASE(create_on_a_directory_or_special_file_fails, NfsFixture) {
  must(mkdir("/d/sub"));
  BOOST_TEST(nfs.create(d, "sub").status == NFSERR_ISDIR);
  BOOST_REQUIRE_EQUAL(nfs.symlink(d, "link", "sub"), NFS_OK);
  BOOST_TEST(nfs.create(d, "link").status == NFSERR_EXIST);
  must(mknod("/d/fifo", FlareType::Fifo));
  BOOST_TEST(nfs.create(d, "fifo", S_IFIFO | 0644).status == NFSERR_EXIST);
}

BOOST_FIXTURE_TEST_CASE(fifos_and_sockets_by_their_mode_bits, NfsFixture) {
  sattr chr_fifo = mode_sattr(S_IFCHR | 0600);  // size stays all ones: NFS_FIFO_DEV
  DirOp v2_fifo = nfs.create(d, "v2fifo", chr_fifo);
  BOOST_REQUIRE_EQUAL(v2_fifo.status, NFS_OK);
  BOOST_TEST(attr_of("/d/v2fifo").type == FlareType::Fifo);
  BOOST_TEST(v2_fifo.attr.type == NFCHR);
  BOOST_TEST(v2_fifo.attr.rdev == 0xFFFFFFFFu);
  BOOST_TEST((v2_fifo.attr.mode & S_IFMT) == uint32_t(S_IFIFO));
  BOOST_REQUIRE_EQUAL(nfs.create(d, "fifo", S_IFIFO | 0640).status, NFS_OK);
  BOOST_TEST(attr_of("/d/fifo").type == FlareType::Fifo);
  BOOST_TEST(attr_of("/d/fifo").mode == 0640u);
  DirOp sock = nfs.create(d, "sock", S_IFSOCK | 0755);
  BOOST_REQUIRE_EQUAL(sock.status, NFS_OK);
  BOOST_TEST(sock.attr.type == NFSOCK);
  BOOST_TEST(attr_of("/d/sock").type == FlareType::Socket);
}

BOOST_FIXTURE_TEST_CASE(devices_carry_their_number_in_the_size, RootFixture) {
  nfs.call_as(0, 0);
  sattr chr = mode_sattr(S_IFCHR | 0620);
  chr.size = 4u << 8 | 7;  // tty7
  DirOp tty = nfs.create(d, "tty7", chr);
  BOOST_REQUIRE_EQUAL(tty.status, NFS_OK);
  FlareAttr a = attr_of("/d/tty7");
  BOOST_TEST(a.type == FlareType::CharDevice);
  BOOST_TEST(a.rdev == makedev(4, 7));
  BOOST_TEST(a.size == 0u);  // the size field was the device number
  BOOST_TEST(tty.attr.rdev == chr.size);
  sattr blk = mode_sattr(S_IFBLK | 0660);
  blk.size = 8u << 8 | 1;
  BOOST_REQUIRE_EQUAL(nfs.create(d, "sda1", blk).status, NFS_OK);
  BOOST_TEST(attr_of("/d/sda1").type == FlareType::BlockDevice);
  BOOST_TEST(attr_of("/d/sda1").rdev == makedev(8, 1));
}

BOOST_FIXTURE_TEST_CASE(only_root_makes_devices, NfsFixture) {
  must(set_mode_and_group(lookup("/d")->entry.id, 0777, kGroup, sha1_key("/d")));
  sattr chr = mode_sattr(S_IFCHR | 0600);
  chr.size = 1u << 8 | 3;
  BOOST_TEST(nfs.create(d, "null", chr).status == NFSERR_PERM);
  nfs.call_as(0, 0);  // squashed to nobody
  BOOST_TEST(nfs.create(d, "null", chr).status == NFSERR_PERM);
  BOOST_TEST(!lookup("/d/null").is_ok());
}

BOOST_FIXTURE_TEST_CASE(creating_needs_write_and_search_on_the_directory, NfsFixture) {
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.create(d, "f").status == NFSERR_ACCES);
  BOOST_TEST(nfs.mkdir(d, "sub").status == NFSERR_ACCES);
  BOOST_TEST(nfs.symlink(d, "l", "x") == NFSERR_ACCES);
  BOOST_TEST(list("/d").empty());
  BOOST_TEST(nfs.create(nfs.handle_at("/"), "f").status == NFSERR_ACCES);  // "/" is root's
}

BOOST_FIXTURE_TEST_CASE(root_squash_and_auth_null_create_as_nobody, NfsFixture) {
  must(set_mode_and_group(lookup("/d")->entry.id, 0777, kGroup, sha1_key("/d")));
  nfs.call_as(0, 0);
  DirOp squashed = nfs.create(d, "by-root");
  BOOST_REQUIRE_EQUAL(squashed.status, NFS_OK);
  BOOST_TEST(squashed.attr.uid == 65534u);
  BOOST_TEST(squashed.attr.gid == 65534u);
  nfs.caller = rpc::RpcCaller{};  // AUTH_NULL
  DirOp anonymous = nfs.create(d, "by-nobody");
  BOOST_REQUIRE_EQUAL(anonymous.status, NFS_OK);
  BOOST_TEST(attr_of("/d/by-nobody").uid == 65534u);
}

BOOST_FIXTURE_TEST_CASE(mkdir_makes_a_directory_and_refuses_an_existing_name, NfsFixture) {
  DirOp sub = nfs.mkdir(d, "sub", 0750);
  BOOST_REQUIRE_EQUAL(sub.status, NFS_OK);
  BOOST_TEST(sub.attr.type == NFDIR);
  BOOST_TEST(sub.attr.mode == (S_IFDIR | 0750u));
  BOOST_TEST(sub.attr.uid == kUser);
  BOOST_TEST((sub.fh == nfs.handle_at("/d/sub")));
  BOOST_TEST(attr_of("/d/sub").type == FlareType::Directory);
  BOOST_TEST(nfs.mkdir(d, "sub").status == NFSERR_EXIST);
  file("/d/f");
  BOOST_TEST(nfs.mkdir(d, "f").status == NFSERR_EXIST);
  BOOST_REQUIRE_EQUAL(nfs.create(sub.fh, "inside").status, NFS_OK);
  BOOST_TEST(list("/d/sub") == std::vector<std::string>{"inside"});
}

BOOST_FIXTURE_TEST_CASE(symlink_makes_a_link_to_its_target, NfsFixture) {
  BOOST_REQUIRE_EQUAL(nfs.symlink(d, "l", "/etc/passwd"), NFS_OK);
  FlareAttr a = attr_of("/d/l");
  BOOST_TEST(a.type == FlareType::Symlink);
  BOOST_TEST(a.uid == kUser);
  BOOST_TEST(nfs.readlink(nfs.lookup(d, "l").fh).text == "/etc/passwd");
  BOOST_TEST(nfs.symlink(d, "l", "elsewhere") == NFSERR_EXIST);
  // As symlink(2): an empty target is ENOENT; a NUL in one has no v2 word (EINVAL).
  BOOST_TEST(nfs.symlink(d, "empty", "") == NFSERR_NOENT);
  BOOST_TEST(nfs.symlink(d, "nul", std::string("a\0b", 3)) == NFSERR_IO);
  BOOST_TEST(list("/d") == std::vector<std::string>{"l"});
}

BOOST_FIXTURE_TEST_CASE(bad_names_are_refused_before_anything_is_made, NfsFixture) {
  BOOST_TEST(nfs.create(d, std::string(256, 'n')).status == NFSERR_NAMETOOLONG);
  BOOST_TEST(nfs.mkdir(d, std::string(300, 'n')).status == NFSERR_NAMETOOLONG);
  BOOST_TEST(nfs.symlink(d, std::string(256, 'n'), "t") == NFSERR_NAMETOOLONG);
  for (std::string name : {std::string(""), std::string("a/b"), std::string("a\0b", 3)}) {
    BOOST_TEST(nfs.create(d, name).status == NFSERR_ACCES, "name of " << name.size() << " bytes");
    BOOST_TEST(nfs.mkdir(d, name).status == NFSERR_ACCES, "name of " << name.size() << " bytes");
    BOOST_TEST(nfs.symlink(d, name, "t") == NFSERR_ACCES, "name of " << name.size() << " bytes");
  }
  // "." and ".." name the directory and its parent: they exist, as mkdir(2) answers.
  for (const char* name : {".", ".."}) {
    BOOST_TEST(nfs.create(d, name).status == NFSERR_EXIST, name);
    BOOST_TEST(nfs.mkdir(d, name).status == NFSERR_EXIST, name);
    BOOST_TEST(nfs.symlink(d, name, "t") == NFSERR_EXIST, name);
  }
  BOOST_TEST(nfs.create(d, std::string(255, 'n')).status == NFS_OK);
  BOOST_TEST(list("/d").size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_path_too_long_is_nametoolong, NfsFixture) {
  // 16 levels of 250-byte names: the 17th passes PATH_MAX.
  HandleBytes dir = d;
  std::string name(250, 'p');
  for (int level = 0; level < 16; ++level) {
    DirOp sub = nfs.mkdir(dir, name);
    BOOST_REQUIRE_EQUAL(sub.status, NFS_OK);
    dir = sub.fh;
  }
  BOOST_TEST(nfs.create(dir, name).status == NFSERR_NAMETOOLONG);
}

BOOST_FIXTURE_TEST_CASE(a_read_only_export_makes_nothing, NfsFixture) {
  acl::Share ro;
  ro.read_only = true;
  reexport(ro);
  BOOST_TEST(nfs.create(d, "f").status == NFSERR_ROFS);
  BOOST_TEST(nfs.mkdir(d, "sub").status == NFSERR_ROFS);
  BOOST_TEST(nfs.symlink(d, "l", "t") == NFSERR_ROFS);
  BOOST_TEST(list("/d").empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
