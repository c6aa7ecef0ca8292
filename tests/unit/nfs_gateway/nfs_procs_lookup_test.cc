// Tests of nfs_gateway/nfs_procs_lookup.cc: LOOKUP (names, ".", "..", the export's
// root as its own parent, refused names, search permission) and READDIR (dots, paging
// under small counts, cookies that stay valid while the directory changes, the count
// limit, permissions).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <set>

#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

BOOST_AUTO_TEST_SUITE(nfs_procs_lookup)

BOOST_FIXTURE_TEST_CASE(lookup_finds_a_file_with_its_handle_and_attributes, NfsFixture) {
  FlareId id = file("/d/f");
  DirOp got = nfs.lookup(d, "f");
  BOOST_REQUIRE_EQUAL(got.status, NFS_OK);
  BOOST_TEST((got.fh == encode_handle(file_ref(id))));
  BOOST_TEST(got.attr.type == NFREG);
  BOOST_TEST(got.attr.fileid == uint32_t(ino_of(id)));
  BOOST_TEST(nfs.lookup(d, "missing").status == NFSERR_NOENT);
}

BOOST_FIXTURE_TEST_CASE(dot_is_the_directory_and_dotdot_its_parent, NfsFixture) {
  must(mkdir("/d/sub"));
  DirOp sub = nfs.lookup(d, "sub");
  BOOST_REQUIRE_EQUAL(sub.status, NFS_OK);
  BOOST_TEST((sub.fh == nfs.handle_at("/d/sub")));
  BOOST_TEST((nfs.lookup(sub.fh, ".").fh == sub.fh));
  DirOp up = nfs.lookup(sub.fh, "..");
  BOOST_REQUIRE_EQUAL(up.status, NFS_OK);
  BOOST_TEST((up.fh == d));
  BOOST_TEST(up.attr.type == NFDIR);
}

BOOST_FIXTURE_TEST_CASE(the_export_root_is_its_own_parent, NfsFixture) {
  HandleBytes root = nfs.root();
  BOOST_TEST((nfs.lookup(root, "..").fh == root));
  // Exporting /d: nothing above it can be reached, and its handles only.
  acl::Share sub;
  sub.path = "/d";
  reexport(sub);
  must(mkdir("/d/x"));
  DirOp up = nfs.lookup(d, "..");
  BOOST_REQUIRE_EQUAL(up.status, NFS_OK);
  BOOST_TEST((up.fh == d));
  DirOp x = nfs.lookup(d, "x");
  BOOST_TEST((nfs.lookup(nfs.lookup(x.fh, "..").fh, "..").fh == d));
  BOOST_TEST(nfs.getattr(root).status == NFSERR_STALE);  // "/" lies outside the export
}

BOOST_FIXTURE_TEST_CASE(names_no_directory_holds_are_refused, NfsFixture) {
  for (std::string name : {std::string(""), std::string("a/b"), std::string("/"), std::string("a\0b", 3)})
    BOOST_TEST(nfs.lookup(d, name).status == NFSERR_ACCES, "name of " << name.size() << " bytes");
  BOOST_TEST(nfs.lookup(d, std::string(256, 'n')).status == NFSERR_NAMETOOLONG);
  BOOST_TEST(nfs.lookup(d, std::string(255, 'n')).status == NFSERR_NOENT);
}

BOOST_FIXTURE_TEST_CASE(lookup_needs_search_permission_and_a_directory, NfsFixture) {
  FlareId f = file("/d/f");
  must(set_mode_and_group(lookup("/d")->entry.id, 0700, kGroup, sha1_key("/d")));
  nfs.call_as(kOtherUser, kGroup);
  BOOST_TEST(nfs.lookup(d, "f").status == NFSERR_ACCES);
  nfs.call_as(kUser, kGroup);
  BOOST_TEST(nfs.lookup(d, "f").status == NFS_OK);
  BOOST_TEST(nfs.lookup(encode_handle(file_ref(f)), "x").status == NFSERR_NOTDIR);
}

BOOST_FIXTURE_TEST_CASE(readdir_lists_dots_and_entries_with_their_fileids, NfsFixture) {
  FlareId f = file("/d/f");
  must(mkdir("/d/sub"));
  ReadDirResult r = nfs.readdir(d, 0, 8192);
  BOOST_REQUIRE_EQUAL(r.status, NFS_OK);
  BOOST_TEST(r.eof);
  std::vector<std::string> names;
  for (const Listed& e : r.entries) names.push_back(e.name);
  BOOST_TEST((names == std::vector<std::string>{".", "..", "f", "sub"}));
  BOOST_TEST(r.entries[0].fileid == uint32_t(attr_of("/d").ino));
  BOOST_TEST(r.entries[1].fileid == uint32_t(attr_of("/").ino));
  BOOST_TEST(r.entries[2].fileid == uint32_t(ino_of(f)));
  BOOST_TEST(r.entries[3].fileid == uint32_t(attr_of("/d/sub").ino));
  // An empty directory still has its dots, and the export's root is its own "..".
  DirOp sub = nfs.lookup(d, "sub");
  ReadDirResult empty = nfs.readdir(sub.fh, 0, 8192);
  BOOST_TEST(empty.entries.size() == 2u);
  BOOST_TEST(empty.eof);
  ReadDirResult root = nfs.readdir(nfs.root(), 0, 8192);
  BOOST_TEST(root.entries[1].fileid == root.entries[0].fileid);
}

BOOST_FIXTURE_TEST_CASE(small_counts_page_through_everything_once, NfsFixture) {
  std::vector<std::string> want = {".", ".."};
  for (int i = 0; i < 60; ++i) {
    std::string name = "entry-" + std::string(i % 9, 'x') + std::to_string(i);
    file("/d/" + name);
    want.push_back(name);
  }
  for (uint32_t count : {44u, 64u, 100u, 333u, 1024u, 8192u, 100000u}) {  // 44: the longest entry
    std::vector<std::string> got = nfs.list(d, count);
    BOOST_TEST(sorted(got) == sorted(want), "count " << count);
  }
}

BOOST_FIXTURE_TEST_CASE(every_reply_fits_its_count, NfsFixture) {
  for (int i = 0; i < 40; ++i) file("/d/file-with-a-name-" + std::to_string(i));
  for (uint32_t count : {48u, 50u, 77u, 128u, 500u}) {  // 48: the fixed bytes and the longest entry
    uint32_t cookie = 0;
    for (int page = 0; page < 1000; ++page) {
      ReadDirResult r = nfs.readdir(d, cookie, count);
      BOOST_REQUIRE_EQUAL(r.status, NFS_OK);
      BOOST_TEST(r.encoded_bytes <= count);
      BOOST_REQUIRE(!r.entries.empty() || r.eof);  // never an empty page that is not the end
      if (r.eof) break;
      cookie = r.entries.back().cookie;
    }
  }
}

BOOST_FIXTURE_TEST_CASE(a_count_too_small_for_one_entry_is_an_error, NfsFixture) {
  for (uint32_t count : {0u, 1u, 16u, 31u})
    BOOST_TEST(nfs.readdir(d, 0, count).status == NFSERR_IO, "count " << count);
  // The largest count is served as 8 KiB: the whole small directory, and eof.
  ReadDirResult huge = nfs.readdir(d, 0, UINT32_MAX);
  BOOST_REQUIRE_EQUAL(huge.status, NFS_OK);
  BOOST_TEST(huge.entries.size() == 2u);
  BOOST_TEST(huge.eof);
  // Past the last entry even a tiny count answers: nothing more, eof.
  ReadDirResult all = nfs.readdir(d, 0, 8192);
  ReadDirResult end = nfs.readdir(d, all.entries.back().cookie, 12);
  BOOST_REQUIRE_EQUAL(end.status, NFS_OK);
  BOOST_TEST(end.entries.empty());
  BOOST_TEST(end.eof);
}

BOOST_FIXTURE_TEST_CASE(cookies_stay_valid_while_the_directory_changes, NfsFixture) {
  for (int i = 0; i < 30; ++i) file("/d/old" + std::to_string(i));
  std::set<std::string> seen;
  uint32_t cookie = 0;
  int page = 0;
  for (;; ++page) {
    ReadDirResult r = nfs.readdir(d, cookie, 120);
    BOOST_REQUIRE_EQUAL(r.status, NFS_OK);
    for (const Listed& e : r.entries) BOOST_TEST(seen.insert(e.name).second, e.name << " listed twice");
    if (r.eof) break;
    cookie = r.entries.back().cookie;
    // Between pages: drop an entry already listed, one not listed yet, and add new ones.
    if (page == 1) {
      must(unlink("/d/" + r.entries.back().name));
      must(unlink("/d/old29"));
      file("/d/new1");
      file("/d/new2");
    }
  }
  BOOST_TEST(page > 2);
  for (int i = 0; i < 29; ++i) BOOST_TEST(seen.count("old" + std::to_string(i)) == 1u, "old" << i);
  BOOST_TEST(seen.count("old29") == 0u);
  BOOST_TEST(seen.count("new1") == 1u);  // added after the cursor: listed
  BOOST_TEST(seen.count("new2") == 1u);
}

BOOST_FIXTURE_TEST_CASE(readdir_needs_read_permission_and_a_directory, NfsFixture) {
  FlareId f = file("/d/f");
  must(set_mode_and_group(lookup("/d")->entry.id, 0711, kGroup, sha1_key("/d")));
  nfs.call_as(kOtherUser, kOtherGroup);
  BOOST_TEST(nfs.readdir(d, 0, 8192).status == NFSERR_ACCES);
  BOOST_TEST(nfs.lookup(d, "f").status == NFS_OK);  // x without r: names can still be used
  nfs.call_as(kUser, kGroup);
  BOOST_TEST(nfs.readdir(encode_handle(file_ref(f)), 0, 8192).status == NFSERR_NOTDIR);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
