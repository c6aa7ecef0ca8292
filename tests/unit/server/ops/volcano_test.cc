// Tests of server/ops/volcano: Ping, Statfs and VolcanoStatfs.
#include <sys/statvfs.h>

#include <boost/test/unit_test.hpp>

#include "tests/unit/server/ops/lava_ops_fixture.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_volcano, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(ping_names_the_volcano_and_version) {
  PingResponse p = must(call(PingRequest{}));
  BOOST_TEST(p.nickname == "test-volcano");
  BOOST_TEST(p.version == PACKAGE_VERSION);
}

BOOST_AUTO_TEST_CASE(statfs_reports_the_storage) {
  StatfsResponse s = must(call(StatfsRequest{}));
  struct statvfs vfs {};
  BOOST_REQUIRE(::statvfs(dir.path().c_str(), &vfs) == 0);
  BOOST_TEST(s.block_size == 4096u);
  BOOST_TEST(s.name_max == 255u);
  BOOST_TEST(s.blocks == uint64_t(vfs.f_blocks) * vfs.f_frsize / 4096);
  BOOST_TEST(s.blocks_free >= s.blocks_avail);
  BOOST_TEST(s.blocks >= s.blocks_free);
  BOOST_TEST(s.files - s.files_free == 2u);  // "/" and "/.dht"
  file("/one");
  dir_at("/two");
  s = must(call(StatfsRequest{}));
  BOOST_TEST(s.files - s.files_free == 4u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(ops_volcano_across_volcanos, test::LavaOpsFixture)

BOOST_AUTO_TEST_CASE(statfs_sums_the_volcanos) {
  for (int i = 0; i < 6; ++i) file(path_on(i % size(), "/", "f" + std::to_string(i) + "-"));
  StatfsResponse one = must(service(1).handle(CallContext{}, VolcanoStatfsRequest{}));
  from_each_volcano([&] {
    StatfsResponse lava = must(call(StatfsRequest{}));
    // Every volcano of the fixture stores on this machine's one disk.
    BOOST_TEST(lava.blocks == size() * one.blocks);
    BOOST_TEST(lava.blocks_avail <= size() * one.blocks_avail + size() * 256);
    BOOST_TEST(lava.files - lava.files_free == 2u + 6u);  // "/", "/.dht" and the files
    BOOST_TEST(lava.name_max == 255u);
  });
  BOOST_TEST(one.files - one.files_free == 2u);  // two of the files, on volcano 1
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
