// Tests of tools/format.h: byte counts at unit boundaries, keys and slices.
#include "tools/format.h"

#include <boost/test/unit_test.hpp>

namespace magma::tools {
namespace {

BOOST_AUTO_TEST_CASE(bytes_for_people) {
  BOOST_TEST(format_bytes(0) == "0 B");
  BOOST_TEST(format_bytes(1023) == "1023 B");
  BOOST_TEST(format_bytes(1024) == "1.00 KiB");
  BOOST_TEST(format_bytes(1536) == "1.50 KiB");
  BOOST_TEST(format_bytes(10 * 1024) == "10.0 KiB");
  BOOST_TEST(format_bytes(500 * 1024) == "500 KiB");
  BOOST_TEST(format_bytes(1023 * 1024) == "1.00 MiB");  // never "1023 KiB"
  BOOST_TEST(format_bytes(3ull << 30) == "3.00 GiB");
  BOOST_TEST(format_bytes(~0ull) == "16.0 EiB");
}

BOOST_AUTO_TEST_CASE(keys_short_and_full) {
  Key k = *Key::from_hex("0123456789abcdef0123456789abcdef01234567");
  BOOST_TEST(key_text(k, false) == "01234567");
  BOOST_TEST(key_text(k, true) == k.hex());
  Slice s{Key::min(), k};
  BOOST_TEST(slice_text(s, false) == "00000000..01234567");
  BOOST_TEST(slice_text(Slice{}, true) == std::string(40, '0') + ".." + std::string(40, 'f'));
}

}  // namespace
}  // namespace magma::tools
