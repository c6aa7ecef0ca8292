// Tests of the hand-off gate (Lava::enter/freeze/thaw): a frozen range holds requests for
// its keys back until thawed, and a freeze waits for the requests already in it. Holds
// nest: a request that holds only keys outside the range waits for a key inside it like
// any other, so nothing in the range changes during its hand-off; one that holds a key
// inside the range goes on, as the freeze waits for it.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <memory>

#include "server/lava.h"

namespace magma::server::test {
namespace {

Key key_at(uint8_t first_byte) {
  Key k = Key::min();
  k.bytes[0] = first_byte;
  return k;
}

const Slice kFrozen{key_at(0x80), Key::max()};

VolcanoInfo solo() {
  VolcanoInfo v;
  v.nickname = "solo";
  v.address = "127.0.0.1";
  return v;
}

// A lava of one volcano that owns every key (only owned keys are held).
struct Solo {
  Solo() { BOOST_REQUIRE(lava.adopt(Topology::bootstrap(solo())).is_ok()); }
  Lava lava{solo(), ""};
};

// Whether the thread behind f is still held back after a while (it would have got
// through long before, were it not).
bool still_waiting(const std::future<void>& f) {
  return f.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout;
}

// Whether the thread behind f gets through once let go.
bool goes_on(const std::future<void>& f) {
  return f.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
}

// A request that holds outer and, once go_on is ready, enters inner as well. Returns once
// outer is held; the future is ready when the request got both.
std::future<void> nested_request(Lava& lava, Key outer, Key inner, std::future<void> go_on) {
  std::promise<void> held;
  std::future<void> outer_held = held.get_future();
  auto request = std::async(std::launch::async, [&lava, outer, inner, go_on = std::move(go_on),
                                                 held = std::move(held)]() mutable {
    Lava::Hold first = lava.enter(outer);
    held.set_value();
    go_on.wait();
    Lava::Hold second = lava.enter(inner);
  });
  outer_held.wait();
  return request;
}

BOOST_FIXTURE_TEST_SUITE(gate, Solo)

BOOST_AUTO_TEST_CASE(a_frozen_range_holds_requests_until_thawed) {
  Slice range{sha1_key("/a"), sha1_key("/a")};
  lava.freeze(range);
  auto waiter = std::async(std::launch::async, [&] { Lava::Hold hold = lava.enter(sha1_key("/a")); });
  {
    Lava::Hold elsewhere = lava.enter(sha1_key("/b"));  // outside the range: no wait
  }
  BOOST_TEST(still_waiting(waiter));
  lava.thaw();
  BOOST_TEST(goes_on(waiter));
}

BOOST_AUTO_TEST_CASE(a_freeze_waits_for_the_requests_already_in_the_range) {
  auto hold = std::make_unique<Lava::Hold>(lava.enter(sha1_key("/a")));
  auto freezer = std::async(std::launch::async, [&] { lava.freeze(Slice{Key::min(), Key::max()}); });
  BOOST_TEST(still_waiting(freezer));
  hold.reset();
  BOOST_TEST(goes_on(freezer));
  lava.thaw();
}

BOOST_AUTO_TEST_CASE(a_nested_request_from_outside_the_range_waits) {
  std::promise<void> frozen;
  auto request = nested_request(lava, key_at(0x10), key_at(0x90), frozen.get_future());
  lava.freeze(kFrozen);  // does not wait for the outer key: it is not in the range
  frozen.set_value();
  BOOST_TEST(still_waiting(request));
  lava.thaw();
  BOOST_TEST(goes_on(request));
}

BOOST_AUTO_TEST_CASE(a_nested_request_from_inside_the_range_goes_on) {
  std::promise<void> go_on;
  // Its inner enter comes while the freeze waits for its outer hold.
  auto request = nested_request(lava, key_at(0x85), key_at(0x90), go_on.get_future());
  auto freezer = std::async(std::launch::async, [&] { lava.freeze(kFrozen); });
  BOOST_TEST(still_waiting(freezer));
  go_on.set_value();
  BOOST_TEST(goes_on(request));
  BOOST_TEST(goes_on(freezer));
  lava.thaw();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
