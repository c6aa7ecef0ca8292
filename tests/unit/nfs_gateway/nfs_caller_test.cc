// Tests of nfs_gateway/nfs_caller.h: AUTH_UNIX taken as sent, AUTH_NULL as the anonymous
// user, root squash (uid 0, gid 0 and group 0) on and off.
#include "nfs_gateway/nfs_caller.h"

#include <boost/test/unit_test.hpp>

namespace magma::nfs {
namespace {

rpc::RpcCaller unix_caller(uint32_t uid, uint32_t gid, std::vector<uint32_t> gids) {
  rpc::RpcCaller c;
  c.unix_creds = rpc::UnixCredentials{uid, gid, std::move(gids), "client"};
  return c;
}

acl::Share squashing(bool squash) {
  acl::Share e;
  e.root_squash = squash;
  e.anon_uid = 65534;
  e.anon_gid = 65533;
  return e;
}

BOOST_AUTO_TEST_SUITE(nfs_caller)

BOOST_AUTO_TEST_CASE(auth_unix_is_taken_as_sent) {
  Credentials c = credentials_of(unix_caller(1000, 100, {100, 27, 4}), squashing(true));
  BOOST_TEST(c.uid == 1000u);
  BOOST_TEST(c.gid == 100u);
  BOOST_TEST((c.groups == std::vector<uint32_t>{100, 27, 4}));
}

BOOST_AUTO_TEST_CASE(auth_null_is_the_anonymous_user_squash_or_not) {
  for (bool squash : {true, false}) {
    Credentials c = credentials_of(rpc::RpcCaller{}, squashing(squash));
    BOOST_TEST(c.uid == 65534u);
    BOOST_TEST(c.gid == 65533u);
    BOOST_TEST(c.groups.empty());
  }
}

BOOST_AUTO_TEST_CASE(root_squash_maps_root_and_its_group_to_the_anonymous_user) {
  Credentials c = credentials_of(unix_caller(0, 0, {0, 5}), squashing(true));
  BOOST_TEST(c.uid == 65534u);
  BOOST_TEST(c.gid == 65533u);
  BOOST_TEST((c.groups == std::vector<uint32_t>{65533, 5}));
  // A non-root user of group 0 loses the group too; root with another group keeps it.
  Credentials wheel = credentials_of(unix_caller(1000, 0, {}), squashing(true));
  BOOST_TEST(wheel.uid == 1000u);
  BOOST_TEST(wheel.gid == 65533u);
  Credentials root_staff = credentials_of(unix_caller(0, 50, {}), squashing(true));
  BOOST_TEST(root_staff.uid == 65534u);
  BOOST_TEST(root_staff.gid == 50u);
}

BOOST_AUTO_TEST_CASE(without_root_squash_root_stays_root) {
  Credentials c = credentials_of(unix_caller(0, 0, {0}), squashing(false));
  BOOST_TEST(c.uid == 0u);
  BOOST_TEST(c.gid == 0u);
  BOOST_TEST((c.groups == std::vector<uint32_t>{0}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs
