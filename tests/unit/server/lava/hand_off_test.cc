// Tests of the hand-off (server/lava/hand_off.cc) over a LavaFixture: file data moves
// whole, in chunks, to the volcano that now owns it.
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_FIXTURE_TEST_SUITE(hand_off, GrowingLava)

BOOST_AUTO_TEST_CASE(a_large_file_moves_whole) {
  // Files on both sides of any split; each 2.5 chunks long, so the last chunk is short.
  std::map<std::string, std::string> files;
  for (int i = 0; i < 6; ++i) {
    std::string text(kMaxDataChunk * 5 / 2, static_cast<char>('a' + i));
    text[kMaxDataChunk + 7] = '!';
    files["/big" + std::to_string(i)] = text;
    BOOST_REQUIRE(client.put("/big" + std::to_string(i), text).is_ok());
  }
  BOOST_REQUIRE(lava.join().is_ok());
  int moved = 0;
  for (const auto& [path, text] : files) {
    moved += lava.owner_of(sha1_key(path)) == 1;
    BOOST_TEST(must(Client(lava.service(1)).get(path)) == text, path);
  }
  BOOST_TEST(moved > 0);
  BOOST_TEST(lava.load(0).data_bytes + lava.load(1).data_bytes == 6 * (kMaxDataChunk * 5 / 2));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
