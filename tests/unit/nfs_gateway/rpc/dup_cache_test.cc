// Tests of the duplicate-request cache: replay, in progress, bounds in entries and age.
#include "nfs_gateway/rpc/dup_cache.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/rpc/test_print.h"

namespace magma::nfs::rpc {
namespace {

using Clock = DupCache::Clock;
using Seen = DupCache::Seen;
using namespace std::chrono_literals;

DupKey key(uint32_t xid, uint16_t port = 700, const char* address = "192.0.2.1") {
  return DupKey::of(boost::asio::ip::make_address(address), port, xid, 100003, 2, 9);
}

DupCache::Reply reply(uint8_t tag) { return std::make_shared<const Bytes>(Bytes{tag, tag}); }

BOOST_AUTO_TEST_SUITE(dup_cache)

BOOST_AUTO_TEST_CASE(a_finished_call_is_answered_with_its_reply) {
  DupCache cache(16, 60s);
  BOOST_CHECK_EQUAL(cache.begin(key(1)).seen, Seen::New);
  auto first = reply(1);
  cache.finish(key(1), first);
  DupCache::Lookup again = cache.begin(key(1));
  BOOST_CHECK_EQUAL(again.seen, Seen::Answered);
  BOOST_CHECK(again.reply == first);
}

BOOST_AUTO_TEST_CASE(a_call_still_running_is_in_progress) {
  DupCache cache(16, 60s);
  BOOST_CHECK_EQUAL(cache.begin(key(1)).seen, Seen::New);
  DupCache::Lookup again = cache.begin(key(1));
  BOOST_CHECK_EQUAL(again.seen, Seen::InProgress);
  BOOST_CHECK(!again.reply);
}

BOOST_AUTO_TEST_CASE(every_part_of_the_key_separates_calls) {
  DupCache cache(16, 60s);
  auto base = boost::asio::ip::make_address("192.0.2.1");
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(base, 700, 1, 100003, 2, 9)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(base, 700, 1, 100003, 2, 9)).seen, Seen::InProgress);
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(boost::asio::ip::make_address("192.0.2.2"), 700, 1, 100003, 2, 9)).seen,
                    Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(base, 701, 1, 100003, 2, 9)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(base, 700, 2, 100003, 2, 9)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(base, 700, 1, 100005, 2, 9)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(base, 700, 1, 100003, 3, 9)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(DupKey::of(base, 700, 1, 100003, 2, 10)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.size(), 7u);
}

BOOST_AUTO_TEST_CASE(ipv4_and_its_mapped_ipv6_form_are_one_client) {
  DupCache cache(16, 60s);
  BOOST_CHECK_EQUAL(cache.begin(key(1, 700, "192.0.2.1")).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(key(1, 700, "::ffff:192.0.2.1")).seen, Seen::InProgress);
}

BOOST_AUTO_TEST_CASE(the_oldest_entry_goes_when_the_cache_is_full) {
  DupCache cache(3, 60s);
  for (uint32_t xid = 1; xid <= 3; ++xid) {
    BOOST_CHECK_EQUAL(cache.begin(key(xid)).seen, Seen::New);
    cache.finish(key(xid), reply(static_cast<uint8_t>(xid)));
  }
  BOOST_CHECK_EQUAL(cache.begin(key(4)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.size(), 3u);
  BOOST_CHECK_EQUAL(cache.begin(key(2)).seen, Seen::Answered);
  BOOST_CHECK_EQUAL(cache.begin(key(3)).seen, Seen::Answered);
  BOOST_CHECK_EQUAL(cache.begin(key(1)).seen, Seen::New);  // forgotten: xid 1 was the oldest
}

BOOST_AUTO_TEST_CASE(entries_older_than_the_age_are_forgotten) {
  DupCache cache(16, 10s);
  Clock::time_point t0 = Clock::now();
  BOOST_CHECK_EQUAL(cache.begin(key(1), t0).seen, Seen::New);
  cache.finish(key(1), reply(1));
  BOOST_CHECK_EQUAL(cache.begin(key(2), t0 + 5s).seen, Seen::New);
  cache.finish(key(2), reply(2));
  BOOST_CHECK_EQUAL(cache.begin(key(1), t0 + 9s).seen, Seen::Answered);
  BOOST_CHECK_EQUAL(cache.begin(key(1), t0 + 11s).seen, Seen::New);  // expired, begun anew
  BOOST_CHECK_EQUAL(cache.begin(key(2), t0 + 11s).seen, Seen::Answered);
  BOOST_CHECK_EQUAL(cache.size(), 2u);
}

BOOST_AUTO_TEST_CASE(finishing_an_evicted_call_stores_nothing) {
  DupCache cache(1, 60s);
  BOOST_CHECK_EQUAL(cache.begin(key(1)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(key(2)).seen, Seen::New);  // evicts xid 1 while it runs
  cache.finish(key(1), reply(1));
  BOOST_CHECK_EQUAL(cache.size(), 1u);
  BOOST_CHECK_EQUAL(cache.begin(key(2)).seen, Seen::InProgress);
}

BOOST_AUTO_TEST_CASE(a_cache_of_no_entries_remembers_nothing) {
  DupCache cache(0, 60s);
  BOOST_CHECK_EQUAL(cache.begin(key(1)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.begin(key(1)).seen, Seen::New);
  BOOST_CHECK_EQUAL(cache.size(), 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
