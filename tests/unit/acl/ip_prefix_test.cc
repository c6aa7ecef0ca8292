// Tests of acl/ip_prefix.h: parsing networks, their canonical spelling, and matching.
#include "acl/ip_prefix.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

using test::ip;

struct GoodPrefix {
  std::string text;
  std::string canonical;
  unsigned specificity;
};

struct BadPrefix {
  std::string text;
  std::string message;
};

struct Match {
  std::string prefix;
  std::string client;
  bool contains;
};

const std::vector<GoodPrefix> kGood = {
    {"10.0.0.0/8", "10.0.0.0/8", 104},
    {"10.1.2.3/8", "10.0.0.0/8", 104},  // host bits are cleared
    {"10.0.0.5", "10.0.0.5", 128},
    {"10.0.0.5/32", "10.0.0.5", 128},
    {"0.0.0.0/0", "0.0.0.0/0", 96},
    {"10.0.0.0/7", "10.0.0.0/7", 103},
    {"10.255.255.255/9", "10.128.0.0/9", 105},
    {"192.168.1.0/255.255.255.0", "192.168.1.0/24", 120},
    {"10.0.0.0/255.0.0.0", "10.0.0.0/8", 104},
    {"172.16.0.0/255.240.0.0", "172.16.0.0/12", 108},
    {"10.0.0.1/255.255.255.255", "10.0.0.1", 128},
    {"10.0.0.1/0.0.0.0", "0.0.0.0/0", 96},
    {"::1", "::1", 128},
    {"::1/128", "::1", 128},
    {"::/0", "*", 0},
    {"2001:db8::/32", "2001:db8::/32", 32},
    {"2001:db8:ffff:1::/33", "2001:db8:8000::/33", 33},
    {"2001:DB8:1:2::/64", "2001:db8:1:2::/64", 64},
    {"fe80::/10", "fe80::/10", 10},
    {"::ffff:10.0.0.0/104", "10.0.0.0/8", 104},
    {"::ffff:10.0.0.7", "10.0.0.7", 128},
};

std::ostream& operator<<(std::ostream& os, const GoodPrefix& r) { return os << r.text; }

const std::vector<BadPrefix> kBad = {
    {"10.0.0.0/33", "prefix length /33 out of range (IPv4: 0 to 32)"},
    {"::/129", "prefix length /129 out of range (IPv6: 0 to 128)"},
    {"10.0.0.0/", "bad prefix length '/'"},
    {"10.0.0.0/x", "bad prefix length '/x'"},
    {"10.0.0.0/-1", "bad prefix length '/-1'"},
    {"10.0.0.0/0008", "bad prefix length '/0008'"},
    {"10.0.0.0/8/8", "bad prefix length '/8/8'"},
    {"10.0.0.0/255.0.255.0", "non-contiguous netmask '255.0.255.0'"},
    {"10.0.0.0/0.255.255.255", "non-contiguous netmask '0.255.255.255'"},
    {"10.0.0.0/255.255.255.1", "non-contiguous netmask '255.255.255.1'"},
    {"10.0.0.0/255.255.256.0", "bad netmask '255.255.256.0'"},
    {"10.0.0.0/255.255.0", "bad netmask '255.255.0'"},
    {"2001:db8::/255.255.0.0", "netmask '255.255.0.0' on an IPv6 address (use /N)"},
    {"10.0.0.256", "bad address '10.0.0.256'"},
    {"10.0.0", "bad address '10.0.0'"},
    {"2001:db8:::1", "bad address '2001:db8:::1'"},
    {"fe80::1%eth0", "zone index in 'fe80::1%eth0'"},
    {"", "bad address ''"},
    {"/8", "bad address '/8'"},
};

std::ostream& operator<<(std::ostream& os, const BadPrefix& r) { return os << r.text; }

const std::vector<Match> kMatches = {
    {"10.0.0.0/8", "10.255.1.2", true},
    {"10.0.0.0/8", "11.0.0.1", false},
    {"10.0.0.0/8", "::ffff:10.1.2.3", true},  // a v4-mapped client matches an IPv4 rule
    {"10.0.0.0/8", "::a00:1", false},         // the deprecated v4-compatible form does not
    {"10.0.0.5", "10.0.0.5", true},
    {"10.0.0.5/32", "10.0.0.6", false},
    {"10.0.0.0/7", "11.1.1.1", true},
    {"10.0.0.0/7", "12.0.0.1", false},
    {"192.168.1.0/255.255.255.0", "192.168.1.77", true},
    {"192.168.1.0/255.255.255.0", "192.168.2.1", false},
    {"0.0.0.0/0", "1.2.3.4", true},
    {"0.0.0.0/0", "::ffff:1.2.3.4", true},
    {"0.0.0.0/0", "::1", false},  // /0 of IPv4 is every IPv4 address, not every address
    {"::/0", "::1", true},
    {"::/0", "1.2.3.4", true},
    {"2001:db8::/32", "2001:db8:ffff::1", true},
    {"2001:db8::/32", "2001:db9::", false},
    {"2001:db8:8000::/33", "2001:db8:8000::1", true},
    {"2001:db8:8000::/33", "2001:db8:7fff::1", false},
    {"fe80::/10", "febf::1", true},
    {"fe80::/10", "fec0::1", false},
    {"::1", "::1", true},
    {"::1", "::2", false},
    {"::1", "127.0.0.1", false},
    {"::ffff:10.0.0.0/104", "10.9.9.9", true},
};

std::ostream& operator<<(std::ostream& os, const Match& r) { return os << r.prefix << " ∋ " << r.client; }

}  // namespace

BOOST_AUTO_TEST_SUITE(ip_prefix_test)

BOOST_DATA_TEST_CASE(good_prefixes_parse_to_their_network, test::bdata::make(kGood), row) {
  auto p = parse_ip_prefix(row.text);
  BOOST_TEST_REQUIRE(p.is_ok(), test::why(p));
  BOOST_TEST(p->to_string() == row.canonical);
  BOOST_TEST(p->specificity() == row.specificity);
}

BOOST_DATA_TEST_CASE(bad_prefixes_are_refused_with_their_reason, test::bdata::make(kBad), row) {
  auto p = parse_ip_prefix(row.text);
  BOOST_TEST_REQUIRE(!p.is_ok());
  BOOST_TEST(p.code() == Errc::Invalid);
  BOOST_TEST(p.status().message() == row.message);
}

BOOST_DATA_TEST_CASE(prefixes_contain_the_addresses_of_their_network, test::bdata::make(kMatches), row) {
  auto p = parse_ip_prefix(row.prefix);
  BOOST_TEST_REQUIRE(p.is_ok(), test::why(p));
  BOOST_TEST(p->contains(ip(row.client)) == row.contains);
}

BOOST_AUTO_TEST_CASE(the_default_prefix_is_every_address) {
  IpPrefix any;
  BOOST_TEST(any.to_string() == "*");
  BOOST_TEST(any.specificity() == 0u);
  BOOST_TEST(any.contains(ip("203.0.113.9")));
  BOOST_TEST(any.contains(ip("2001:db8::42")));
}

BOOST_AUTO_TEST_CASE(the_same_network_spelled_differently_is_equal) {
  BOOST_TEST((*parse_ip_prefix("10.0.0.0/8") == *parse_ip_prefix("10.1.2.3/255.0.0.0")));
  BOOST_TEST((*parse_ip_prefix("10.0.0.0/8") == *parse_ip_prefix("::ffff:10.0.0.0/104")));
  BOOST_TEST((*parse_ip_prefix("10.0.0.0/8") != *parse_ip_prefix("10.0.0.0/9")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
