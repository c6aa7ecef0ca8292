// Tests of acl/rule_line.h: paths in share files, and rule lines into Rules.
#include "acl/rule_line.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {

BOOST_AUTO_TEST_SUITE(rule_line_test)

BOOST_AUTO_TEST_CASE(share_paths_are_absolute_normalised_and_without_dotdot) {
  const std::vector<std::pair<std::string, std::string>> good = {
      {"/", "/"}, {"//a//b/", "/a/b"}, {"/a/./b", "/a/b"}, {"/a/..b", "/a/..b"}, {"/...", "/..."}};
  for (const auto& [text, normal] : good) {
    auto p = parse_share_path(text, "subpath");
    BOOST_TEST_REQUIRE(p.is_ok(), text);
    BOOST_TEST(*p == normal);
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "subpath '' is not absolute"},
      {"a/b", "subpath 'a/b' is not absolute"},
      {"/a/..", "'..' in subpath '/a/..'"},
      {"/../a", "'..' in subpath '/../a'"},
      {"/a/../b/", "'..' in subpath '/a/../b/'"},
  };
  for (const auto& [text, message] : bad) BOOST_TEST(parse_share_path(text, "subpath").status().message() == message);
}

BOOST_AUTO_TEST_CASE(a_rule_line_adds_one_rule_per_network_or_none_at_all) {
  std::vector<Rule> rules;
  const RuleSource source{"f.share", 4, "w /x 10.0.0.1 twohomed"};
  BOOST_TEST_REQUIRE(add_rules("w", "/x", {"10.0.0.1", "twohomed"}, source, test::fake_resolve, rules).is_ok());
  BOOST_TEST_REQUIRE(rules.size() == 3u);
  BOOST_TEST(rules[2].prefix.to_string() == "2001:db8::1");
  BOOST_TEST(rules[2].address == "twohomed");
  BOOST_TEST(rules[2].text == "w /x 10.0.0.1 twohomed");
  BOOST_TEST(rules[2].where() == "f.share:4");
  // A bad address after a good one: the good one is not added either.
  Status s = add_rules("r", "/y", {"10.0.0.2", "10.0.0.999"}, {"f.share", 5, "r /y ..."}, test::fake_resolve, rules);
  BOOST_TEST(s.message() == "f.share:5: bad address '10.0.0.999'");
  BOOST_TEST(rules.size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
