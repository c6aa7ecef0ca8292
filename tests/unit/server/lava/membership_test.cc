// Tests of server/lava/membership: a volcano that cannot reach the lava it would join
// says so; a restarted volcano catches up with the coordinator and serves once the lava
// agrees (the restart barrier).
#include "server/lava/membership.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_AUTO_TEST_SUITE(membership)

BOOST_AUTO_TEST_CASE(joining_an_unreachable_lava_fails_and_changes_nothing) {
  TempDir dir;
  VolcanoInfo self = volcano("loner", "127.0.0.9");
  Lava lone(self, dir.path(), kTestLavaKey);
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
  Lava restarted(other, dir.path(), kTestLavaKey);
  BOOST_REQUIRE(must(restarted.adopt(old)));
  catch_up(restarted);
  BOOST_REQUIRE(restarted.wait_serving(std::chrono::seconds(10)));
  BOOST_TEST(restarted.epoch() == lava.lava(0).epoch());
  BOOST_TEST(restarted.topology().volcanos.size() == 3u);
}

// The topology of lava with volcano `gone` moved to an address where nothing listens.
Topology with_one_gone(LavaFixture& lava, const std::string& gone) {
  Topology t = lava.lava(0).topology();
  for (VolcanoInfo& v : t.volcanos)
    if (v.nickname == gone) v.address = "127.0.0.9", v.flare_port = 1, v.node_port = 2;
  return t;
}

BOOST_AUTO_TEST_CASE(a_restarted_coordinator_serves_once_every_volcano_answered) {
  LavaFixture lava;
  BOOST_REQUIRE(lava.join().is_ok());
  Topology t = lava.lava(0).topology();
  const VolcanoInfo coordinator = t.owner_of(sha1_key("/.dht"));
  const VolcanoInfo& other = t.volcanos[0].nickname == coordinator.nickname ? t.volcanos[1] : t.volcanos[0];
  TempDir dir;
  Lava restarted(coordinator, dir.path(), kTestLavaKey);
  BOOST_REQUIRE(must(restarted.adopt(with_one_gone(lava, other.nickname))));
  catch_up(restarted, std::chrono::milliseconds(1500));
  BOOST_TEST(!restarted.serving());
  BOOST_TEST(!restarted.wait_serving(std::chrono::milliseconds(500)));  // still waiting for `other`
  BOOST_TEST(restarted.wait_serving(std::chrono::seconds(10)));         // the limit passed
  // A volcano that checked in counts at once.
  TempDir dir2;
  Lava again(coordinator, dir2.path(), kTestLavaKey);
  BOOST_REQUIRE(must(again.adopt(with_one_gone(lava, other.nickname))));
  again.note_present(other.nickname);
  catch_up(again, std::chrono::seconds(60));
  BOOST_TEST(again.wait_serving(std::chrono::seconds(5)));
}

BOOST_AUTO_TEST_CASE(a_restarted_volcano_waits_for_its_coordinator) {
  LavaFixture lava;
  BOOST_REQUIRE(lava.join().is_ok());
  Topology t = lava.lava(0).topology();
  const std::string coordinator = t.owner_of(sha1_key("/.dht")).nickname;
  const VolcanoInfo& other = t.volcanos[0].nickname == coordinator ? t.volcanos[1] : t.volcanos[0];
  TempDir dir;
  Lava restarted(other, dir.path(), kTestLavaKey);
  BOOST_REQUIRE(must(restarted.adopt(with_one_gone(lava, coordinator))));
  catch_up(restarted, std::chrono::milliseconds(1000));
  BOOST_TEST(!restarted.wait_serving(std::chrono::milliseconds(500)));
  BOOST_TEST(restarted.wait_serving(std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
