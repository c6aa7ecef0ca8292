// Tests of server/console/console_access.h: loopback peers, ACL admission, local-only
// commands.
#include "server/console/console_access.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::server::console {
namespace {

using acl::test::build_ok;
using acl::test::ip;

BOOST_AUTO_TEST_SUITE(console_access)

BOOST_AUTO_TEST_CASE(local_peers) {
  for (std::string local : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "::ffff:127.0.0.1"})
    BOOST_TEST(is_local_peer(ip(local)), local);
  for (std::string remote : {"10.0.0.1", "192.0.2.1", "::", "0.0.0.0", "2001:db8::1", "::ffff:10.0.0.1"})
    BOOST_TEST(!is_local_peer(ip(remote)), remote);
}

BOOST_AUTO_TEST_CASE(admission_follows_the_acl_for_remote_peers) {
  auto acl = build_ok({{"lava.share",
                        "name = lava\npath = /\n"
                        "w / 10.0.0.0/8\n"
                        "r / 192.0.2.7\n"
                        "n / 10.9.0.0/16\n"
                        "w /home 172.16.0.0/12\n"}},
                      "test");
  struct Case {
    std::string peer;
    bool admitted;
  };
  const std::vector<Case> cases = {
      {"127.0.0.1", true},     // local: always
      {"::1", true},           //
      {"10.1.2.3", true},      // w on /
      {"192.0.2.7", true},     // r on / is enough
      {"10.9.1.1", false},     // n on /
      {"172.16.0.1", false},   // rights below / only: no console
      {"203.0.113.5", false},  // no rule
  };
  for (const Case& c : cases) {
    Status s = admit_peer(ip(c.peer), *acl);
    BOOST_TEST(s.is_ok() == c.admitted, c.peer << ": " << s.to_string());
    if (!c.admitted) {
      BOOST_TEST(s.code() == Errc::Access);
      BOOST_TEST(s.message().find(c.peer) != std::string::npos, s.message());
    }
  }
}

BOOST_AUTO_TEST_CASE(builtin_default_admits_everyone) {
  auto open = acl::Acl::builtin_default("no share files");
  BOOST_TEST(admit_peer(ip("203.0.113.5"), *open).is_ok());
}

BOOST_AUTO_TEST_CASE(erase_and_shutdown_only_from_loopback) {
  BOOST_TEST(check_local_command(ip("127.0.0.1"), "erase").is_ok());
  BOOST_TEST(check_local_command(ip("::1"), "shutdown").is_ok());
  Status remote = check_local_command(ip("10.0.0.5"), "shutdown");
  BOOST_TEST(remote.code() == Errc::Access);
  BOOST_TEST(remote.message().find("shutdown") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::console
