// Tests of server/console/telnet_output.h.
#include "server/console/telnet_output.h"

#include <boost/test/unit_test.hpp>

namespace magma::server::console {
namespace {

BOOST_AUTO_TEST_SUITE(telnet_output)

BOOST_AUTO_TEST_CASE(newlines_and_iac) {
  BOOST_TEST(to_telnet("") == "");
  BOOST_TEST(to_telnet("a\nb\n") == "a\r\nb\r\n");
  BOOST_TEST(to_telnet("\n\n") == "\r\n\r\n");
  BOOST_TEST(to_telnet("x\xffy") == "x\xff\xffy");
  BOOST_TEST(to_telnet("prompt> ") == "prompt> ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::console
