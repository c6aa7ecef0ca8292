// Tests of server/dht_description: the /.dht/<nickname> file, written through the service.
#include "server/dht_description.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {

BOOST_FIXTURE_TEST_SUITE(dht_description_test, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(describes_every_field_and_never_a_secret) {
  VolcanoInfo info{"wallace", "wallace.example", "127.0.0.1", 12000, Slice{}, 1000, 400};
  std::string text = describe_volcano(info);
  for (const char* line : {"nickname: wallace\n", "fqdn: wallace.example\n", "address: 127.0.0.1\n",
                           "flare_port: 12000\n", "storage_total: 1000\n", "storage_free: 400\n"})
    BOOST_TEST(text.find(line) != std::string::npos, line);
  BOOST_TEST(text.find("slice_stop: " + Key::max().hex()) != std::string::npos);
  BOOST_TEST(text.find("key") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(publish_creates_then_rewrites_the_file) {
  VolcanoInfo info{"gromit", "g", "127.0.0.2", 12001, Slice{}, 10, 5};
  BOOST_REQUIRE(publish_volcano(*svc, info).is_ok());
  auto first = test::must(lookup("/.dht/gromit")).entry;
  BOOST_TEST(first.attr.mode == 0444u);
  BOOST_TEST(contents(first.id) == describe_volcano(info));
  info.storage_free = 1;  // shorter text: the old tail must not survive
  BOOST_REQUIRE(publish_volcano(*svc, info).is_ok());
  auto second = test::must(lookup("/.dht/gromit")).entry;
  BOOST_TEST(second.id == first.id);
  BOOST_TEST(contents(second.id) == describe_volcano(info));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::server
