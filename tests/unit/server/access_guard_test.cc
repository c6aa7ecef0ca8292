// The ACL at the serving volcano: each kind of request needs r or w on the path it names
// or, by id, on the path stored with the flare's inode; a rename moves that path along.
#include "server/access_guard.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "server/shares.h"
#include "tests/unit/server/service_fixture.h"
#include "tests/unit/temp_dir.h"

namespace magma::server::test {
namespace {

namespace ip = boost::asio::ip;

const ip::address kDenied = ip::make_address("192.0.2.2");
const ip::address kReader = ip::make_address("192.0.2.3");
const ip::address kWriter = ip::make_address("192.0.2.4");  // w on /pub/w only

// A volcano whose one share is the whole lava: 192.0.2.3 reads everything, 192.0.2.4
// reads everything and writes /pub/w, nobody else gets anything.
class GuardFixture : public ServiceFixture {
 public:
  GuardFixture() {
    std::ofstream(share_dir.path() + "/lava.share") << "name = lava\npath = /\n"
                                                       "r / 192.0.2.3 192.0.2.4\n"
                                                       "w /pub/w 192.0.2.4\n";
    shares = must(Shares::load(share_dir.path()));
    ctx.creds.uid = 0;  // root: only the ACL stands in the way
    ctx.creds.gid = 0;
    svc.reset();
    ServiceOptions o = options();
    o.shares = shares.get();
    svc = must(FlareService::open(o));
    must(mkdir("/pub"));
    must(mkdir("/pub/w"));
    must(mkdir("/pub/r"));
    file_id = file("/pub/w/f");
  }
  ~GuardFixture() { svc.reset(); }  // before the shares it refers to

  // Runs fn as a front-door client at address.
  template <class Fn>
  auto as(const ip::address& address, Fn fn) {
    ctx.client = address;
    auto result = fn();
    ctx.client.reset();
    return result;
  }

  TempDir share_dir;
  std::unique_ptr<Shares> shares;
  FlareId file_id;
};

BOOST_AUTO_TEST_SUITE(access_guard)

BOOST_FIXTURE_TEST_CASE(no_rule_means_no_access_for_path_and_id_requests, GuardFixture) {
  BOOST_TEST(as(kDenied, [&] { return lookup("/pub").code(); }) == Errc::Access);
  BOOST_TEST(as(kDenied, [&] { return getattr(file_id).code(); }) == Errc::Access);
  BOOST_TEST(as(kDenied, [&] { return read(file_id, 0, 10).code(); }) == Errc::Access);
  BOOST_TEST(as(kDenied, [&] { return call(ReadDirRequest{"/pub", 0, 10}).code(); }) == Errc::Access);
  BOOST_TEST(as(kDenied, [&] { return mknod("/pub/w/x").code(); }) == Errc::Access);
  // The message names the client, the path and why.
  std::string why = as(kDenied, [&] { return lookup("/pub").status().message(); });
  BOOST_TEST(why.find("192.0.2.2 may not read /pub") != std::string::npos, why);
}

BOOST_FIXTURE_TEST_CASE(a_read_grant_reads_but_every_change_is_read_only, GuardFixture) {
  BOOST_TEST(as(kReader, [&] { return lookup("/pub/w/f").is_ok(); }));
  BOOST_TEST(as(kReader, [&] { return read(file_id, 0, 10).is_ok(); }));
  BOOST_TEST(as(kReader, [&] { return mknod("/pub/w/x").code(); }) == Errc::ReadOnly);
  BOOST_TEST(as(kReader, [&] { return write(file_id, 0, "x").code(); }) == Errc::ReadOnly);
  BOOST_TEST(as(kReader, [&] { return call(UnlinkRequest{"/pub/w/f"}).code(); }) == Errc::ReadOnly);
  BOOST_TEST(as(kReader, [&] { return call(SetXattrRequest{file_id, Key{}, "user.a", bytes_of("v"), 0}).code(); }) ==
             Errc::ReadOnly);
  BOOST_TEST(list("/pub/w") == std::vector<std::string>{"f"});  // nothing changed
}

BOOST_FIXTURE_TEST_CASE(the_deepest_subpath_decides, GuardFixture) {
  BOOST_TEST(as(kWriter, [&] { return mknod("/pub/w/new").is_ok(); }));
  BOOST_TEST(as(kWriter, [&] { return write(file_id, 0, "data").is_ok(); }));
  BOOST_TEST(as(kWriter, [&] { return mknod("/pub/r/new").code(); }) == Errc::ReadOnly);
  BOOST_TEST(as(kWriter, [&] { return mkdir("/top").code(); }) == Errc::ReadOnly);
  // Both names of a rename need w.
  BOOST_TEST(as(kWriter, [&] { return call(RenameRequest{"/pub/w/new", "/pub/r/new", 0}).code(); }) ==
             Errc::ReadOnly);
  BOOST_TEST(as(kWriter, [&] { return call(RenameRequest{"/pub/w/new", "/pub/w/moved", 0}).is_ok(); }));
}

BOOST_FIXTURE_TEST_CASE(a_file_by_id_is_judged_where_its_last_rename_put_it, GuardFixture) {
  BOOST_TEST(as(kWriter, [&] { return write(file_id, 0, "a").is_ok(); }));
  must(call(RenameRequest{"/pub/w/f", "/pub/r/f", 0}));  // by the lava itself
  BOOST_TEST(as(kWriter, [&] { return write(file_id, 0, "b").code(); }) == Errc::ReadOnly);
  BOOST_TEST(as(kWriter, [&] { return read(file_id, 0, 1).is_ok(); }));
}

BOOST_FIXTURE_TEST_CASE(calls_from_inside_the_lava_are_not_guarded, GuardFixture) {
  BOOST_TEST(!ctx.client);
  BOOST_TEST(mknod("/pub/r/internal").is_ok());
}

BOOST_FIXTURE_TEST_CASE(a_reload_applies_to_the_next_request, GuardFixture) {
  BOOST_TEST(as(kDenied, [&] { return lookup("/pub").code(); }) == Errc::Access);
  std::ofstream(share_dir.path() + "/lava.share") << "name = lava\npath = /\nw / 192.0.2.2\n";
  BOOST_REQUIRE(shares->reload().is_ok());
  BOOST_TEST(as(kDenied, [&] { return mknod("/pub/r/now").is_ok(); }));
  BOOST_TEST(as(kReader, [&] { return lookup("/pub").code(); }) == Errc::Access);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
