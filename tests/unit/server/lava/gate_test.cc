// Tests of the hand-off gate's nesting (Lava::enter): a request that holds only keys
// outside a frozen range waits for a key inside it like any other, so nothing in the
// range changes during its hand-off; one that holds a key inside the range goes on, as
// the freeze waits for it.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

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
  return v;
}

BOOST_AUTO_TEST_SUITE(gate)

BOOST_AUTO_TEST_CASE(a_nested_request_from_outside_the_range_waits) {
  Lava lava(solo(), "");
  std::promise<void> outer_held;
  std::atomic<bool> inner_entered{false};
  auto request = std::async(std::launch::async, [&] {
    Lava::Hold outer = lava.enter(key_at(0x10));
    outer_held.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the freeze comes meanwhile
    Lava::Hold inner = lava.enter(key_at(0x90));
    inner_entered = true;
  });
  outer_held.get_future().wait();
  lava.freeze(kFrozen);  // does not wait for the outer key: it is not in the range
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  BOOST_TEST(!inner_entered.load());
  lava.thaw();
  request.get();
  BOOST_TEST(inner_entered.load());
}

BOOST_AUTO_TEST_CASE(a_nested_request_from_inside_the_range_goes_on) {
  Lava lava(solo(), "");
  std::promise<void> outer_held;
  std::promise<void> go_on;
  auto request = std::async(std::launch::async, [&] {
    Lava::Hold outer = lava.enter(key_at(0x85));
    outer_held.set_value();
    go_on.get_future().wait();
    Lava::Hold inner = lava.enter(key_at(0x90));  // the freeze is waiting for this thread
  });
  outer_held.get_future().wait();
  auto freezer = std::async(std::launch::async, [&] { lava.freeze(kFrozen); });
  BOOST_TEST((freezer.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout));
  go_on.set_value();
  BOOST_TEST((request.wait_for(std::chrono::seconds(5)) == std::future_status::ready));
  BOOST_TEST((freezer.wait_for(std::chrono::seconds(5)) == std::future_status::ready));
  lava.thaw();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
