// POSIX permissions at the serving volcano: a client that skips its kernel's checks meets
// the same rules here, for every kind of request.
#include "server/permission_guard.h"

#include <sys/stat.h>

#include <set>

#include "tests/unit/server/service_fixture.h"

namespace magma::server::test {
namespace {

constexpr uint32_t kRoot = 0, kAlice = 1001, kBob = 1002;
constexpr uint32_t kUsers = 100, kStaff = 50;

// A tree made by its owners: /home (0755 root), /home/alice (0700 alice) with secret
// (0644), /tmp (1777 root) with alice's note, /srv (0755 root) with a 0600 file, a 0711
// program and a 0444 file of bob's.
class PermissionFixture : public ServiceFixture {
 public:
  // Runs fn as user uid (group users); the fixture calls as root otherwise.
  template <class Fn>
  auto as(uint32_t uid, Fn fn) {
    ctx.creds.uid = uid;
    ctx.creds.gid = uid == kRoot ? 0 : kUsers;
    auto result = fn();
    ctx.creds.uid = ctx.creds.gid = kRoot;
    return result;
  }

  std::set<std::string> names(const std::string& dir) {
    std::vector<std::string> listed = list(dir);
    return std::set<std::string>(listed.begin(), listed.end());
  }

  Result<AttrResponse> set_owner(const FlareId& id, uint32_t uid, uint32_t mode) {
    SetAttrRequest req;
    req.id = id;
    req.mask = kSetUid | kSetMode;
    req.uid = uid;
    req.mode = mode;
    return call(req);
  }

  PermissionFixture() {
    ctx.client = boost::asio::ip::make_address("127.0.0.1");
    ctx.creds.uid = ctx.creds.gid = kRoot;
    as(kRoot, [&] {
      must(mkdir("/home"));
      home_alice = dir_at("/home/alice");
      must(set_owner(home_alice, kAlice, 0700));
      must(mkdir("/tmp", 01777));
      must(mkdir("/srv"));
      root_only = must(mknod("/srv/root-only", FlareType::Regular, 0600)).entry.id;
      program = must(mknod("/srv/program", FlareType::Regular, 0711)).entry.id;
      must(write(root_only, 0, "secret"));
      must(write(program, 0, "#!/bin/sh"));
      bobs = file("/srv/bobs");
      must(set_owner(bobs, kBob, 0444));
      return 0;
    });
    as(kAlice, [&] {
      secret = file("/home/alice/secret");
      note = file("/tmp/note");
      return 0;
    });
  }

  FlareId home_alice, root_only, program, bobs, secret, note;
};

BOOST_AUTO_TEST_SUITE(permission_guard)

BOOST_FIXTURE_TEST_CASE(a_directory_without_search_hides_its_names, PermissionFixture) {
  BOOST_TEST(as(kBob, [&] { return lookup("/home/alice/secret").code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return call(ReadDirRequest{"/home/alice", 0, 10}).code(); }) == Errc::Access);
  BOOST_TEST(as(kAlice, [&] { return lookup("/home/alice/secret").is_ok(); }));
  BOOST_TEST(as(kRoot, [&] { return lookup("/home/alice/secret").is_ok(); }));
  BOOST_TEST(as(kBob, [&] { return lookup("/home/alice").is_ok(); }));  // /home is 0755
  // Nor below it, whatever the modes there: every directory above must be searchable.
  must(set_owner(must(mkdir("/home/alice/pub")).entry.id, kAlice, 0777));
  BOOST_TEST(as(kAlice, [&] { return mknod("/home/alice/pub/f").is_ok(); }));
  BOOST_TEST(as(kBob, [&] { return lookup("/home/alice/pub/f").code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return call(ReadDirRequest{"/home/alice/pub", 0, 10}).code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return mknod("/home/alice/pub/g").code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return rename("/tmp/note", "/home/alice/pub/g").code(); }) == Errc::Access);
  // Whether a name exists there stays hidden too.
  for (const char* name : {"/home/alice/secret", "/home/alice/missing"}) {
    BOOST_TEST(as(kBob, [&] { return unlink(name).code(); }) == Errc::Access, name);
    BOOST_TEST(as(kBob, [&] { return rename(name, "/tmp/x").code(); }) == Errc::Access, name);
    BOOST_TEST(as(kBob, [&] { return lookup(name).code(); }) == Errc::Access, name);
  }
  BOOST_TEST(as(kBob, [&] { return unlink("/tmp/missing").code(); }) == Errc::NotFound);
}

BOOST_FIXTURE_TEST_CASE(data_needs_read_or_write_permission, PermissionFixture) {
  BOOST_TEST(as(kBob, [&] { return read(root_only, 0, 10).code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return write(root_only, 0, "x").code(); }) == Errc::Access);
  BOOST_TEST(contents(root_only) == "secret");
  // A program with x only is read to be run; writing it is still refused.
  BOOST_TEST(as(kBob, [&] { return string_of(must(read(program, 0, 9)).data); }) == "#!/bin/sh");
  BOOST_TEST(as(kBob, [&] { return write(program, 0, "x").code(); }) == Errc::Access);
  // The owner writes his 0444 file (an open descriptor's writes arrive one by one).
  BOOST_TEST(as(kBob, [&] { return write(bobs, 0, "mine").is_ok(); }));
  BOOST_TEST(as(kAlice, [&] { return write(bobs, 0, "hers").code(); }) == Errc::Access);
  BOOST_TEST(contents(bobs) == "mine");
}

BOOST_FIXTURE_TEST_CASE(names_are_made_and_dropped_only_in_writable_directories, PermissionFixture) {
  BOOST_TEST(as(kBob, [&] { return mknod("/srv/new").code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return call(SymlinkRequest{"/srv/link", "bobs"}).code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return link(bobs, "/srv/bobs2").code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return unlink("/srv/bobs").code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return rename("/srv/bobs", "/tmp/bobs").code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return mknod("/tmp/bobs-own").is_ok(); }));
  BOOST_TEST(names("/srv") == (std::set<std::string>{"bobs", "program", "root-only"}));
}

BOOST_FIXTURE_TEST_CASE(a_sticky_directory_keeps_others_names, PermissionFixture) {
  BOOST_TEST(as(kBob, [&] { return unlink("/tmp/note").code(); }) == Errc::Perm);
  BOOST_TEST(as(kBob, [&] { return rename("/tmp/note", "/tmp/stolen").code(); }) == Errc::Perm);
  BOOST_TEST(as(kBob, [&] { return mknod("/tmp/mine").is_ok(); }));
  BOOST_TEST(as(kBob, [&] { return rename("/tmp/mine", "/tmp/note", kRenameExchange).code(); }) == Errc::Perm);
  BOOST_TEST(as(kBob, [&] { return rename("/tmp/mine", "/tmp/note").code(); }) == Errc::Perm);  // replaces hers
  BOOST_TEST(names("/tmp") == (std::set<std::string>{"mine", "note"}));
  BOOST_TEST(as(kAlice, [&] { return unlink("/tmp/note").is_ok(); }));
}

BOOST_FIXTURE_TEST_CASE(only_owner_or_root_change_owner_and_mode, PermissionFixture) {
  BOOST_TEST(as(kBob, [&] { return set_mode_and_group(secret, 0777, kUsers).code(); }) == Errc::Perm);
  BOOST_TEST(as(kAlice, [&] { return set_owner(secret, kBob, 0644).code(); }) == Errc::Perm);
  BOOST_TEST(as(kAlice, [&] { return set_mode_and_group(secret, 0600, kStaff).code(); }) == Errc::Perm);
  BOOST_TEST(as(kAlice, [&] { return set_mode_and_group(secret, 0600, kUsers).is_ok(); }));
  BOOST_TEST(must(getattr(secret)).attr.mode == 0600u);
  BOOST_TEST(as(kRoot, [&] { return set_owner(secret, kBob, 0640).is_ok(); }));
}

BOOST_FIXTURE_TEST_CASE(devices_are_made_by_root_only, PermissionFixture) {
  BOOST_TEST(as(kBob, [&] { return mknod("/tmp/dev", FlareType::CharDevice).code(); }) == Errc::Perm);
  // The directory first, as mknod(2).
  BOOST_TEST(as(kBob, [&] { return mknod("/srv/dev", FlareType::CharDevice).code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return mknod("/tmp/fifo", FlareType::Fifo).is_ok(); }));
  BOOST_TEST(as(kRoot, [&] { return mknod("/tmp/dev", FlareType::CharDevice).is_ok(); }));
}

BOOST_FIXTURE_TEST_CASE(xattrs_need_read_and_write_permission, PermissionFixture) {
  BOOST_TEST(as(kAlice, [&] { return call(SetXattrRequest{secret, Key{}, "user.a", bytes_of("v"), 0}).is_ok(); }));
  BOOST_TEST(as(kBob, [&] { return call(SetXattrRequest{secret, Key{}, "user.a", bytes_of("w"), 0}).code(); }) ==
             Errc::Access);
  BOOST_TEST(as(kBob, [&] { return call(RemoveXattrRequest{secret, Key{}, "user.a"}).code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return call(GetXattrRequest{root_only, Key{}, "user.a"}).code(); }) == Errc::Access);
  BOOST_TEST(as(kBob, [&] { return string_of(must(call(GetXattrRequest{secret, Key{}, "user.a"})).value); }) ==
             "v");
}

BOOST_FIXTURE_TEST_CASE(calls_from_inside_the_lava_are_not_judged, PermissionFixture) {
  ctx.client.reset();  // a volcano's own step, a tool linked with the service
  BOOST_TEST(as(kBob, [&] { return read(root_only, 0, 10).is_ok(); }));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
