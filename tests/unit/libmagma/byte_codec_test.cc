// Tests of libmagma/byte_codec.h: exact big-endian bytes, bounded reads, and the
// MAGMA_FIELDS message codec on a message made up for the test.
#include "libmagma/byte_codec.h"

#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>
#include <vector>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

enum class Colour : uint8_t { Red = 1, Green = 2 };
bool enum_in_range(Colour c) { return c == Colour::Red || c == Colour::Green; }

struct Inner {
  uint16_t a = 0;
  std::string s;
  MAGMA_FIELDS(a, s)
};

struct Sample {
  bool flag = false;
  uint8_t u8v = 0;
  int64_t signed_v = 0;
  Colour colour = Colour::Red;
  Key key;
  Bytes blob;
  std::vector<uint32_t> numbers;
  std::vector<Inner> inners;
  MAGMA_FIELDS(flag, u8v, signed_v, colour, key, blob, numbers, inners)
};

struct OneBool {
  bool b = false;
  MAGMA_FIELDS(b)
};
struct OneColour {
  Colour c = Colour::Red;
  MAGMA_FIELDS(c)
};
struct Numbers {
  std::vector<uint32_t> values;
  MAGMA_FIELDS(values)
};
struct Nothing {
  MAGMA_FIELDS()
};

Bytes bytes(std::initializer_list<int> v) { return Bytes(v.begin(), v.end()); }

template <class T>
Bytes encoded(const T& msg) {
  Bytes out;
  encode_message(msg, out);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(byte_codec_test)

BOOST_AUTO_TEST_CASE(writer_is_big_endian) {
  Bytes out;
  ByteWriter w(out);
  w.u8(0x12);
  w.u16(0x1234);
  w.u32(0x12345678);
  w.u64(0x0102030405060708);
  w.blob("ab", 2);
  w.raw("z", 1);
  BOOST_TEST(out == bytes({0x12, 0x12, 0x34, 0x12, 0x34, 0x56, 0x78, 1, 2, 3, 4, 5, 6, 7, 8,
                           0, 0, 0, 2, 'a', 'b', 'z'}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(writer_appends_to_existing_bytes) {
  Bytes out = {9};
  ByteWriter(out).u16(0xabcd);
  BOOST_TEST(out == bytes({9, 0xab, 0xcd}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reader_reads_what_writer_wrote) {
  Bytes out;
  ByteWriter w(out);
  w.u8(0xfe);
  w.u16(0xfedc);
  w.u32(0xfedcba98);
  w.u64(std::numeric_limits<uint64_t>::max() - 1);
  w.blob("hello", 5);
  ByteReader r(out.data(), out.size());
  BOOST_TEST(r.u8() == 0xfe);
  BOOST_TEST(r.u16() == 0xfedc);
  BOOST_TEST(r.u32() == 0xfedcba98u);
  BOOST_TEST(r.u64() == std::numeric_limits<uint64_t>::max() - 1);
  std::string s;
  BOOST_TEST(r.blob(s, 5));
  BOOST_TEST(s == "hello");
  BOOST_TEST(r.ok());
  BOOST_TEST(r.remaining() == 0u);
}

BOOST_AUTO_TEST_CASE(reading_past_the_end_fails_for_good) {
  Bytes in = bytes({1, 2, 3});
  ByteReader r(in.data(), in.size());
  BOOST_TEST(r.u16() == 0x0102);
  BOOST_TEST(r.u32() == 0u);
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.remaining() == 0u);
  // The byte still in the buffer is not handed out after the failure.
  BOOST_TEST(r.u8() == 0u);
  BOOST_TEST(!r.ok());
}

BOOST_AUTO_TEST_CASE(raw_checks_its_length) {
  Bytes in = bytes({1, 2, 3});
  uint8_t out[4] = {};
  ByteReader r(in.data(), in.size());
  BOOST_TEST(!r.raw(out, 4));
  BOOST_TEST(!r.ok());
  ByteReader exact(in.data(), in.size());
  BOOST_TEST(exact.raw(out, 3));
  BOOST_TEST(out[2] == 3);
}

BOOST_AUTO_TEST_CASE(blob_bounds) {
  Bytes in = bytes({0, 0, 0, 3, 'a', 'b', 'c'});
  std::string s;
  Bytes b;
  BOOST_TEST(ByteReader(in.data(), in.size()).blob(s, 3));
  BOOST_TEST(s == "abc");
  BOOST_TEST(ByteReader(in.data(), in.size()).blob(b, 3));
  BOOST_TEST(b == bytes({'a', 'b', 'c'}), boost::test_tools::per_element());
  BOOST_TEST(!ByteReader(in.data(), in.size()).blob(s, 2));  // over max
  BOOST_TEST(!ByteReader(in.data(), in.size() - 1).blob(s, 3));  // truncated
  BOOST_TEST(!ByteReader(in.data(), 3).blob(b, 3));  // truncated length
  Bytes huge = bytes({0xff, 0xff, 0xff, 0xff, 'x'});
  ByteReader r(huge.data(), huge.size());
  BOOST_TEST(!r.blob(b, std::numeric_limits<size_t>::max()));
  BOOST_TEST(!r.ok());
}

BOOST_AUTO_TEST_CASE(scalar_fields_round_trip) {
  Sample in;
  in.flag = true;
  in.u8v = 200;
  in.signed_v = -5;
  in.colour = Colour::Green;
  in.key = sha1_key("/k");
  in.blob = bytes({0, 1, 255});
  in.numbers = {7, 0xffffffff};
  in.inners = {{1, "x"}, {65535, std::string(300, 'y')}};
  Bytes wire = encoded(in);
  Sample out;
  BOOST_TEST_REQUIRE(decode_message(wire.data(), wire.size(), out).is_ok());
  BOOST_TEST(out.flag);
  BOOST_TEST(out.u8v == 200);
  BOOST_TEST(out.signed_v == -5);
  BOOST_TEST((out.colour == Colour::Green));
  BOOST_TEST(out.key == in.key);
  BOOST_TEST(out.blob == in.blob, boost::test_tools::per_element());
  BOOST_TEST(out.numbers == in.numbers, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(out.inners.size() == 2u);
  BOOST_TEST(out.inners[1].a == 65535);
  BOOST_TEST(out.inners[1].s == in.inners[1].s);
}

BOOST_AUTO_TEST_CASE(sample_has_the_documented_layout) {
  Sample in;
  in.flag = true;
  in.u8v = 9;
  in.signed_v = -2;
  in.colour = Colour::Green;
  in.numbers = {0x0a0b0c0d};
  in.inners = {{0x0102, "q"}};
  Bytes expected = bytes({1, 9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 2});
  expected.insert(expected.end(), Key::kSize, 0);
  for (int b : {0, 0, 0, 0, /* numbers */ 0, 0, 0, 1, 0x0a, 0x0b, 0x0c, 0x0d,
                /* inners */ 0, 0, 0, 1, 0x01, 0x02, 0, 0, 0, 1, int{'q'}})
    expected.push_back(static_cast<uint8_t>(b));
  BOOST_TEST(encoded(in) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bool_accepts_any_nonzero_byte) {
  OneBool msg;
  Bytes in = bytes({2});
  BOOST_TEST_REQUIRE(decode_message(in.data(), in.size(), msg).is_ok());
  BOOST_TEST(msg.b);
}

BOOST_AUTO_TEST_CASE(enum_out_of_range_is_rejected) {
  OneColour msg;
  for (int raw : {0, 3, 255}) {
    Bytes in = bytes({raw});
    BOOST_TEST(decode_message(in.data(), in.size(), msg).code() == Errc::Protocol, raw);
  }
}

BOOST_AUTO_TEST_CASE(list_counts_are_bounded) {
  Numbers msg;
  // Count 3 but only two elements' worth of bytes.
  Bytes short_list = bytes({0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2});
  BOOST_TEST(decode_message(short_list.data(), short_list.size(), msg).code() == Errc::Protocol);
  // A count larger than every byte left.
  Bytes liar = bytes({0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1});
  BOOST_TEST(decode_message(liar.data(), liar.size(), msg).code() == Errc::Protocol);
  // Above kMaxListSize even though bytes would be there.
  Bytes over(4 + 4 * (kMaxListSize + 1), 0);
  uint32_t n = kMaxListSize + 1;
  for (int i = 0; i < 4; ++i) over[i] = static_cast<uint8_t>(n >> (8 * (3 - i)));
  BOOST_TEST(decode_message(over.data(), over.size(), msg).code() == Errc::Protocol);
}

BOOST_AUTO_TEST_CASE(decode_message_needs_exactly_the_bytes) {
  Sample in;
  in.numbers = {1, 2};
  Bytes wire = encoded(in);
  Sample out;
  BOOST_TEST(decode_message(wire.data(), wire.size(), out).is_ok());
  for (size_t n = 0; n < wire.size(); ++n)
    BOOST_TEST(decode_message(wire.data(), n, out).code() == Errc::Protocol, "prefix " << n);
  wire.push_back(0);
  BOOST_TEST(decode_message(wire.data(), wire.size(), out).code() == Errc::Protocol);
}

BOOST_AUTO_TEST_CASE(empty_message_is_zero_bytes) {
  Nothing msg;
  BOOST_TEST(encoded(msg).empty());
  BOOST_TEST(decode_message<Nothing>(nullptr, 0, msg).is_ok());
  uint8_t extra = 0;
  BOOST_TEST(decode_message(&extra, 1, msg).code() == Errc::Protocol);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
