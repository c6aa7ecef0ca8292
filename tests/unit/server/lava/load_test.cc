// Tests of the Load node op (server/lava/load.cc): the records, inodes and data bytes a
// volcano holds, and its storage.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_FIXTURE_TEST_SUITE(load, GrowingLava)

BOOST_AUTO_TEST_CASE(counts_what_the_volcano_holds) {
  LoadResponse empty = must(client.call(LoadRequest{}));
  BOOST_TEST(empty.nickname == "v0");
  BOOST_TEST(empty.keys == 2u);  // "/" and "/.dht"
  BOOST_TEST(empty.inodes == 2u);
  BOOST_TEST(empty.data_bytes == 0u);
  must(client.mkdir("/a"));
  uint64_t bytes = 0;
  for (int i = 0; i < 10; ++i) {
    std::string text(i * 1000, 'x');
    BOOST_REQUIRE(client.put("/a/f" + std::to_string(i), text).is_ok());
    bytes += text.size();
  }
  FlareId f3 = must(client.call(LookupRequest{"/a/f3"})).entry.id;
  BOOST_REQUIRE(must(client.call(LinkRequest{f3, "/a/hard"})).entry.attr.nlink == 2u);
  LoadResponse full = must(client.call(LoadRequest{}));
  BOOST_TEST(full.keys == 2u + 1 + 10 + 1);  // a hard link is one more record
  BOOST_TEST(full.inodes == 2u + 1 + 10);    // but no more inode
  BOOST_TEST(full.data_bytes == bytes);
  BOOST_TEST(full.storage_total > 0u);
  BOOST_TEST(full.storage_free <= full.storage_total);
  BOOST_TEST(full.epoch == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
