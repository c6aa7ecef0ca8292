// Tests of etc/shares.d/example.share against what magma-acl(5) says of it: the listing of
// `print acl`, the answer of `acl check` and the table of decisions in EXAMPLES.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "acl/describe.h"
#include "acl/explain.h"
#include "acl/share_loader.h"
#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

using test::ip;

// etc/shares.d/example.share of the source tree, found from this file's own path.
std::string example_share() {
  return (std::filesystem::path(__FILE__).parent_path() / "../../../etc/shares.d/example.share").lexically_normal();
}

// The example installed as DIR/home.share, loaded.
std::shared_ptr<const Acl> load_example(const test::ShareDir& dir) {
  std::filesystem::copy_file(example_share(), dir / "home.share");
  auto acl = load_shares(dir.path(), test::fake_resolve);
  BOOST_TEST_REQUIRE(acl.is_ok(), test::why(acl));
  return *acl;
}

// The table of EXAMPLES in magma-acl(5).
struct Case {
  std::string client, path;
  Access access;
  int line;  // 0: no rule
};

const std::vector<Case> kDecisions = {
    {"10.0.0.5", "/home/john/a", Access::Write, 16},
    {"10.0.0.6", "/home/john/a", Access::Read, 15},
    {"10.0.0.5", "/home/john/mail", Access::None, 17},
    {"192.0.2.44", "/home/john", Access::Write, 16},
    {"2001:db8:1::9", "/home/john", Access::Write, 18},
    {"192.0.2.1", "/home", Access::None, 0},
    {"192.0.2.1", "/home/pub/x", Access::Read, 19},
    {"::ffff:10.0.0.7", "/home", Access::Read, 15},
    {"10.0.0.5", "/etc", Access::None, 0},
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.client << " " << c.path; }

}  // namespace

BOOST_AUTO_TEST_SUITE(example_share_test)

BOOST_DATA_TEST_CASE(the_example_decides_as_the_manual_says, test::bdata::make(kDecisions), row) {
  test::ShareDir dir;
  auto acl = load_example(dir);  // the decision points into it
  Decision d = acl->decide(ip(row.client), row.path);
  BOOST_TEST(d.access == row.access);
  BOOST_TEST((d.rule ? d.rule->line : 0) == row.line);
}

BOOST_AUTO_TEST_CASE(print_acl_and_acl_check_show_the_example_as_the_manual_does) {
  test::ShareDir dir;
  auto acl = load_example(dir);
  const std::string file = dir / "home.share";
  std::vector<std::string> listing = {
      "shares from " + dir.path(),
      "share home: path /home, read-write, root-squash, anon 65534:65534, file " + file,
      "  line 15: r / 10.0.0.0/8",
      "  line 16: w /john 10.0.0.5 ann-laptop.example.org",
      "  line 16: w /john 10.0.0.5 ann-laptop.example.org (ann-laptop.example.org = 192.0.2.44)",
      "  line 17: n /john/mail *",
      "  line 18: w / 2001:db8:1::/48",
      "  line 19: allow r /pub *",
  };
  BOOST_TEST(describe(*acl) == listing, boost::test_tools::per_element());
  std::vector<std::string> check = {
      "10.0.0.9 w /home/john: denied, read-only (grant r)",
      "share: home, path /home, subpath /john",
      "rule: " + file + ":15: r / 10.0.0.0/8",
  };
  auto lines = explain_check(*acl, "10.0.0.9", "/home/john", "w");
  BOOST_TEST_REQUIRE(lines.is_ok(), test::why(lines));
  BOOST_TEST(*lines == check, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
