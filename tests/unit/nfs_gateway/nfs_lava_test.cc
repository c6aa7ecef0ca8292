// The NFS gateway over a lava of three volcanos (server/test's LavaFixture): any
// volcano's gateway serves the whole namespace, flares owned by the others included,
// and a handle or cookie one gateway gave works on every other.
#include <boost/test/unit_test.hpp>
#include <set>

#include "tests/unit/nfs_gateway/nfs_fixture.h"
#include "tests/unit/server/lava_fixture.h"

namespace magma::nfs::test {
namespace {

using server::test::LavaFixture;

// Three volcanos, a gateway on each, and "/d" owned by kUser.
struct NfsLava {
  NfsLava() {
    server::CallContext user;
    user.creds.uid = kUser;
    user.creds.gid = kGroup;
    MknodRequest mkdir;
    mkdir.path = "/d";
    mkdir.type = FlareType::Directory;
    mkdir.mode = 0755;
    must(lava.service(0).handle(user, mkdir));
    for (size_t i = 0; i < lava.size(); ++i) gateways.emplace_back(lava.service(i));
    d = gateways[0].handle_at("/d");
  }
  // The volcanos that hold the inodes of these files (by id, routing.h).
  std::set<size_t> owners_of(const std::vector<HandleBytes>& files) {
    std::set<size_t> owners;
    for (const HandleBytes& fh : files) owners.insert(lava.owner_of(std::get<FileRef>(*decode_handle(fh)).id));
    return owners;
  }

  LavaFixture lava{3};
  std::vector<NfsClient> gateways;
  HandleBytes d{};
};

BOOST_AUTO_TEST_SUITE(nfs_lava)

BOOST_FIXTURE_TEST_CASE(every_gateway_serves_files_held_by_every_volcano, NfsLava) {
  std::vector<HandleBytes> files;
  for (int i = 0; i < 24; ++i) {
    std::string name = "file" + std::to_string(i);
    DirOp made = gateways[i % 3].create(d, name);
    BOOST_REQUIRE_EQUAL(made.status, NFS_OK);
    BOOST_REQUIRE_EQUAL(gateways[i % 3].write(made.fh, 0, "text of " + name).status, NFS_OK);
    files.push_back(made.fh);
  }
  BOOST_TEST(owners_of(files).size() == 3u);  // the test covers every volcano
  for (NfsClient& gateway : gateways) {
    for (int i = 0; i < 24; ++i) {
      ReadResult r = gateway.read(files[i], 0, 100);
      BOOST_REQUIRE_EQUAL(r.status, NFS_OK);
      BOOST_TEST(r.data == "text of file" + std::to_string(i));
      BOOST_TEST((gateway.lookup(d, "file" + std::to_string(i)).fh == files[i]));
    }
    BOOST_TEST(gateway.list(d).size() == 26u);
  }
}

BOOST_FIXTURE_TEST_CASE(directories_anywhere_are_served_by_every_gateway, NfsLava) {
  // Directories live where their path's key falls: make them until each volcano holds some.
  std::vector<DirOp> dirs;
  std::set<size_t> places;
  for (int i = 0; dirs.size() < 9 || places.size() < 3; ++i) {
    BOOST_REQUIRE(i < 200);
    DirOp sub = gateways[1].mkdir(d, "sub" + std::to_string(i));
    BOOST_REQUIRE_EQUAL(sub.status, NFS_OK);
    places.insert(lava.owner_of(sha1_key("/d/sub" + std::to_string(i))));
    dirs.push_back(sub);
  }
  BOOST_TEST(places.size() == 3u);
  for (size_t i = 0; i < dirs.size(); ++i) {
    NfsClient& other = gateways[(i + 2) % 3];
    BOOST_REQUIRE_EQUAL(other.create(dirs[i].fh, "inside").status, NFS_OK);
    BOOST_TEST((other.lookup(dirs[i].fh, "..").fh == d));
    std::vector<std::string> names = gateways[i % 3].list(dirs[i].fh);
    BOOST_TEST(names == (std::vector<std::string>{".", "..", "inside"}));
    BOOST_TEST(gateways[i % 3].getattr(dirs[i].fh).attr.fileid == dirs[i].attr.fileid);
  }
}

BOOST_FIXTURE_TEST_CASE(the_fsid_is_the_same_on_every_gateway, NfsLava) {
  std::set<uint32_t> fsids;
  for (NfsClient& gateway : gateways) fsids.insert(gateway.getattr(d).attr.fsid);
  BOOST_TEST(fsids.size() == 1u);
  EntryResponse root = must(lava.service(2).handle(server::CallContext{}, LookupRequest{"/"}));
  BOOST_TEST(*fsids.begin() == uint32_t(root.entry.attr.ino));
}

BOOST_FIXTURE_TEST_CASE(renames_links_and_removals_across_volcanos, NfsLava) {
  DirOp f = gateways[0].create(d, "f");
  BOOST_REQUIRE_EQUAL(gateways[0].write(f.fh, 0, "travels").status, NFS_OK);
  DirOp far = gateways[1].mkdir(d, "far");
  BOOST_REQUIRE_EQUAL(gateways[2].rename(d, "f", far.fh, "g"), NFS_OK);
  BOOST_TEST(gateways[0].read(f.fh, 0, 100).data == "travels");
  BOOST_REQUIRE_EQUAL(gateways[1].link(f.fh, d, "again"), NFS_OK);
  BOOST_TEST(gateways[2].getattr(f.fh).attr.nlink == 2u);
  BOOST_REQUIRE_EQUAL(gateways[0].remove(far.fh, "g"), NFS_OK);
  BOOST_REQUIRE_EQUAL(gateways[2].remove(d, "again"), NFS_OK);
  for (NfsClient& gateway : gateways) BOOST_TEST(gateway.getattr(f.fh).status == NFSERR_STALE);
  BOOST_REQUIRE_EQUAL(gateways[2].rmdir(d, "far"), NFS_OK);
  for (NfsClient& gateway : gateways) BOOST_TEST(gateway.getattr(far.fh).status == NFSERR_STALE);
}

BOOST_FIXTURE_TEST_CASE(a_listing_continues_on_another_gateway, NfsLava) {
  for (int i = 0; i < 40; ++i) BOOST_REQUIRE_EQUAL(gateways[i % 3].create(d, "n" + std::to_string(i)).status, NFS_OK);
  std::set<std::string> seen;
  uint32_t cookie = 0;
  for (int page = 0;; ++page) {
    ReadDirResult r = gateways[page % 3].readdir(d, cookie, 100);
    BOOST_REQUIRE_EQUAL(r.status, NFS_OK);
    for (const Listed& e : r.entries) BOOST_TEST(seen.insert(e.name).second);
    if (r.eof) break;
    cookie = r.entries.back().cookie;
  }
  BOOST_TEST(seen.size() == 42u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
