// Tests of acl/access.h: letters, names and what a grant allows.
#include "acl/access.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {

BOOST_AUTO_TEST_SUITE(access_test)

BOOST_AUTO_TEST_CASE(letters_parse_and_print_both_ways) {
  for (Access a : {Access::None, Access::Read, Access::Write}) {
    auto parsed = parse_access(std::string(1, access_letter(a)));
    BOOST_TEST_REQUIRE(parsed.is_ok());
    BOOST_TEST(*parsed == a);
  }
  BOOST_TEST(access_letter(Access::Write) == 'w');
  BOOST_TEST(std::string(access_name(Access::Read)) == "read-only");
  BOOST_TEST(std::string(access_name(Access::Write)) == "read-write");
  BOOST_TEST(parse_access("R").status().message() == "bad access letter 'R' (r, w or n)");
  BOOST_TEST(parse_access("").status().message() == "bad access letter '' (r, w or n)");
}

BOOST_AUTO_TEST_CASE(write_implies_read_and_nothing_implies_write) {
  BOOST_TEST(allows(Access::Write, Access::Read));
  BOOST_TEST(allows(Access::Write, Access::Write));
  BOOST_TEST(allows(Access::Read, Access::Read));
  BOOST_TEST(!allows(Access::Read, Access::Write));
  BOOST_TEST(!allows(Access::None, Access::Read));
  BOOST_TEST(allows(Access::None, Access::None));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
