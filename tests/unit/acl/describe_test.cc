// Tests of acl/describe.h: `print acl` and the groups of a share's export.
#include "acl/describe.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "acl/share_loader.h"
#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

using test::ShareDir;

const std::string kHome =
    "name = home\n"
    "path = /home\n"
    "root-squash = no\n"
    "anon-uid = 1000\n"
    "r / 10.0.0.0/255.0.0.0\n"
    "w /john gateway 2001:db8::/64  # ann's laptop and the lab\n"
    "n /secret all\n";

struct Groups {
  std::string rules;
  std::vector<std::string> groups;
};

const std::vector<Groups> kGroups = {
    {"r / 10.0.0.0/8\nw /x 10.0.0.0/8\nn / 10.9.0.0/16\nw /y twohomed\n", {"10.0.0.0/8", "192.0.2.1", "2001:db8::1"}},
    {"r / 10.0.0.0/8\nr /pub *\n", {"*"}},
    {"n / *\n", {}},
    {"", {}},
};

std::ostream& operator<<(std::ostream& os, const Groups& g) { return os << g.rules; }

}  // namespace

BOOST_AUTO_TEST_SUITE(describe_test)

BOOST_AUTO_TEST_CASE(print_acl_lists_every_share_and_rule_in_force) {
  ShareDir dir;
  dir.write("home.share", kHome);
  dir.write("acl.ini", "[/]\n0.0.0.0/0=r\n");
  dir.write("closed.share", "name = closed\npath = /closed\nread-only = yes\n");
  auto acl = load_shares(dir.path(), test::fake_resolve);
  BOOST_TEST_REQUIRE(acl.is_ok(), test::why(acl));
  std::vector<std::string> expected = {
      "shares from DIR",
      "share acl: path /, read-write, root-squash, anon 65534:65534, file DIR/acl.ini (2015 INI form)",
      "  line 2: [/] 0.0.0.0/0=r",
      "share closed: path /closed, read-only, root-squash, anon 65534:65534, file DIR/closed.share",
      "  no rules: no client has access",
      "share home: path /home, read-write, no-root-squash, anon 1000:65534, file DIR/home.share",
      "  line 5: r / 10.0.0.0/255.0.0.0 (10.0.0.0/255.0.0.0 = 10.0.0.0/8)",
      "  line 6: w /john gateway 2001:db8::/64 (gateway = 192.0.2.1)",
      "  line 6: w /john gateway 2001:db8::/64",
      "  line 7: n /secret all",
  };
  for (auto& line : expected) line = dir.expand(line);
  BOOST_TEST(describe(**acl) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(print_acl_says_when_the_builtin_default_is_in_force) {
  auto acl = load_shares("/nonexistent/shares.d", test::no_resolve);
  BOOST_TEST_REQUIRE(acl.is_ok());
  std::vector<std::string> expected = {
      "built-in default: no share files in /nonexistent/shares.d",
      "share lava: path /, read-write, root-squash, anon 65534:65534, built-in",
      "  built-in: w / *",
  };
  BOOST_TEST(describe(**acl) == expected, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(export_groups_are_the_networks_that_may_read, test::bdata::make(kGroups), row) {
  ShareDir dir;
  dir.write("s.share", "name = s\npath = /\n" + row.rules);
  auto acl = load_shares(dir.path(), test::fake_resolve);
  BOOST_TEST_REQUIRE(acl.is_ok(), test::why(acl));
  BOOST_TEST(allowed_groups((*acl)->shares().front()) == row.groups, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
