// Tests of server/console/listing.h: ls lines.
#include "server/console/listing.h"

#include <boost/test/unit_test.hpp>

namespace magma::server::console {
namespace {

FlareAttr attr(FlareType type, uint32_t mode, uint32_t uid = 0, uint32_t gid = 0, uint64_t size = 0) {
  FlareAttr a;
  a.type = type;
  a.mode = mode;
  a.uid = uid;
  a.gid = gid;
  a.size = size;
  return a;
}

BOOST_AUTO_TEST_SUITE(listing)

BOOST_AUTO_TEST_CASE(lines) {
  BOOST_TEST(listing_line(attr(FlareType::Regular, 0644, 1000, 100, 12), "notes.txt") ==
             "-rw-r--r--   1000    100         12 notes.txt\n");
  BOOST_TEST(listing_line(attr(FlareType::Symlink, 0777, 0, 0, 9), "link", "notes.txt") ==
             "lrwxrwxrwx      0      0          9 link -> notes.txt\n");
  BOOST_TEST(listing_line(attr(FlareType::Directory, 0755, 4294967294u, 0, 12345678901ull), "my dir") ==
             "drwxr-xr-x 4294967294      0 12345678901 my dir\n");
  BOOST_TEST(listing_total(0) == " -- total entries: 0\n");
  BOOST_TEST(listing_total(42) == " -- total entries: 42\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::console
