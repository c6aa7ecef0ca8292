// Tests of server/dht_description: the text of /.dht/<nickname>.
#include "server/dht_description.h"

#include <boost/test/unit_test.hpp>

namespace magma::server {
namespace {

VolcanoInfo wallace() {
  VolcanoInfo v;
  v.nickname = "wallace";
  v.fqdn = "wallace.example";
  v.address = "127.0.0.1";
  v.flare_port = 12000;
  v.node_port = 12001;
  v.slice.start = sha1_key("/start");
  return v;
}

BOOST_AUTO_TEST_SUITE(dht_description_test)

BOOST_AUTO_TEST_CASE(describes_a_live_volcano_with_its_load) {
  LoadResponse load;
  load.epoch = 7;
  load.keys = 42;
  load.inodes = 40;
  load.data_bytes = 9000;
  load.storage_total = 1000000;
  load.storage_free = 400000;
  std::string text = describe_volcano(wallace(), 6, &load);
  for (std::string line : {"nickname: wallace\n", "fqdn: wallace.example\n", "address: 127.0.0.1\n",
                           "flare_port: 12000\n", "node_port: 12001\n", "epoch: 7\n", "alive: yes\n",
                           "keys: 42\n", "inodes: 40\n", "data_bytes: 9000\n", "storage_total: 1000000\n",
                           "storage_free: 400000\n"})
    BOOST_TEST(text.find(line) != std::string::npos, line);
  BOOST_TEST(text.find("slice_start: " + sha1_key("/start").hex() + "\n") != std::string::npos);
  BOOST_TEST(text.find("slice_stop: " + Key::max().hex() + "\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_silent_volcano_shows_what_the_topology_knows) {
  std::string text = describe_volcano(wallace(), 6, nullptr);
  BOOST_TEST(text.find("epoch: 6\n") != std::string::npos);
  BOOST_TEST(text.find("alive: no\n") != std::string::npos);
  BOOST_TEST(text.find("keys:") == std::string::npos);
  BOOST_TEST(text.find("nickname: wallace\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
