// Tests of the SyncStorage node op (server/lava/sync_storage.cc): it syncs a volcano's
// storage, and says so when it cannot.
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

BOOST_FIXTURE_TEST_SUITE(sync_storage, GrowingLava)

BOOST_AUTO_TEST_CASE(syncs_a_live_volcano) {
  BOOST_REQUIRE(client.put("/f", "some bytes").is_ok());
  BOOST_TEST(lava.service(0).handle(CallContext{}, SyncStorageRequest{}).is_ok());
}

BOOST_AUTO_TEST_CASE(fails_when_the_storage_directory_is_gone) {
  std::string dir = lava.storage_dir(0), away = dir + ".away";
  BOOST_REQUIRE(std::rename(dir.c_str(), away.c_str()) == 0);
  auto synced = lava.service(0).handle(CallContext{}, SyncStorageRequest{});
  BOOST_REQUIRE(std::rename(away.c_str(), dir.c_str()) == 0);
  BOOST_TEST(synced.code() == Errc::NotFound, (synced ? "ok" : synced.status().to_string()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
