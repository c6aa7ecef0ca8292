// Tests of server/lava.h and the FlareService's routing over a lava of real volcanos in
// this process (LavaFixture): every volcano answers every request, forwarding what it
// does not own; node ops for keys owned elsewhere are refused with Moved; the topology
// persists and only a newer epoch replaces it. The hand-off gate: lava/gate_test.cc.
#include "server/lava.h"

#include <boost/test/unit_test.hpp>

#include "libmagma/routing.h"
#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_AUTO_TEST_SUITE(lava)

BOOST_AUTO_TEST_CASE(every_volcano_sees_the_same_topology) {
  LavaFixture lava(3);
  for (size_t i = 0; i < lava.size(); ++i) {
    auto answer = must(lava.service(i).handle(CallContext{}, TopologyRequest{}));
    BOOST_TEST(answer.topology.epoch == 2u);
    BOOST_TEST(answer.topology.volcanos.size() == 3u);
    BOOST_TEST(lava.lava(i).self().nickname == LavaFixture::nickname(i));
  }
}

BOOST_AUTO_TEST_CASE(a_volcano_forwards_what_it_does_not_own_and_says_so) {
  LavaFixture lava(3);
  size_t owner = lava.owner_of(sha1_key("/"));
  size_t other = (owner + 1) % lava.size();
  CallContext ctx;
  auto root = must(lava.service(other).handle(ctx, LookupRequest{"/"}));
  BOOST_TEST(root.entry.attr.type == FlareType::Directory);
  BOOST_TEST(ctx.stale);
  CallContext at_owner;
  auto same = must(lava.service(owner).handle(at_owner, LookupRequest{"/"}));
  BOOST_TEST(same.entry.id == root.entry.id);
  BOOST_TEST(!at_owner.stale);
}

BOOST_AUTO_TEST_CASE(a_forwarded_request_for_a_key_owned_elsewhere_is_moved) {
  LavaFixture lava(3);
  size_t other = (lava.owner_of(sha1_key("/")) + 1) % lava.size();
  CallContext ctx;
  ctx.forwarded = true;
  auto r = lava.service(other).handle(ctx, LookupRequest{"/"});
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.code() == Errc::Moved);
}

BOOST_AUTO_TEST_CASE(only_a_key_this_volcano_owns_is_held) {
  LavaFixture lava(3);
  Key root = sha1_key("/");
  size_t owner = lava.owner_of(root);
  size_t other = (owner + 1) % lava.size();
  Lava::Hold mine = lava.lava(owner).enter(root);
  BOOST_TEST(mine.owned());
  Lava::Hold theirs = lava.lava(other).enter(root);
  BOOST_TEST(!theirs.owned());
  BOOST_TEST(lava.lava(other).enter(std::nullopt).owned());  // no key: served anywhere
  // Not held: a freeze of the whole ring on that volcano does not wait for it.
  lava.lava(other).freeze(Slice{Key::min(), Key::max()});
  lava.lava(other).thaw();
}

BOOST_AUTO_TEST_CASE(topology_persists_and_only_a_newer_epoch_wins) {
  TempDir dir;
  VolcanoInfo self = volcano("solo", "127.0.0.1");
  {
    Lava lava(self, dir.path());
    BOOST_TEST(!must(lava.load()));
    BOOST_TEST(lava.serving());  // a new volcano
    BOOST_TEST(must(lava.adopt(Topology::bootstrap(self))));
    BOOST_TEST(!must(lava.adopt(Topology::bootstrap(self))));  // same epoch: ignored
  }
  Lava again(self, dir.path());
  BOOST_TEST(must(again.load()));
  BOOST_TEST(!again.serving());  // a restarted one, until catch_up
  BOOST_TEST(again.epoch() == 1u);
  BOOST_TEST(again.owns(sha1_key("/anything")));
  VolcanoInfo stranger = self;
  stranger.nickname = "stranger";
  Topology foreign = Topology::bootstrap(stranger);
  foreign.epoch = 9;
  BOOST_TEST(again.adopt(foreign).code() == Errc::Invalid);  // does not name us
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
