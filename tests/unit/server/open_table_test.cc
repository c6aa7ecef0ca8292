// Tests of server/open_table: per-session counts and the last-release signal.
#include "server/open_table.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/libmagma/test_print.h"

namespace magma::server {
namespace {

BOOST_AUTO_TEST_SUITE(open_table)

BOOST_AUTO_TEST_CASE(counts_repeated_opens_of_one_session) {
  OpenTable t;
  FlareId id = sha1_key("a");
  t.open(1, id);
  t.open(1, id);
  BOOST_TEST(t.is_open(id));
  BOOST_TEST(!t.release(1, id));
  BOOST_TEST(t.is_open(id));
  BOOST_TEST(t.release(1, id));
  BOOST_TEST(!t.is_open(id));
}

BOOST_AUTO_TEST_CASE(last_release_across_sessions) {
  OpenTable t;
  FlareId id = sha1_key("b");
  t.open(1, id);
  t.open(2, id);
  BOOST_TEST(!t.release(1, id));
  BOOST_TEST(t.is_open(id));
  BOOST_TEST(t.release(2, id));
  BOOST_TEST(!t.is_open(id));
}

BOOST_AUTO_TEST_CASE(release_without_open_changes_nothing) {
  OpenTable t;
  FlareId id = sha1_key("c");
  BOOST_TEST(!t.release(1, id));
  t.open(2, id);
  BOOST_TEST(!t.release(1, id));  // session 1 never held it
  BOOST_TEST(t.is_open(id));
}

BOOST_AUTO_TEST_CASE(end_session_returns_only_fully_closed_flares) {
  OpenTable t;
  FlareId only_mine = sha1_key("d"), shared = sha1_key("e"), other = sha1_key("f");
  t.open(7, only_mine);
  t.open(7, only_mine);
  t.open(7, shared);
  t.open(8, shared);
  t.open(8, other);
  std::vector<FlareId> closed = t.end_session(7);
  BOOST_TEST(closed.size() == 1u);
  BOOST_TEST(closed.at(0) == only_mine);
  BOOST_TEST(!t.is_open(only_mine));
  BOOST_TEST(t.is_open(shared));
  BOOST_TEST(t.end_session(7).empty());
  std::vector<FlareId> rest = t.end_session(8);
  BOOST_TEST(rest.size() == 2u);
  BOOST_TEST(!t.is_open(shared));
  BOOST_TEST(!t.is_open(other));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
