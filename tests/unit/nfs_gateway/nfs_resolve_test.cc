// Tests of nfs_gateway/nfs_resolve.h through the procedures: handles survive a restart
// and (for files) a rename; garbage, truncated and forged handles are STALE for every
// procedure that takes one, never a crash; nothing outside the export resolves.
#include "nfs_gateway/nfs_resolve.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

// The nfsstat every handle-taking procedure answers for fh (as a file or a directory).
std::vector<nfsstat> every_answer(NfsClient& nfs, const HandleBytes& fh) {
  return {nfs.getattr(fh).status,
          nfs.setattr(fh, mode_sattr(0644)).status,
          nfs.lookup(fh, "x").status,
          nfs.readlink(fh).status,
          nfs.read(fh, 0, 10).status,
          nfs.write(fh, 0, "x").status,
          nfs.create(fh, "x").status,
          nfs.remove(fh, "x"),
          nfs.rename(fh, "x", fh, "y"),
          nfs.link(fh, fh, "x"),
          nfs.symlink(fh, "x", "y"),
          nfs.mkdir(fh, "x").status,
          nfs.rmdir(fh, "x"),
          nfs.readdir(fh, 0, 4096).status,
          nfs.statfs(fh).status};
}

void check_all_stale(NfsClient& nfs, const HandleBytes& fh, const std::string& what) {
  std::vector<nfsstat> answers = every_answer(nfs, fh);
  for (size_t i = 0; i < answers.size(); ++i) BOOST_TEST(answers[i] == NFSERR_STALE, what << ", call " << i);
}

BOOST_AUTO_TEST_SUITE(nfs_resolve)

BOOST_FIXTURE_TEST_CASE(handles_survive_a_restart, NfsFixture) {
  DirOp f = nfs.create(d, "f");
  BOOST_REQUIRE_EQUAL(nfs.write(f.fh, 0, "kept").status, NFS_OK);
  DirOp sub = nfs.mkdir(d, "sub");
  restart();
  BOOST_TEST(nfs.read(f.fh, 0, 10).data == "kept");
  BOOST_TEST(nfs.getattr(sub.fh).attr.fileid == sub.attr.fileid);
  BOOST_TEST(nfs.create(sub.fh, "after-restart").status == NFS_OK);
  BOOST_TEST(nfs.lookup(d, "sub").status == NFS_OK);
}

BOOST_FIXTURE_TEST_CASE(a_file_handle_survives_renames_and_a_restart, NfsFixture) {
  DirOp f = nfs.create(d, "f");
  must(mkdir("/d/a"));
  must(rename("/d/f", "/d/a/g"));
  must(rename("/d/a", "/d/b"));  // the directory above moves too
  restart();
  Attr a = nfs.getattr(f.fh);
  BOOST_REQUIRE_EQUAL(a.status, NFS_OK);
  BOOST_TEST(a.attr.fileid == f.attr.fileid);
  BOOST_REQUIRE_EQUAL(nfs.write(f.fh, 0, "moved").status, NFS_OK);
  BOOST_TEST(contents(lookup("/d/b/g")->entry.id) == "moved");
}

BOOST_FIXTURE_TEST_CASE(garbage_handles_are_stale_everywhere, NfsFixture) {
  HandleBytes zeros{};
  check_all_stale(nfs, zeros, "zeros");
  HandleBytes noise;
  for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<uint8_t>(i * 37 + 11);
  check_all_stale(nfs, noise, "noise");
  HandleBytes flipped = d;
  flipped[10] ^= 0x40;
  check_all_stale(nfs, flipped, "one bit of a good handle");
}

BOOST_FIXTURE_TEST_CASE(forged_handles_of_flares_that_never_were_are_stale, NfsFixture) {
  check_all_stale(nfs, encode_handle(file_ref(sha1_key("no such flare"))), "forged file");
  check_all_stale(nfs, encode_handle(DirRef{sha1_key("/nowhere"), 12345}), "forged directory");
  // The right place with the wrong inode number, and a directory's id as a file handle.
  check_all_stale(nfs, encode_handle(DirRef{sha1_key("/d"), attr_of("/d").ino + 1}), "wrong inode number");
  check_all_stale(nfs, encode_handle(file_ref(lookup("/d")->entry.id)), "directory by id");
}

BOOST_FIXTURE_TEST_CASE(a_truncated_handle_is_garbage_not_a_crash, NfsFixture) {
  for (size_t n : {0u, 1u, 16u, 31u}) {
    std::vector<char> cut(reinterpret_cast<const char*>(d.data()), reinterpret_cast<const char*>(d.data()) + n);
    BOOST_TEST(nfs.run(NFSPROC_GETATTR, cut).stat == AcceptStat::GarbageArgs);
    BOOST_TEST(nfs.run(NFSPROC_READDIR, cut).stat == AcceptStat::GarbageArgs);
  }
}

BOOST_FIXTURE_TEST_CASE(a_file_handle_where_a_directory_is_needed_is_notdir, NfsFixture) {
  HandleBytes f = nfs.create(d, "f").fh;
  const std::vector<nfsstat> answers = {
      nfs.lookup(f, "x").status,   nfs.create(f, "x").status, nfs.mkdir(f, "x").status,
      nfs.symlink(f, "x", "y"),    nfs.remove(f, "x"),        nfs.rmdir(f, "x"),
      nfs.rename(f, "x", d, "y"),  nfs.rename(d, "f", f, "y"), nfs.link(f, f, "x"),
      nfs.readdir(f, 0, 4096).status};
  for (size_t i = 0; i < answers.size(); ++i) BOOST_TEST(answers[i] == NFSERR_NOTDIR, "call " << i);
  BOOST_TEST(list("/d") == std::vector<std::string>{"f"});
}

BOOST_FIXTURE_TEST_CASE(directories_outside_the_export_do_not_resolve, NfsFixture) {
  must(mkdir("/other"));
  HandleBytes other = nfs.handle_at("/other");
  HandleBytes sub = nfs.mkdir(d, "sub").fh;
  acl::Share only_d;
  only_d.path = "/d";
  reexport(only_d);
  check_all_stale(nfs, other, "/other");
  check_all_stale(nfs, nfs.handle_at("/"), "/");
  BOOST_TEST(nfs.getattr(sub).status == NFS_OK);
  BOOST_TEST(nfs.getattr(d).status == NFS_OK);
}

BOOST_FIXTURE_TEST_CASE(handles_name_what_resolve_finds, NfsFixture) {
  KeyFunction key_of = sha1_key;
  rpc::RpcCaller caller = NfsClient::unix_caller(kUser, kGroup);
  NfsCall call{*svc, source_of({acl::Share{}})(), caller, key_of, server::CallContext{}, nullptr, 0, "TEST"};
  Result<Resolved> dir = resolve_dir(call, d);
  BOOST_REQUIRE(dir.is_ok());
  BOOST_TEST(dir->path == "/d");
  BOOST_TEST((dir->place(sha1_key) == sha1_key("/d")));
  BOOST_TEST((handle_of(call, *dir) == d));
  Result<std::string> child = child_path_of(*dir, "x");
  BOOST_REQUIRE(child.is_ok());
  BOOST_TEST(*child == "/d/x");
  BOOST_TEST(child_path_of(*dir, "..").code() == Errc::Access);
  BOOST_TEST(new_child_path_of(*dir, "..").code() == Errc::Exists);
  Result<std::string> fresh = new_child_path_of(*dir, "y");
  BOOST_REQUIRE(fresh.is_ok());
  BOOST_TEST(*fresh == "/d/y");
  Result<Resolved> parent = parent_of(call, *dir);
  BOOST_REQUIRE(parent.is_ok());
  BOOST_TEST(parent->path == "/");
  BOOST_TEST(parent_of(call, *parent)->path == "/");
  FlareId f = file("/d/f");
  Result<Resolved> found = resolve(call, encode_handle(file_ref(f)));
  BOOST_REQUIRE(found.is_ok());
  BOOST_TEST(found->path.empty());  // a file's handle holds no path
  BOOST_TEST((found->place(sha1_key) == Key{}));
  BOOST_TEST(resolve_dir(call, encode_handle(file_ref(f))).code() == Errc::NotDir);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
