// Tests of server/ops/open: Open, Release and the end of a session.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

// The service fixture, able to reopen its store with a grace for unlinked flares.
struct GraceFixture : test::ServiceFixture {
  void reopen_with_grace(std::chrono::milliseconds grace) {
    ServiceOptions o = options();
    o.unlinked_grace = grace;
    svc.reset();
    svc = must(FlareService::open(o));
  }
};

BOOST_FIXTURE_TEST_SUITE(ops_open, GraceFixture)

BOOST_AUTO_TEST_CASE(open_answers_attributes) {
  FlareId f = file("/o");
  BOOST_REQUIRE(write(f, 0, "abc").is_ok());
  FlareAttr a = must(call(OpenRequest{f, {}})).attr;
  BOOST_TEST(a.size == 3u);
  BOOST_TEST(a.ino == ino_of(f));
  BOOST_TEST(call(OpenRequest{sha1_key("gone"), {}}).code() == Errc::Stale);
  BOOST_TEST(call(OpenRequest{dir_at("/d"), {}}).is_ok());
}

BOOST_AUTO_TEST_CASE(release_without_open_is_harmless) {
  FlareId f = file("/r");
  BOOST_TEST(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(call(ReleaseRequest{sha1_key("never"), {}}).is_ok());
  BOOST_TEST(lookup("/r").is_ok());
}

BOOST_AUTO_TEST_CASE(an_unlinked_flare_opens_during_its_grace_only) {
  reopen_with_grace(std::chrono::milliseconds(200));
  FlareId f = file("/graced");
  BOOST_REQUIRE(write(f, 0, "old").is_ok());
  BOOST_REQUIRE(unlink("/graced").is_ok());
  // A client whose cached name still points here may open it, as if before the unlink.
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_TEST(getattr(f)->attr.nlink == 0u);
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(contents(f) == "old");  // the grace still holds it
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  BOOST_TEST(getattr(f).code() == Errc::Stale);  // any request ends expired graces
}

BOOST_AUTO_TEST_CASE(an_open_outlasts_the_grace) {
  reopen_with_grace(std::chrono::milliseconds(100));
  FlareId f = file("/held-long");
  BOOST_REQUIRE(write(f, 0, "kept").is_ok());
  BOOST_REQUIRE(unlink("/held-long").is_ok());
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  BOOST_TEST(contents(f) == "kept");  // grace over, but still open
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(getattr(f).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(every_open_needs_its_release) {
  FlareId f = file("/twice");
  BOOST_REQUIRE(write(f, 0, "x").is_ok());
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(unlink("/twice").is_ok());
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(contents(f) == "x");
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(getattr(f).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(release_of_a_named_flare_keeps_it) {
  FlareId f = file("/named");
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(getattr(f).is_ok());
}

BOOST_AUTO_TEST_CASE(end_session_touches_only_that_session) {
  FlareId mine = file("/mine");
  FlareId theirs = file("/theirs");
  CallContext other = ctx;
  other.session = 99;
  BOOST_REQUIRE(call(OpenRequest{mine, {}}).is_ok());
  BOOST_REQUIRE(svc->handle(other, OpenRequest{theirs, {}}).is_ok());
  BOOST_REQUIRE(unlink("/mine").is_ok());
  BOOST_REQUIRE(unlink("/theirs").is_ok());
  svc->end_session(ctx.session);
  BOOST_TEST(getattr(mine).code() == Errc::Stale);
  BOOST_TEST(getattr(theirs).is_ok());
  svc->end_session(99);
  BOOST_TEST(getattr(theirs).code() == Errc::Stale);
  svc->end_session(12345);  // unknown session: nothing to do
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
