// Tests of acl/explain.h: `magmactl acl check ADDRESS PATH [r|w]`.
#include "acl/explain.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

std::shared_ptr<const Acl> sample_acl() {
  return test::build_ok(
      {{"/d/home.share", "name = home\npath = /home\nr / 10.0.0.0/255.0.0.0\nw /john gateway\nn /secret *\n"},
       {"/d/ro.share", "name = ro\npath = /ro\nread-only = yes\nw / *\n"},
       {"/d/closed.share", "name = closed\npath = /closed\n"}},
      "/d");
}

struct Case {
  std::string client, path, wanted;
  std::vector<std::string> lines;
};

const std::vector<Case> kChecks = {
    {"10.0.0.5", "/home/john", "w",
     {"10.0.0.5 w /home/john: denied, read-only (grant r)", "share: home, path /home, subpath /john",
      "rule: /d/home.share:3: r / 10.0.0.0/255.0.0.0 (10.0.0.0/255.0.0.0 = 10.0.0.0/8)"}},
    {"192.0.2.1", "/home//john/x/", "w",
     {"192.0.2.1 w /home/john/x: allowed (grant w)", "share: home, path /home, subpath /john/x",
      "rule: /d/home.share:4: w /john gateway (gateway = 192.0.2.1)"}},
    {"10.0.0.5", "/home/secret", "r",
     {"10.0.0.5 r /home/secret: denied (grant n)", "share: home, path /home, subpath /secret",
      "rule: /d/home.share:5: n /secret *"}},
    {"2001:db8::9", "/home", "r",
     {"2001:db8::9 r /home: denied (grant n)", "share: home, path /home, subpath /",
      "rule: none matches in share home"}},
    {"::ffff:10.0.0.5", "/home", "r",
     {"::ffff:10.0.0.5 r /home: allowed (grant r)", "share: home, path /home, subpath /",
      "rule: /d/home.share:3: r / 10.0.0.0/255.0.0.0 (10.0.0.0/255.0.0.0 = 10.0.0.0/8)"}},
    {"10.0.0.5", "/ro/a", "w",
     {"10.0.0.5 w /ro/a: denied, read-only (grant r)", "share: ro, path /ro, subpath /a",
      "rule: /d/ro.share:4: w / *, capped at r: read-only share"}},
    {"10.0.0.5", "/closed/x", "",
     {"10.0.0.5 /closed/x: grant n", "share: closed, path /closed, subpath /x", "rule: none matches in share closed"}},
    {"10.0.0.5", "/etc/../etc/passwd", "r",
     {"10.0.0.5 r /etc/passwd: denied (grant n)", "share: none contains /etc/passwd", "rule: none"}},
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.client << " " << c.path << " " << c.wanted; }

struct BadWords {
  std::string client, path, wanted;
  std::string message;
};

const std::vector<BadWords> kBadWords = {
    {"10.0.0", "/home", "r", "bad client address '10.0.0'"},
    {"gateway", "/home", "r", "bad client address 'gateway'"},
    {"10.0.0.5", "home", "r", "path is not absolute"},
    {"10.0.0.5", "/home", "n", "wanted access must be r or w, not 'n'"},
    {"10.0.0.5", "/home", "rw", "wanted access must be r or w, not 'rw'"},
};

std::ostream& operator<<(std::ostream& os, const BadWords& b) { return os << b.message; }

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_test)

BOOST_DATA_TEST_CASE(acl_check_prints_the_verdict_the_share_and_the_rule, test::bdata::make(kChecks), row) {
  auto lines = explain_check(*sample_acl(), row.client, row.path, row.wanted);
  BOOST_TEST_REQUIRE(lines.is_ok(), test::why(lines));
  BOOST_TEST(*lines == row.lines, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(acl_check_refuses_bad_words, test::bdata::make(kBadWords), row) {
  auto lines = explain_check(*sample_acl(), row.client, row.path, row.wanted);
  BOOST_TEST_REQUIRE(!lines.is_ok());
  BOOST_TEST(lines.code() == Errc::Invalid);
  BOOST_TEST(lines.status().message() == row.message);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
