// Tests of libmagma/host_port.h: good and bad HOST[:PORT] spellings.
#include "libmagma/host_port.h"

#include <boost/test/unit_test.hpp>

namespace magma {
namespace {

struct Good {
  const char* text;
  const char* host;
  uint16_t port;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(host_port_test)

BOOST_AUTO_TEST_CASE(good_spellings) {
  const Good cases[] = {
      {"wallace", "wallace", 12000},
      {"127.0.0.2:12100", "127.0.0.2", 12100},
      {"h:1", "h", 1},
      {"h:65535", "h", 65535},
      {"[::1]", "::1", 12000},
      {"[::1]:12001", "::1", 12001},
      {"fe80::1", "fe80::1", 12000},
      {"[fe80::2]:12005", "fe80::2", 12005},
  };
  for (const Good& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      Result<Endpoint> ep = parse_host_port(c.text);
      BOOST_TEST_REQUIRE(ep.is_ok());
      BOOST_TEST(ep->host == c.host);
      BOOST_TEST(ep->port == c.port);
    }
  }
}

BOOST_AUTO_TEST_CASE(default_port_is_the_callers) {
  Result<Endpoint> ep = parse_host_port("gromit", 12001);
  BOOST_TEST_REQUIRE(ep.is_ok());
  BOOST_TEST(ep->port == 12001);
}

BOOST_AUTO_TEST_CASE(bad_spellings) {
  for (const char* text : {"", ":12000", "h:", "h:0", "h:65536", "h:12x", "h:-1", "[::1",
                           "[::1]x", "[]:1", "h: 1"}) {
    BOOST_TEST_CONTEXT(text) {
      Result<Endpoint> ep = parse_host_port(text);
      BOOST_TEST_REQUIRE(!ep.is_ok());
      BOOST_TEST((ep.status().code() == Errc::Invalid));
      BOOST_TEST(ep.status().message().find('\n') == std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
