// Tests of libmagma/key.h: SHA1 keys, their hex form, slices and key arithmetic.
#include "libmagma/key.h"

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

// A 161-bit number (a key sum with its carry), most significant byte first.
using Wide = std::array<uint8_t, Key::kSize + 1>;

Wide widen(const Key& k) {
  Wide w{};
  std::copy(k.bytes.begin(), k.bytes.end(), w.begin() + 1);
  return w;
}

Wide wide_add(const Wide& a, const Wide& b) {
  Wide sum{};
  unsigned carry = 0;
  for (int i = static_cast<int>(sum.size()) - 1; i >= 0; --i) {
    unsigned s = unsigned(a[i]) + unsigned(b[i]) + carry;
    sum[i] = static_cast<uint8_t>(s);
    carry = s >> 8;
  }
  return sum;
}

Key key_from_hex(const std::string& hex) {
  auto k = Key::from_hex(hex);
  BOOST_TEST_REQUIRE(k.has_value(), "bad test key " << hex);
  return *k;
}

Key random_key(std::mt19937_64& rng) {
  Key k;
  for (auto& b : k.bytes) b = static_cast<uint8_t>(rng());
  return k;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(key_test)

BOOST_AUTO_TEST_CASE(sha1_of_known_strings) {
  BOOST_TEST(sha1_key("/").hex() == "42099b4af021e53fd8fd4e056c2568d7c2e3ffa8");
  BOOST_TEST(sha1_key("").hex() == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  BOOST_TEST(sha1_key("abc").hex() == "a9993e364706816aba3e25717850c26c9cd0d89d");
  std::string abc = "abc";
  BOOST_TEST(sha1_of(abc.data(), abc.size()) == sha1_key(abc));
  BOOST_TEST(sha1_key("/a") != sha1_key("/b"));
}

BOOST_AUTO_TEST_CASE(hex_round_trip) {
  std::mt19937_64 rng(42);
  std::vector<Key> keys = {Key::min(), Key::max(), sha1_key("/")};
  for (int i = 0; i < 100; ++i) keys.push_back(random_key(rng));
  for (const Key& k : keys) {
    std::string hex = k.hex();
    BOOST_TEST(hex.size() == 40u);
    BOOST_TEST(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
    auto back = Key::from_hex(hex);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(*back == k);
  }
  BOOST_TEST(Key::min().hex() == std::string(40, '0'));
  BOOST_TEST(Key::max().hex() == std::string(40, 'f'));
}

BOOST_AUTO_TEST_CASE(from_hex_accepts_upper_case) {
  auto upper = Key::from_hex("42099B4AF021E53FD8FD4E056C2568D7C2E3FFA8");
  BOOST_TEST_REQUIRE(upper.has_value());
  BOOST_TEST(*upper == sha1_key("/"));
}

BOOST_AUTO_TEST_CASE(from_hex_rejects_bad_input) {
  const std::string good = "42099b4af021e53fd8fd4e056c2568d7c2e3ffa8";
  const std::vector<std::string> bad = {
      "",
      good.substr(0, 39),
      good + "0",
      good.substr(0, 38),
      "g" + good.substr(1),
      good.substr(0, 39) + "z",
      " " + good.substr(1),
      "0x" + good.substr(2),
      good.substr(0, 20) + std::string(1, '\0') + good.substr(21),
      good.substr(0, 20) + "-" + good.substr(21),
  };
  for (const auto& s : bad) BOOST_TEST(!Key::from_hex(s).has_value(), "accepted '" << s << "'");
}

BOOST_AUTO_TEST_CASE(keys_compare_as_big_endian_numbers) {
  Key high_byte, low_byte;
  high_byte.bytes[0] = 1;
  low_byte.bytes[Key::kSize - 1] = 0xff;
  BOOST_TEST(low_byte < high_byte);
  BOOST_TEST(Key::min() < low_byte);
  BOOST_TEST(high_byte < Key::max());
}

BOOST_AUTO_TEST_CASE(default_slice_is_the_whole_ring) {
  Slice ring;
  BOOST_TEST(ring.contains(Key::min()));
  BOOST_TEST(ring.contains(Key::max()));
  BOOST_TEST(ring.contains(sha1_key("/")));
}

BOOST_AUTO_TEST_CASE(slice_contains_is_inclusive) {
  Key start = key_from_hex("1000000000000000000000000000000000000000");
  Key stop = key_from_hex("2000000000000000000000000000000000000000");
  Slice s{start, stop};
  BOOST_TEST(s.contains(start));
  BOOST_TEST(s.contains(stop));
  BOOST_TEST(s.contains(key_from_hex("1fffffffffffffffffffffffffffffffffffffff")));
  BOOST_TEST(!s.contains(key_from_hex("0fffffffffffffffffffffffffffffffffffffff")));
  BOOST_TEST(!s.contains(key_from_hex("2000000000000000000000000000000000000001")));
  BOOST_TEST(!s.contains(Key::min()));
  BOOST_TEST(!s.contains(Key::max()));
}

BOOST_AUTO_TEST_CASE(midpoint_of_known_slices) {
  BOOST_TEST(Slice{}.midpoint().hex() == "7fffffffffffffffffffffffffffffffffffffff");
  Key x = key_from_hex("0123456789abcdef0123456789abcdef01234567");
  BOOST_TEST(Slice({x, key_successor(x)}).midpoint() == x);
  BOOST_TEST(Slice({Key::min(), key_from_hex("0000000000000000000000000000000000000002")})
                 .midpoint()
                 .hex() == "0000000000000000000000000000000000000001");
  // start + stop carries out of 160 bits: (2^159 + 2^160 - 1) / 2.
  BOOST_TEST(Slice({key_from_hex("8000000000000000000000000000000000000000"), Key::max()})
                 .midpoint()
                 .hex() == "bfffffffffffffffffffffffffffffffffffffff");
  Key below_max = key_from_hex("fffffffffffffffffffffffffffffffffffffffe");
  BOOST_TEST(Slice({below_max, Key::max()}).midpoint() == below_max);
}

BOOST_AUTO_TEST_CASE(midpoint_splits_random_slices_evenly) {
  std::mt19937_64 rng(7);
  Wide one{};
  one.back() = 1;
  for (int i = 0; i < 1000; ++i) {
    Key a = random_key(rng), b = random_key(rng);
    if (a == b) continue;
    Slice s{std::min(a, b), std::max(a, b)};
    Key mid = s.midpoint();
    BOOST_TEST_REQUIRE(s.start <= mid);
    BOOST_TEST_REQUIRE(mid < s.stop);
    // 2 * mid is start + stop, or one less when the sum is odd.
    Wide twice = wide_add(widen(mid), widen(mid));
    Wide sum = wide_add(widen(s.start), widen(s.stop));
    BOOST_TEST_REQUIRE((twice == sum || wide_add(twice, one) == sum));
  }
}

BOOST_AUTO_TEST_CASE(key_successor_carries_and_wraps) {
  BOOST_TEST(key_successor(Key::min()).hex() == "0000000000000000000000000000000000000001");
  BOOST_TEST(key_successor(key_from_hex("00000000000000000000000000000000000000ff")).hex() ==
             "0000000000000000000000000000000000000100");
  BOOST_TEST(key_successor(key_from_hex("0fffffffffffffffffffffffffffffffffffffff")).hex() ==
             "1000000000000000000000000000000000000000");
  BOOST_TEST(key_successor(Key::max()) == Key::min());
  std::mt19937_64 rng(3);
  for (int i = 0; i < 100; ++i) {
    Key k = random_key(rng);
    if (k != Key::max()) BOOST_TEST(k < key_successor(k));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
