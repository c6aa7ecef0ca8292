// Tests of tools/progress.h: plain lines off a terminal, a throttled bar on one.
#include "tools/progress.h"

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <sstream>

namespace magma::tools {
namespace {

using Clock = std::chrono::steady_clock;

// A clock the test moves by hand.
struct FakeClock {
  Clock::time_point now{};
  Progress::Clock fn() {
    return [this] { return now; };
  }
};

size_t count(const std::string& s, char c) { return static_cast<size_t>(std::count(s.begin(), s.end(), c)); }

BOOST_AUTO_TEST_SUITE(tools_progress)

BOOST_AUTO_TEST_CASE(lines_come_once_per_tenth_and_per_stage) {
  std::ostringstream out;
  Progress p(out, "fsck", 100, false);
  p.stage("scanning v0");
  for (int i = 0; i < 100; ++i) p.advance(1);
  // The stage line at 0%, then one at each tenth from 10% to 90%: 99% is the most
  // shown before finish.
  BOOST_TEST(count(out.str(), '\n') == 10u);
  BOOST_TEST(out.str().find("fsck: 0% (0) scanning v0\n") == 0u);
  BOOST_TEST(out.str().find("fsck: 90% (90) scanning v0\n") != std::string::npos);
  BOOST_TEST(out.str().find('\r') == std::string::npos);
  p.finish("done");
  BOOST_TEST(out.str().substr(out.str().size() - 11) == "fsck: done\n");
}

BOOST_AUTO_TEST_CASE(an_estimate_too_low_stops_at_99_percent) {
  std::ostringstream out;
  Progress p(out, "fsck", 10, false);
  p.advance(25);
  BOOST_TEST(out.str() == "fsck: 99% (25)\n");
  BOOST_TEST(p.done() == 25u);
}

BOOST_AUTO_TEST_CASE(an_unknown_total_shows_counts_at_each_stage_only) {
  std::ostringstream out;
  Progress p(out, "scan", 0, false);
  p.stage("a");
  p.advance(5000);
  p.stage("b");
  BOOST_TEST(out.str() == "scan: (0) a\nscan: (5000) b\n");
}

BOOST_AUTO_TEST_CASE(the_bar_is_redrawn_in_place_at_most_every_tenth_of_a_second) {
  std::ostringstream out;
  FakeClock clock;
  clock.now += std::chrono::seconds(1);
  Progress p(out, "fsck", 200, true, clock.fn());
  p.advance(100);  // first draw
  BOOST_TEST(out.str() == "\rfsck: [###############...............] 50% (100)");
  p.advance(50);  // too soon: not drawn
  BOOST_TEST(count(out.str(), '\r') == 1u);
  clock.now += Progress::kRedraw;
  p.advance(0);
  BOOST_TEST(count(out.str(), '\r') == 2u);
  BOOST_TEST(out.str().find("75% (150)") != std::string::npos);
  BOOST_TEST(count(out.str(), '\n') == 0u);
  p.finish("ok");  // wipes the bar, then one line
  BOOST_TEST(out.str().substr(out.str().size() - 10) == "\rfsck: ok\n");
}

BOOST_AUTO_TEST_CASE(a_shorter_bar_line_wipes_the_longer_one) {
  std::ostringstream out;
  Progress p(out, "x", 0, true);
  p.stage("a long stage name");
  p.stage("b");
  std::string last = out.str().substr(out.str().rfind('\r') + 1);
  BOOST_TEST(last.size() == std::string("x: (0) a long stage name").size());
  BOOST_TEST(last.rfind("x: (0) b", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::tools
