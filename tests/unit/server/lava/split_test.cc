// Tests of splits (server/lava/split.cc) over a LavaFixture that grows: the joiner takes half of
// the busiest volcano's records, and writes made during the hand-off are neither lost nor
// left behind.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_FIXTURE_TEST_SUITE(split, GrowingLava)

BOOST_AUTO_TEST_CASE(a_joiner_takes_half_the_records_with_their_data) {
  BOOST_REQUIRE(must(client.mkdir("/d")).entry.id != FlareId{});
  constexpr int kFiles = 200;
  for (int i = 0; i < kFiles; ++i) BOOST_REQUIRE(client.put("/d/f" + std::to_string(i), sample_text(i)).is_ok());
  uint64_t keys_before = lava.load(0).keys;

  BOOST_REQUIRE(lava.join().is_ok());

  LoadResponse v0 = lava.load(0), v1 = lava.load(1);
  BOOST_TEST(v0.keys + v1.keys == keys_before);  // moved, not copied
  BOOST_TEST(std::abs(int64_t(v0.keys) - int64_t(v1.keys)) <= 2, v0.keys << " vs " << v1.keys);
  BOOST_TEST(v1.data_bytes > 0u);
  // Every file reads back whole through either volcano; some are now v1's.
  int on_v1 = 0;
  for (int i = 0; i < kFiles; ++i) {
    std::string path = "/d/f" + std::to_string(i);
    on_v1 += lava.owner_of(sha1_key(path)) == 1;
    for (size_t via = 0; via < lava.size(); ++via)
      BOOST_TEST(must(Client(lava.service(via)).get(path)) == sample_text(i), path << " via v" << via);
  }
  BOOST_TEST(on_v1 > kFiles / 4);
  BOOST_TEST(on_v1 < kFiles * 3 / 4);
}

BOOST_AUTO_TEST_CASE(writes_during_the_hand_off_are_neither_lost_nor_left_behind) {
  for (int i = 0; i < 300; ++i) BOOST_REQUIRE(client.put("/pre" + std::to_string(i), sample_text(i)).is_ok());
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  auto writer = std::async(std::launch::async, [&] {
    Client w(lava.service(0));
    std::vector<std::string> errors;
    while (!stop && written < 5000) {
      int i = written;
      Status put = w.put("/during" + std::to_string(i), sample_text(i));
      if (!put.is_ok()) errors.push_back(put.to_string());
      ++written;
    }
    return errors;
  });
  while (written < 20) std::this_thread::yield();
  BOOST_REQUIRE(lava.join().is_ok());
  int after_join = written;
  while (written < after_join + 20) std::this_thread::yield();
  stop = true;
  std::vector<std::string> errors = writer.get();
  BOOST_TEST(errors.empty(), (errors.empty() ? "" : errors.front()));
  int moved = 0;
  for (int i = 0; i < written; ++i) {
    std::string path = "/during" + std::to_string(i);
    moved += lava.owner_of(sha1_key(path)) == 1;
    BOOST_TEST(must(Client(lava.service(1)).get(path)) == sample_text(i), path);
  }
  BOOST_TEST(moved > 0);
  // Nothing left behind: the giver holds exactly the records it owns.
  LoadResponse v0 = lava.load(0), v1 = lava.load(1);
  BOOST_TEST(v0.keys + v1.keys == uint64_t(300 + written + 2));  // and "/", "/.dht"
  Slice given = lava.lava(0).topology().find("v1")->slice;
  auto left = must(lava.service(0).handle(CallContext{}, ExportRangeRequest{given, RowCursor{}, 100}));
  BOOST_TEST(left.rows.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
