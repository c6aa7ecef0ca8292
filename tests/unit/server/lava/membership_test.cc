// Tests of server/lava/membership: a volcano that cannot reach the lava it would join
// says so, and a restarted volcano catches up with the coordinator.
#include "server/lava/membership.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_AUTO_TEST_SUITE(membership)

BOOST_AUTO_TEST_CASE(joining_an_unreachable_lava_fails_and_changes_nothing) {
  TempDir dir;
  VolcanoInfo self;
  self.nickname = "loner";
  self.address = "127.0.0.9";
  Lava lone(self, dir.path());
  // Port 1 on a loopback address: nothing listens there.
  Status joined = join_lava(lone, "127.0.0.9", 1);
  BOOST_TEST(joined.code() == Errc::Disconnected, joined.to_string());
  BOOST_TEST(lone.epoch() == 0u);
  BOOST_TEST(!must(Lava(self, dir.path()).load()));  // no topology was persisted
}

BOOST_AUTO_TEST_CASE(a_restarted_volcano_catches_up_with_the_coordinator) {
  LavaFixture lava;
  BOOST_REQUIRE(lava.join().is_ok());
  Topology old = lava.lava(1).topology();
  BOOST_REQUIRE(lava.join().is_ok());  // the volcanos hear of it; a copy from before did not
  // The coordinator admits every join, so only another volcano can have missed one.
  std::string coordinator = old.owner_of(sha1_key("/.dht")).nickname;
  const VolcanoInfo& other = old.volcanos[0].nickname == coordinator ? old.volcanos[1] : old.volcanos[0];
  TempDir dir;
  Lava restarted(other, dir.path());
  BOOST_REQUIRE(must(restarted.adopt(old)));
  catch_up(restarted);
  BOOST_TEST(restarted.epoch() == lava.lava(0).epoch());
  BOOST_TEST(restarted.topology().volcanos.size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
