// Tests of acl/acl.h: the decision rule over overlapping subpaths, nested shares, IPv4,
// IPv6 and v4-mapped clients, read-only shares, and the built-in default.
#include "acl/acl.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

using test::ip;

// Line numbers matter: the expected deciding rule is given by its line.
const std::string kLava =
    "name = lava\n"                           // 1
    "path = /\n"                              // 2
    "w / 127.0.0.1\n"                         // 3
    "r / 10.0.0.0/8\n"                        // 4
    "r /home 10.0.0.0/8\n"                    // 5
    "n /home 10.0.0.66\n"                     // 6
    "w /home/john 10.0.0.5\n"                 // 7
    "n /secret *\n"                           // 8
    "r /pub *\n"                              // 9
    "w /v6 2001:db8::/32\n"                   // 10
    "r /v6 2001:db8:1::/48\n"                 // 11
    "w /v6 2001:db8:1:2::5\n"                 // 12
    "w /all 0.0.0.0/0\n"                      // 13
    "r /all ::/0\n"                           // 14
    "r /net 192.168.1.0/255.255.255.0\n"      // 15
    "w /net 192.168.1.128/25\n"               // 16
    "w /host 192.0.2.1\n"                     // 17
    "w /host gateway\n";                      // 18: the same network, same letter
const std::string kReadOnly = "name = ro\npath = /readonly\nread-only = yes\nw / *\n";
const std::string kProjects = "name = projects\npath = /home/projects\nw / 10.0.0.0/8\n";
const std::string kClosed = "name = closed\npath = /closed\n";

std::shared_ptr<const Acl> sample_acl() {
  return test::build_ok({{"lava.share", kLava}, {"ro.share", kReadOnly}, {"projects.share", kProjects},
                         {"closed.share", kClosed}},
                        "/etc/magma/shares.d");
}

struct Case {
  std::string client;
  std::string path;
  Access access;
  std::string share;  // "" when no share contains the path
  int line;           // the deciding rule's line; 0 when no rule matched
};

struct NamedCase {
  std::string share, client, subpath;
  Case expected;
};

void check(const Decision& d, const Case& c) {
  BOOST_TEST(d.access == c.access);
  BOOST_TEST((d.share ? d.share->name : std::string()) == c.share);
  BOOST_TEST((d.rule ? d.rule->line : 0) == c.line);
}

const std::vector<Case> kDecisions = {
    {"127.0.0.1", "/", Access::Write, "lava", 3},
    {"127.0.0.1", "/anything/below", Access::Write, "lava", 3},
    // /home/john and /home have no rule for 127.0.0.1: the decision falls back to "/".
    {"127.0.0.1", "/home/john/x", Access::Write, "lava", 3},
    {"10.0.0.5", "/home/john", Access::Write, "lava", 7},
    {"10.0.0.5", "/home/john/docs/a.txt", Access::Write, "lava", 7},
    {"10.0.0.5", "/home/johnny", Access::Read, "lava", 5},  // a sibling, not below /home/john
    {"10.0.0.5", "/home", Access::Read, "lava", 5},
    {"10.0.0.5", "/", Access::Read, "lava", 4},
    // A rule for one client on /home/john does not lock the others out of it.
    {"10.0.0.6", "/home/john", Access::Read, "lava", 5},
    // Within /home, 10.0.0.66/32 is more specific than 10.0.0.0/8.
    {"10.0.0.66", "/home/john", Access::None, "lava", 6},
    {"10.0.0.66", "/home", Access::None, "lava", 6},
    {"10.0.0.66", "/", Access::Read, "lava", 4},
    {"192.0.2.9", "/", Access::None, "lava", 0},
    {"192.0.2.9", "/pub/file", Access::Read, "lava", 9},
    // The longer subpath wins over a longer prefix: r /pub * beats w / 127.0.0.1.
    {"127.0.0.1", "/pub", Access::Read, "lava", 9},
    {"127.0.0.1", "/secret", Access::None, "lava", 8},
    {"127.0.0.1", "/secret/deeper", Access::None, "lava", 8},
    {"127.0.0.1", "/secretive", Access::Write, "lava", 3},
    {"2001:db8:1:2::5", "/v6", Access::Write, "lava", 12},
    {"2001:db8:1:2::6", "/v6/x", Access::Read, "lava", 11},
    {"2001:db8:2::1", "/v6", Access::Write, "lava", 10},
    {"2001:db9::1", "/v6", Access::None, "lava", 0},
    // v4-mapped clients (an IPv6 socket's view of IPv4) match the IPv4 rules.
    {"::ffff:10.0.0.5", "/home/john", Access::Write, "lava", 7},
    {"::ffff:127.0.0.1", "/", Access::Write, "lava", 3},
    {"::1", "/", Access::None, "lava", 0},
    // 0.0.0.0/0 (every IPv4 address) is more specific than ::/0 (every address).
    {"203.0.113.1", "/all", Access::Write, "lava", 13},
    {"::ffff:203.0.113.1", "/all", Access::Write, "lava", 13},
    {"2001:db8::1", "/all", Access::Read, "lava", 14},
    {"192.168.1.10", "/net", Access::Read, "lava", 15},
    {"192.168.1.200", "/net", Access::Write, "lava", 16},
    {"192.168.2.1", "/net", Access::None, "lava", 0},
    // The same network twice with the same letter: the earlier line is the one reported.
    {"192.0.2.1", "/host", Access::Write, "lava", 17},
    // A read-only share caps w at r.
    {"10.0.0.5", "/readonly", Access::Read, "ro", 4},
    {"2001:db8::7", "/readonly/x/y", Access::Read, "ro", 4},
    // A nested share decides its own subtree, whatever the enclosing share says.
    {"10.0.0.5", "/home/projects", Access::Write, "projects", 3},
    {"10.0.0.66", "/home/projects/a", Access::Write, "projects", 3},
    {"127.0.0.1", "/home/projects/a", Access::None, "projects", 0},
    {"10.0.0.5", "/home/projectsX", Access::Read, "lava", 5},
    {"127.0.0.1", "/closed", Access::None, "closed", 0},
    // Paths that are not normalised get nothing, rather than the rules of a wrong subpath.
    {"127.0.0.1", "/secret/../pub", Access::None, "", 0},
    {"127.0.0.1", "/home//john", Access::None, "", 0},
    {"127.0.0.1", "/home/", Access::None, "", 0},
    {"127.0.0.1", "/./home", Access::None, "", 0},
    {"127.0.0.1", "home", Access::None, "", 0},
    {"127.0.0.1", "", Access::None, "", 0},
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.client << " " << c.path; }

const std::vector<NamedCase> kNamed = {
    {"projects", "10.0.0.5", "/", {"", "", Access::Write, "projects", 3}},
    {"lava", "10.0.0.5", "/home/john", {"", "", Access::Write, "lava", 7}},
    {"lava", "10.0.0.5", "/home/projects/a", {"", "", Access::Write, "projects", 3}},
    {"ro", "10.0.0.5", "/x", {"", "", Access::Read, "ro", 4}},
    {"ro", "10.0.0.5", "//x/./", {"", "", Access::Read, "ro", 4}},
    {"closed", "10.0.0.5", "/", {"", "", Access::None, "closed", 0}},
};

std::ostream& operator<<(std::ostream& os, const NamedCase& c) { return os << c.share << " " << c.subpath; }

}  // namespace

BOOST_AUTO_TEST_SUITE(acl_test)

BOOST_DATA_TEST_CASE(decisions_follow_the_longest_subpath_then_the_longest_prefix, test::bdata::make(kDecisions), row) {
  auto acl = sample_acl();  // the decision points into it
  check(acl->decide(ip(row.client), row.path), row);
}

BOOST_AUTO_TEST_CASE(a_path_outside_every_share_gets_nothing) {
  auto acl = test::build_ok({{"projects.share", kProjects}}, "dir");
  check(acl->decide(ip("10.0.0.5"), "/etc"), {"", "", Access::None, "", 0});
  check(acl->decide(ip("10.0.0.5"), "/home"), {"", "", Access::None, "", 0});
  check(acl->decide(ip("10.0.0.5"), "/home/projects/x"), {"", "", Access::Write, "projects", 3});
}

BOOST_DATA_TEST_CASE(deciding_within_a_named_share_uses_its_root, test::bdata::make(kNamed), row) {
  auto acl = sample_acl();  // the decision points into it
  auto d = acl->decide_in_share(row.share, ip(row.client), row.subpath);
  BOOST_TEST_REQUIRE(d.is_ok(), test::why(d));
  check(*d, row.expected);
}

BOOST_AUTO_TEST_CASE(deciding_within_a_share_that_does_not_exist_or_a_bad_subpath_fails) {
  auto acl = sample_acl();
  auto unknown = acl->decide_in_share("nope", ip("10.0.0.5"), "/");
  BOOST_TEST(unknown.code() == Errc::NotFound);
  BOOST_TEST(unknown.status().message() == "no share named 'nope'");
  auto relative = acl->decide_in_share("lava", ip("10.0.0.5"), "home");
  BOOST_TEST(relative.code() == Errc::Invalid);
  BOOST_TEST(relative.status().message() == "subpath 'home' is not absolute");
  auto dotdot = acl->decide_in_share("projects", ip("10.0.0.5"), "/../secret");
  BOOST_TEST(dotdot.status().message() == "'..' in subpath '/../secret'");
}

BOOST_AUTO_TEST_CASE(shares_are_found_by_name_and_listed_by_name) {
  auto acl = sample_acl();
  BOOST_TEST_REQUIRE(acl->find_share("projects"));
  BOOST_TEST(acl->find_share("projects")->path == "/home/projects");
  BOOST_TEST(!acl->find_share("project"));
  std::vector<std::string> names;
  for (const auto& s : acl->shares()) names.push_back(s.name);
  BOOST_TEST(names == (std::vector<std::string>{"closed", "lava", "projects", "ro"}), boost::test_tools::per_element());
  BOOST_TEST(acl->source() == "/etc/magma/shares.d");
  BOOST_TEST(!acl->is_builtin_default());
}

BOOST_AUTO_TEST_CASE(the_builtin_default_lets_every_address_write_everywhere) {
  auto acl = Acl::builtin_default("no share files in /nowhere");
  BOOST_TEST(acl->is_builtin_default());
  BOOST_TEST(acl->source() == "no share files in /nowhere");
  for (const char* client : {"127.0.0.1", "203.0.113.7", "2001:db8::1", "::ffff:10.0.0.1"}) {
    Decision d = acl->decide(ip(client), "/some/path");
    BOOST_TEST(d.access == Access::Write);
    BOOST_TEST_REQUIRE(d.share);
    BOOST_TEST(d.share->name == "lava");
    BOOST_TEST_REQUIRE(d.rule);
    BOOST_TEST(d.rule->where() == "built-in");
  }
}

BOOST_AUTO_TEST_CASE(many_threads_decide_alike_on_one_acl) {
  auto acl = sample_acl();
  const std::vector<std::pair<std::string, std::string>> probes = {
      {"10.0.0.5", "/home/john"}, {"10.0.0.66", "/home"}, {"2001:db8:1:2::6", "/v6/x"}, {"127.0.0.1", "/pub"}};
  std::vector<Access> serial;
  for (const auto& [client, path] : probes) serial.push_back(acl->decide(ip(client), path).access);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) {
        size_t p = static_cast<size_t>(i) % probes.size();
        if (acl->decide(ip(probes[p].first), probes[p].second).access != serial[p]) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(mismatches == (std::vector<int>{0, 0, 0, 0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
