// Tests of credential decoding: AUTH_NONE, AUTH_UNIX good and bad, other flavors.
#include "nfs_gateway/rpc/credentials.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/rpc/rpc_test_client.h"

namespace magma::nfs::rpc {
namespace {

using test::AuthUnix;
using test::XdrWriter;
using Decoded = std::variant<std::optional<UnixCredentials>, auth_stat>;

auth_stat refusal(const Decoded& d) {
  BOOST_REQUIRE(std::holds_alternative<auth_stat>(d));
  return std::get<auth_stat>(d);
}

BOOST_AUTO_TEST_SUITE(credentials)

BOOST_AUTO_TEST_CASE(auth_none_carries_no_credentials) {
  Bytes body;
  Decoded d = decode_credentials(AUTH_NONE, body);
  BOOST_REQUIRE(std::holds_alternative<std::optional<UnixCredentials>>(d));
  BOOST_CHECK(!std::get<std::optional<UnixCredentials>>(d));
}

BOOST_AUTO_TEST_CASE(auth_unix_gives_uid_gid_groups_and_machine) {
  AuthUnix a;
  a.uid = 4242;
  a.gid = 77;
  a.gids = std::vector<uint32_t>(16, 5);
  a.gids[15] = 99;
  a.machine = std::string(255, 'm');
  Bytes body = a.encode();
  Decoded d = decode_credentials(AUTH_UNIX, body);
  BOOST_REQUIRE(std::holds_alternative<std::optional<UnixCredentials>>(d));
  const auto& creds = std::get<std::optional<UnixCredentials>>(d);
  BOOST_REQUIRE(creds);
  BOOST_CHECK_EQUAL(creds->uid, 4242u);
  BOOST_CHECK_EQUAL(creds->gid, 77u);
  BOOST_CHECK_EQUAL_COLLECTIONS(creds->gids.begin(), creds->gids.end(), a.gids.begin(), a.gids.end());
  BOOST_CHECK_EQUAL(creds->machine, a.machine);
}

BOOST_AUTO_TEST_CASE(bad_auth_unix_bodies_are_bad_credentials) {
  AuthUnix too_many_groups;
  too_many_groups.gids = std::vector<uint32_t>(17, 1);
  AuthUnix long_name;
  long_name.machine = std::string(256, 'x');
  Bytes good = AuthUnix().encode();
  Bytes trailing = good;
  trailing.insert(trailing.end(), {0, 0, 0, 0});
  Bytes name_past_end = XdrWriter().word(1).word(1000).take();
  const std::vector<std::pair<const char*, Bytes>> cases = {
      {"empty", {}},
      {"17 groups", too_many_groups.encode()},
      {"a 256-byte machine name", long_name.encode()},
      {"trailing bytes", trailing},
      {"cut short", Bytes(good.begin(), good.end() - 4)},
      {"a name longer than the body", name_past_end},
  };
  for (const auto& [what, body] : cases) {
    BOOST_TEST_CONTEXT(what) {
      Bytes b = body;
      BOOST_CHECK_EQUAL(refusal(decode_credentials(AUTH_UNIX, b)), AUTH_BADCRED);
    }
  }
}

BOOST_AUTO_TEST_CASE(other_flavors_are_rejected) {
  Bytes body = AuthUnix().encode();
  for (uint32_t flavor : {2u /* AUTH_SHORT */, 3u /* AUTH_DES */, 6u /* RPCSEC_GSS */, 0xffffffffu}) {
    BOOST_TEST_CONTEXT("flavor " << flavor) {
      BOOST_CHECK_EQUAL(refusal(decode_credentials(flavor, body)), AUTH_REJECTEDCRED);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
