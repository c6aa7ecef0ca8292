// Tests of acl/rule_address.h: wildcards, literal networks and host names.
#include "acl/rule_address.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

using test::ip;

std::vector<std::string> spelled(const std::vector<IpPrefix>& prefixes) {
  std::vector<std::string> out;
  for (const auto& p : prefixes) out.push_back(p.to_string());
  return out;
}

struct Good {
  std::string text;
  std::vector<std::string> prefixes;
};

struct Bad {
  std::string text;
  std::string message;
};

const std::vector<Good> kGood = {
    {"*", {"*"}},
    {"all", {"*"}},
    {"10.0.0.0/8", {"10.0.0.0/8"}},
    {"2001:db8::/48", {"2001:db8::/48"}},
    {"twohomed", {"192.0.2.1", "2001:db8::1"}},
    {"gateway", {"192.0.2.1"}},
};

std::ostream& operator<<(std::ostream& os, const Good& r) { return os << r.text; }

const std::vector<Bad> kBad = {
    {"10.0.0.300", "bad address '10.0.0.300'"},
    {"10.0.0.0/40", "prefix length /40 out of range (IPv4: 0 to 32)"},
    {"gateway/24", "bad address 'gateway/24'"},  // a name takes no mask
    {"fe80::zz", "bad address 'fe80::zz'"},
    {"bad_name!", "bad address 'bad_name!'"},
    {"-dash", "bad address '-dash'"},
};

std::ostream& operator<<(std::ostream& os, const Bad& r) { return os << r.text; }

}  // namespace

BOOST_AUTO_TEST_SUITE(rule_address_test)

BOOST_DATA_TEST_CASE(addresses_stand_for_their_networks, test::bdata::make(kGood), row) {
  auto r = parse_rule_address(row.text, test::fake_resolve);
  BOOST_TEST_REQUIRE(r.is_ok(), test::why(r));
  BOOST_TEST(spelled(*r) == row.prefixes, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(bad_addresses_are_refused_without_a_lookup_when_they_look_numeric, test::bdata::make(kBad), row) {
  auto r = parse_rule_address(row.text, test::no_resolve);
  BOOST_TEST_REQUIRE(!r.is_ok());
  BOOST_TEST(r.status().message() == row.message);
}

BOOST_AUTO_TEST_CASE(a_name_without_addresses_is_refused) {
  auto r = parse_rule_address("nowhere", test::fake_resolve);
  BOOST_TEST_REQUIRE(!r.is_ok());
  BOOST_TEST(r.status().message() == "cannot resolve host 'nowhere': no address");
}

BOOST_AUTO_TEST_CASE(localhost_resolves_through_the_system_to_its_loopback_addresses) {
  auto r = parse_rule_address("localhost", resolve_host);
  BOOST_TEST_REQUIRE(r.is_ok(), test::why(r));
  BOOST_TEST(std::any_of(r->begin(), r->end(), [](const IpPrefix& p) { return p.contains(ip("127.0.0.1")); }));
  BOOST_TEST(std::none_of(r->begin(), r->end(), [](const IpPrefix& p) { return p.contains(ip("10.0.0.1")); }));
  for (const auto& p : *r) BOOST_TEST(p.specificity() == 128u);  // each address a single host
}

BOOST_AUTO_TEST_CASE(an_unknown_name_is_refused_with_the_resolver_reason) {
  auto r = resolve_host("no-such-host.invalid");
  BOOST_TEST_REQUIRE(!r.is_ok());
  BOOST_TEST(r.code() == Errc::Invalid);
  BOOST_TEST(r.status().message().rfind("cannot resolve host 'no-such-host.invalid': ", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
