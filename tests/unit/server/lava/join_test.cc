// Tests of joins (server/lava/join.cc, with membership.cc's join_lava) over a
// LavaFixture that grows: any volcano passes a join to the coordinator, every volcano learns the
// new topology, and taken nicknames or addresses are refused.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_FIXTURE_TEST_SUITE(join, GrowingLava)

BOOST_AUTO_TEST_CASE(every_volcano_learns_each_join) {
  for (int i = 0; i < 60; ++i) BOOST_REQUIRE(client.put("/f" + std::to_string(i), sample_text(i)).is_ok());
  BOOST_REQUIRE(lava.join(0).is_ok());
  BOOST_REQUIRE(lava.join(1).is_ok());  // through a volcano that is not the coordinator
  BOOST_REQUIRE(lava.join(2).is_ok());
  uint64_t epoch = lava.lava(0).epoch();
  BOOST_TEST(epoch == 4u);  // the bootstrap's, then one per join
  for (size_t i = 0; i < lava.size(); ++i) {
    Topology t = lava.lava(i).topology();
    BOOST_TEST(t.epoch == epoch, "v" << i);
    BOOST_TEST(t.volcanos.size() == 4u);
    BOOST_TEST(lava.load(i).keys > 0u, "v" << i << " owns nothing");
  }
  for (int i = 0; i < 60; ++i)
    BOOST_TEST(must(Client(lava.service(3)).get("/f" + std::to_string(i))) == sample_text(i));
}

BOOST_AUTO_TEST_CASE(a_taken_nickname_or_address_is_refused) {
  BOOST_REQUIRE(lava.join().is_ok());
  Status refused = lava.join_as(volcano("v1", LavaFixture::address(2)));
  BOOST_TEST(refused.code() == Errc::Exists);
  BOOST_TEST(refused.message().find("v1") != std::string::npos, refused.message());
  // The coordinator checks too, whatever the joiner checked itself.
  VolcanoInfo same_place = *lava.lava(0).topology().find("v1");
  same_place.nickname = "elsewhere";
  auto answer = lava.service(1).handle(CallContext{}, JoinRequest{same_place});
  BOOST_TEST(answer.code() == Errc::Exists);
  BOOST_TEST(lava.lava(0).topology().volcanos.size() == 2u);
  BOOST_TEST(lava.lava(0).epoch() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
