// Tests of acl/legacy_ini_parser.h: the 2015 INI form, accepted as-is.
#include "acl/legacy_ini_parser.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

const std::string kFile = "/etc/magma/shares.d/acl.ini";

struct BadLine {
  std::string text;
  std::string message;  // after "FILE:"
};

const std::vector<BadLine> kBadLines = {
    {"127.0.0.1/32=w\n", ":1: '127.0.0.1/32=w' is outside any [/path] group"},
    {"[/]\n127.0.0.1/32\n", ":2: expected 'ADDRESS=r|w|n' or '[/path]', got '127.0.0.1/32'"},
    {"[/]\n127.0.0.1/32=x\n", ":2: bad access letter 'x' (r, w or n)"},
    {"[/]\n127.0.0.1/32=\n", ":2: bad access letter '' (r, w or n)"},
    {"[/]\n127.0.0.1/32=rw\n", ":2: bad access letter 'rw' (r, w or n)"},
    {"[/]\n=w\n", ":2: missing address before '='"},
    {"[/]\n127.0.0.1/33=w\n", ":2: prefix length /33 out of range (IPv4: 0 to 32)"},
    {"[/]\n10.0.0.0/255.255.0.255=w\n", ":2: non-contiguous netmask '255.255.0.255'"},
    {"[/]\n10.0.0.0 / 8=w\n", ":2: bad address '10.0.0.0 / 8'"},
    {"[home]\n", ":1: group path 'home' is not absolute"},
    {"[/home/../etc]\n", ":1: '..' in group path '/home/../etc'"},
    {"[/home\n", ":1: expected '[/path]', got '[/home'"},
    {"[/]\n[/x\n", ":2: expected '[/path]', got '[/x'"},
};

std::ostream& operator<<(std::ostream& os, const BadLine& r) { return os << r.text; }

}  // namespace

BOOST_AUTO_TEST_SUITE(legacy_ini_parser_test)

BOOST_AUTO_TEST_CASE(the_2015_form_is_detected_by_its_first_line) {
  BOOST_TEST(is_legacy_ini("# comment\n\n[/]\n127.0.0.1/32=w\n"));
  BOOST_TEST(is_legacy_ini("  [/home]\n"));
  BOOST_TEST(!is_legacy_ini("name = a\n[/]\n"));
  BOOST_TEST(!is_legacy_ini("# only comments\n"));
  BOOST_TEST(!is_legacy_ini(""));
}

BOOST_AUTO_TEST_CASE(groups_become_subpaths_of_a_share_on_the_whole_lava) {
  const std::string text =
      "# Magma ACL\n"
      "[/]\n"
      "127.0.0.1/32=w\n"
      "0.0.0.0/0=r\n"
      "\n"
      "[ /home/ ]\n"
      "192.168.0.0/16 = w\n"
      "10.0.0.0/255.0.0.0=n\n"
      "2001:db8::/32=r\n"
      "[/]\n"
      "gateway=n\n";
  auto share = parse_legacy_ini(text, kFile, "acl", test::fake_resolve);
  BOOST_TEST_REQUIRE(share.is_ok(), test::why(share));
  BOOST_TEST(share->name == "acl");
  BOOST_TEST(share->path == "/");
  BOOST_TEST(share->legacy);
  BOOST_TEST(share->root_squash);
  BOOST_TEST(!share->read_only);
  struct Expected {
    int line;
    Access access;
    std::string subpath, prefix, text;
  };
  const std::vector<Expected> expected = {
      {3, Access::Write, "/", "127.0.0.1", "[/] 127.0.0.1/32=w"},
      {4, Access::Read, "/", "0.0.0.0/0", "[/] 0.0.0.0/0=r"},
      {7, Access::Write, "/home", "192.168.0.0/16", "[/home] 192.168.0.0/16 = w"},
      {8, Access::None, "/home", "10.0.0.0/8", "[/home] 10.0.0.0/255.0.0.0=n"},
      {9, Access::Read, "/home", "2001:db8::/32", "[/home] 2001:db8::/32=r"},
      {11, Access::None, "/", "192.0.2.1", "[/] gateway=n"},  // a group given again adds to it
  };
  BOOST_TEST_REQUIRE(share->rules.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    BOOST_TEST_CONTEXT("rule " << i) {
      const Rule& r = share->rules[i];
      BOOST_TEST(r.line == expected[i].line);
      BOOST_TEST(r.access == expected[i].access);
      BOOST_TEST(r.subpath == expected[i].subpath);
      BOOST_TEST(r.prefix.to_string() == expected[i].prefix);
      BOOST_TEST(r.text == expected[i].text);
      BOOST_TEST(r.file == kFile);
    }
  }
}

BOOST_DATA_TEST_CASE(bad_lines_of_the_2015_form_are_refused_with_file_line_and_reason, test::bdata::make(kBadLines), row) {
  auto share = parse_legacy_ini(row.text, kFile, "acl", test::fake_resolve);
  BOOST_TEST_REQUIRE(!share.is_ok());
  BOOST_TEST(share.code() == Errc::Invalid);
  BOOST_TEST(share.status().message() == kFile + row.message);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
