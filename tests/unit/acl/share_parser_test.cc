// Tests of acl/share_parser.h: the native share file format, good files and every kind of
// bad line with its exact message.
#include "acl/share_parser.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "acl/describe.h"
#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

const std::string kFile = "/etc/magma/shares.d/home.share";

struct BadLine {
  std::string line;     // appended as line 3 to a file that is otherwise good
  std::string message;  // expected, after "FILE:3: "
};

struct BadFile {
  std::string text;
  std::string message;  // expected, after "FILE"
};

std::vector<std::string> summaries(const Share& s) {
  std::vector<std::string> out;
  for (const Rule& r : s.rules) out.push_back(std::to_string(r.line) + " " + access_letter(r.access) + " " + r.subpath + " " + r.prefix.to_string());
  return out;
}

const std::vector<BadLine> kBadLines = {
    {"colour = blue", "unknown setting 'colour'"},
    {"name = other", "'name' given twice (first at line 1)"},
    {"path = /elsewhere", "'path' given twice (first at line 2)"},
    {"read-only = maybe", "read-only must be yes or no, not 'maybe'"},
    {"root-squash = YES", "root-squash must be yes or no, not 'YES'"},
    {"anon-uid = -1", "anon-uid must be a number from 0 to 4294967295, not '-1'"},
    {"anon-gid = 4294967296", "anon-gid must be a number from 0 to 4294967295, not '4294967296'"},
    {"anon-uid = 12x", "anon-uid must be a number from 0 to 4294967295, not '12x'"},
    {"read-only =", "missing value for 'read-only'"},
    {"= yes", "missing key before '='"},
    {"just words here", "expected 'key = value' or a rule 'r|w|n SUBPATH ADDRESS...', got 'just words here'"},
    {"x / *", "bad access letter 'x' (r, w or n)"},
    {"allow rw / *", "bad access letter 'rw' (r, w or n)"},
    {"allow W / *", "bad access letter 'W' (r, w or n)"},
    {"r /pub", "a rule needs an access letter, a subpath and at least one address"},
    {"allow r", "a rule needs an access letter, a subpath and at least one address"},
    {"r pub *", "subpath 'pub' is not absolute"},
    {"r /pub/../etc *", "'..' in subpath '/pub/../etc'"},
    {"r /.. *", "'..' in subpath '/..'"},
    {"r /" + std::string(256, 'x') + " *", "bad subpath '/" + std::string(256, 'x') + "': path component of 256 bytes"},
    {"r / 10.0.0.0/33", "prefix length /33 out of range (IPv4: 0 to 32)"},
    {"r / ::/129", "prefix length /129 out of range (IPv6: 0 to 128)"},
    {"r / 10.0.0.0/255.0.255.0", "non-contiguous netmask '255.0.255.0'"},
    {"r / 10.1.1.300", "bad address '10.1.1.300'"},
    {"w / 10.0.0.1 bad_host!", "bad address 'bad_host!'"},
    {"r / unknown.example", "cannot resolve host 'unknown.example': unknown"},
    {"r / nowhere", "cannot resolve host 'nowhere': no address"},
};

std::ostream& operator<<(std::ostream& os, const BadLine& r) { return os << r.line; }

const std::vector<BadFile> kBadFiles = {
    {"name = my share\npath = /\n", ":1: bad share name 'my share' (letters, digits, '.', '_' and '-')"},
    {"name = .hidden\npath = /\n", ":1: bad share name '.hidden' (letters, digits, '.', '_' and '-')"},
    {"name = a/b\npath = /\n", ":1: bad share name 'a/b' (letters, digits, '.', '_' and '-')"},
    {"name = a\npath = home\n", ":2: share path 'home' is not absolute"},
    {"name = a\npath = /home/../etc\n", ":2: '..' in share path '/home/../etc'"},
    {"path = /\nw / *\n", ": missing 'name'"},
    {"name = a\nw / *\n", ": missing 'path'"},
    {"", ": missing 'name'"},
};

std::ostream& operator<<(std::ostream& os, const BadFile& r) { return os << r.text; }

}  // namespace

BOOST_AUTO_TEST_SUITE(share_parser_test)

BOOST_AUTO_TEST_CASE(a_complete_share_file_is_read) {
  const std::string text =
      "# The home directories\n"
      "name = home\n"
      "path = /home/\n"
      "read-only = no\n"
      "root_squash = no\n"
      "anon-uid = 1000\n"
      "anon-gid = 100\n"
      "\n"
      "allow  r\t/   10.0.0.0/8        # the office\n"
      "w /john 10.0.0.5 2001:db8::5\n"
      "n /john/secret *\n"
      "r /pub 192.168.1.0/255.255.255.0 gateway\n";
  auto share = parse_share(text, kFile, test::fake_resolve);
  BOOST_TEST_REQUIRE(share.is_ok(), test::why(share));
  BOOST_TEST(share->name == "home");
  BOOST_TEST(share->path == "/home");
  BOOST_TEST(!share->read_only);
  BOOST_TEST(!share->root_squash);
  BOOST_TEST(share->anon_uid == 1000u);
  BOOST_TEST(share->anon_gid == 100u);
  BOOST_TEST(share->file == kFile);
  BOOST_TEST(share->name_line == 2);
  BOOST_TEST(share->path_line == 3);
  BOOST_TEST(!share->legacy);
  std::vector<std::string> expected = {"9 r / 10.0.0.0/8",        "10 w /john 10.0.0.5",
                                       "10 w /john 2001:db8::5",   "11 n /john/secret *",
                                       "12 r /pub 192.168.1.0/24", "12 r /pub 192.0.2.1"};
  BOOST_TEST(summaries(*share) == expected, boost::test_tools::per_element());
  BOOST_TEST(share->rules[0].text == "allow r / 10.0.0.0/8");
  BOOST_TEST(share->rules[5].address == "gateway");
  BOOST_TEST(share->rules[5].where() == kFile + ":12");
}

BOOST_AUTO_TEST_CASE(options_have_defaults) {
  auto share = parse_share("name = lava\npath = /\nw / *\n", kFile, test::no_resolve);
  BOOST_TEST_REQUIRE(share.is_ok(), test::why(share));
  BOOST_TEST(!share->read_only);
  BOOST_TEST(share->root_squash);
  BOOST_TEST(share->anon_uid == 65534u);
  BOOST_TEST(share->anon_gid == 65534u);
  BOOST_TEST(share->rules.size() == 1u);
}

BOOST_AUTO_TEST_CASE(subpaths_are_normalised) {
  auto share = parse_share("name = a\npath = //data/./x\nr //pub/./docs/ *\nr /./ ::1\n", kFile, test::no_resolve);
  BOOST_TEST_REQUIRE(share.is_ok(), test::why(share));
  BOOST_TEST(share->path == "/data/x");
  BOOST_TEST(share->rules[0].subpath == "/pub/docs");
  BOOST_TEST(share->rules[1].subpath == "/");
}

BOOST_AUTO_TEST_CASE(a_share_without_rules_is_read) {
  auto share = parse_share("name = closed\npath = /closed\n", kFile, test::no_resolve);
  BOOST_TEST_REQUIRE(share.is_ok(), test::why(share));
  BOOST_TEST(share->rules.empty());
}

BOOST_DATA_TEST_CASE(bad_lines_are_refused_with_file_line_and_reason, test::bdata::make(kBadLines), row) {
  auto share = parse_share("name = home\npath = /home\n" + row.line + "\nw / *\n", kFile, test::fake_resolve);
  BOOST_TEST_REQUIRE(!share.is_ok());
  BOOST_TEST(share.code() == Errc::Invalid);
  BOOST_TEST(share.status().message() == kFile + ":3: " + row.message);
}

BOOST_DATA_TEST_CASE(bad_settings_of_name_and_path_are_refused, test::bdata::make(kBadFiles), row) {
  auto share = parse_share(row.text, kFile, test::no_resolve);
  BOOST_TEST_REQUIRE(!share.is_ok());
  BOOST_TEST(share.status().message() == kFile + row.message);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
