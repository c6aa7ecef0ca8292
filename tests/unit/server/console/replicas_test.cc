// Tests of server/console/replicas.h: mirrors follow the owner on the ring.
#include "server/console/replicas.h"

#include <boost/test/unit_test.hpp>

namespace magma::server::console {
namespace {

Topology ring_of(std::vector<std::string> names) {
  Topology t;
  t.epoch = 1;
  for (const std::string& n : names) t.volcanos.push_back(VolcanoInfo{n, n, "127.0.0.1", 12000, 12001, {}});
  return t;
}

std::vector<std::string> names(const std::vector<VolcanoInfo>& volcanos) {
  std::vector<std::string> out;
  for (const VolcanoInfo& v : volcanos) out.push_back(v.nickname);
  return out;
}

using Names = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(replicas)

BOOST_AUTO_TEST_CASE(next_volcanos_on_the_ring) {
  Topology t = ring_of({"a", "b", "c"});
  BOOST_TEST(names(mirrors_of(t, t.volcanos[0])) == Names{"b"});
  BOOST_TEST(names(mirrors_of(t, t.volcanos[2])) == Names{"a"});  // wraps around
  BOOST_TEST(names(mirrors_of(t, t.volcanos[1], 3)) == (Names{"c", "a"}));
  BOOST_TEST(names(mirrors_of(t, t.volcanos[1], 1)).empty());
  // Never more than the other volcanos, never the owner itself.
  BOOST_TEST(names(mirrors_of(t, t.volcanos[0], 10)) == (Names{"b", "c"}));
}

BOOST_AUTO_TEST_CASE(small_lavas_and_strangers) {
  Topology one = ring_of({"solo"});
  BOOST_TEST(mirrors_of(one, one.volcanos[0]).empty());
  Topology t = ring_of({"a", "b"});
  BOOST_TEST(mirrors_of(t, VolcanoInfo{"z", "z", "127.0.0.9", 1, 2, {}}).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::console
