// Tests of the Shutdown node op (server/lava/shutdown.cc) with Lava::shutdown: a whole
// lava stops every volcano, a single one only itself, and a second request changes
// nothing.
#include <boost/test/unit_test.hpp>

#include <atomic>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_FIXTURE_TEST_SUITE(shutdown, GrowingLava)

BOOST_AUTO_TEST_CASE(shutting_down_the_whole_lava_stops_every_volcano) {
  BOOST_REQUIRE(lava.join().is_ok());
  BOOST_REQUIRE(lava.join().is_ok());
  std::atomic<int> stopped[3] = {0, 0, 0};
  for (size_t i = 0; i < lava.size(); ++i) lava.lava(i).on_shutdown([&stopped, i] { ++stopped[i]; });
  must(lava.service(1).handle(CallContext{}, ShutdownRequest{true}));
  for (size_t i = 0; i < lava.size(); ++i) BOOST_TEST(stopped[i] == 1, "v" << i);
  lava.lava(1).shutdown();  // a second request changes nothing
  BOOST_TEST(stopped[1] == 1);
}

BOOST_AUTO_TEST_CASE(shutting_down_one_volcano_leaves_the_others) {
  BOOST_REQUIRE(lava.join().is_ok());
  std::atomic<int> stopped[2] = {0, 0};
  for (size_t i = 0; i < lava.size(); ++i) lava.lava(i).on_shutdown([&stopped, i] { ++stopped[i]; });
  must(lava.service(0).handle(CallContext{}, ShutdownRequest{false}));
  BOOST_TEST(stopped[0] == 1);
  BOOST_TEST(stopped[1] == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
