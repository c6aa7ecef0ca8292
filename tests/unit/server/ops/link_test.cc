// Tests of server/ops/link: hard links share the inode and the data.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/ops/lava_ops_fixture.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_link, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(link_adds_a_name_to_the_same_flare) {
  dir_at("/d");
  FlareId f = file("/f");
  FlareAttr before = must(getattr(f)).attr;
  FlareEntry linked = must(link(f, "/d/g")).entry;
  BOOST_TEST(linked.id == f);
  BOOST_TEST(linked.attr.nlink == 2u);
  BOOST_TEST(linked.attr.ctime_ns >= before.ctime_ns);
  BOOST_TEST(must(lookup("/d/g")).entry.id == f);
  BOOST_TEST(attr_of("/f").nlink == 2u);
  BOOST_TEST(attr_of("/d/g").nlink == 2u);
  BOOST_TEST((list("/d") == std::vector<std::string>{"g"}));
}

BOOST_AUTO_TEST_CASE(links_share_data_and_attributes) {
  FlareId f = file("/a");
  BOOST_REQUIRE(link(f, "/b").is_ok());
  BOOST_REQUIRE(write(must(lookup("/a")).entry.id, 0, "shared").is_ok());
  BOOST_TEST(contents(must(lookup("/b")).entry.id) == "shared");
  SetAttrRequest chmod;
  chmod.id = must(lookup("/b")).entry.id;
  chmod.mask = kSetMode;
  chmod.mode = 0600;
  BOOST_REQUIRE(call(chmod).is_ok());
  BOOST_TEST(attr_of("/a").mode == 0600u);
  BOOST_TEST(attr_of("/a").size == 6u);
}

BOOST_AUTO_TEST_CASE(unlinking_one_name_keeps_the_other) {
  FlareId f = file("/first");
  BOOST_REQUIRE(write(f, 0, "data").is_ok());
  BOOST_REQUIRE(link(f, "/second").is_ok());
  BOOST_REQUIRE(link(f, "/third").is_ok());
  BOOST_TEST(attr_of("/first").nlink == 3u);
  BOOST_REQUIRE(unlink("/first").is_ok());  // the primary name
  BOOST_TEST(attr_of("/second").nlink == 2u);
  BOOST_TEST(contents(f) == "data");
  BOOST_REQUIRE(unlink("/third").is_ok());
  BOOST_TEST(attr_of("/second").nlink == 1u);
  // The remaining name still works for everything, including a rename.
  BOOST_REQUIRE(rename("/second", "/renamed").is_ok());
  BOOST_TEST(contents(must(lookup("/renamed")).entry.id) == "data");
  BOOST_REQUIRE(unlink("/renamed").is_ok());
  BOOST_TEST(getattr(f).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(link_errors) {
  FlareId d = dir_at("/dir");
  FlareId f = file("/file");
  BOOST_TEST(link(d, "/dirlink").code() == Errc::Perm);
  BOOST_TEST(link(sha1_key("vanished"), "/x").code() == Errc::Stale);
  BOOST_TEST(link(f, "/dir").code() == Errc::Exists);
  BOOST_TEST(link(f, "/file").code() == Errc::Exists);
  BOOST_TEST(link(f, "/missing/x").code() == Errc::NotFound);
  BOOST_TEST(link(f, "/file/x").code() == Errc::NotDir);
  BOOST_TEST(link(f, "/" + std::string(256, 'l')).code() == Errc::NameTooLong);
  BOOST_TEST(attr_of("/file").nlink == 1u);
}

BOOST_AUTO_TEST_CASE(link_of_an_unlinked_open_flare_is_not_found) {
  FlareId f = file("/tmp");
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(unlink("/tmp").is_ok());
  BOOST_TEST(link(f, "/back").code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(links_of_other_types) {
  FlareId s = must(call(SymlinkRequest{"/sym", "target"})).entry.id;
  BOOST_REQUIRE(link(s, "/sym2").is_ok());
  BOOST_TEST(must(call(ReadlinkRequest{must(lookup("/sym2")).entry.id})).target == "target");
  FlareId fifo = must(mknod("/fifo", FlareType::Fifo)).entry.id;
  BOOST_TEST(must(link(fifo, "/fifo2")).entry.attr.nlink == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(ops_link_across_volcanos, test::LavaOpsFixture)

BOOST_AUTO_TEST_CASE(a_link_whose_name_lives_on_another_volcano) {
  std::string f = path_on(1, "/", "f");
  std::string d = path_on(0, "/", "d");
  dir_at(d);
  std::string g = path_on(2, d, "g");
  FlareId id = file(f);
  BOOST_REQUIRE(write(id, 0, "shared").is_ok());
  BOOST_TEST(must(link(id, g)).entry.attr.nlink == 2u);
  BOOST_TEST(must(lookup(g)).entry.id == id);
  BOOST_TEST(attr_of(f).nlink == 2u);
  BOOST_REQUIRE(unlink(f).is_ok());
  BOOST_TEST(attr_of(g).nlink == 1u);
  BOOST_TEST(contents(id) == "shared");
  BOOST_TEST(link(id, path_on(2, "/missing", "x")).code() == Errc::NotFound);
  BOOST_TEST(link(id, g).code() == Errc::Exists);
  BOOST_TEST(attr_of(g).nlink == 1u);  // failed links gave their count back
  BOOST_TEST(link(must(lookup(d)).entry.id, path_on(1, "/", "dl")).code() != Errc::Ok);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
