// Tests of server/ops/guards: path locks and frozen subtrees.
#include "server/ops/guards.h"

#include <boost/test/unit_test.hpp>

#include "libmagma/path.h"
#include "tests/unit/libmagma/test_print.h"
#include <atomic>
#include <chrono>
#include <thread>

namespace magma::server::ops {
namespace {

BOOST_AUTO_TEST_SUITE(ops_guards)

BOOST_AUTO_TEST_CASE(a_path_lock_excludes_the_same_path_only) {
  Guards guards;
  std::atomic<bool> got_same{false}, got_other{false};
  std::thread same, other;
  {
    Guards::PathLock held = guards.lock("/a");
    same = std::thread([&] {
      Guards::PathLock l = guards.lock("/a");
      got_same = true;
    });
    other = std::thread([&] {
      Guards::PathLock l = guards.lock("/a/b");
      got_other = true;
    });
    other.join();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    BOOST_TEST(got_other.load());
    BOOST_TEST(!got_same.load());
  }
  same.join();
  BOOST_TEST(got_same.load());
}

BOOST_AUTO_TEST_CASE(a_moved_lock_is_released_once) {
  Guards guards;
  {
    Guards::PathLock first = guards.lock("/m");
    Guards::PathLock moved(std::move(first));
  }
  Guards::PathLock again = guards.lock("/m");  // would hang if still held
}

BOOST_AUTO_TEST_CASE(a_freeze_covers_its_subtree_until_thawed) {
  Guards guards;
  BOOST_TEST(guards.check_unfrozen("/a/b").is_ok());
  BOOST_REQUIRE(guards.freeze("/a", 1, true).is_ok());
  for (const char* in : {"/a", "/a/b", "/a/b/c"}) BOOST_TEST(guards.check_unfrozen(in).code() == Errc::Busy, in);
  for (const char* out : {"/", "/ab", "/a.b", "/b/a"}) BOOST_TEST(guards.check_unfrozen(out).is_ok(), out);
  BOOST_TEST(guards.freeze("/a", 1, true).is_ok());  // a renewal
  BOOST_REQUIRE(guards.freeze("/a", 1, false).is_ok());
  BOOST_TEST(guards.check_unfrozen("/a/b").is_ok());
  BOOST_TEST(guards.freeze("/a", 3, false).is_ok());  // thawing what is not frozen is harmless
}

BOOST_AUTO_TEST_CASE(overlapping_moves_take_turns) {
  Guards guards;
  BOOST_REQUIRE(guards.freeze("/a/b", 1, true).is_ok());
  BOOST_TEST(guards.freeze("/a", 2, true).code() == Errc::Busy);       // holds the other
  BOOST_TEST(guards.freeze("/a/b/c", 2, true).code() == Errc::Busy);   // inside the other
  BOOST_TEST(guards.freeze("/a/b", 2, true).code() == Errc::Busy);
  BOOST_TEST(guards.freeze("/a/bc", 2, true).is_ok());                 // beside it
  BOOST_REQUIRE(guards.freeze("/a/b", 1, false).is_ok());
  BOOST_TEST(guards.freeze("/a", 3, true).code() == Errc::Busy);       // "/a/bc" is still moving
  BOOST_REQUIRE(guards.freeze("/a/bc", 2, false).is_ok());
  BOOST_TEST(guards.freeze("/a", 3, true).is_ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::ops
