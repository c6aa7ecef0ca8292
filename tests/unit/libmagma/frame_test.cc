// Tests of libmagma/frame.h: the 16-byte header's exact bytes and the payload bound.
#include "libmagma/frame.h"

#include <boost/test/unit_test.hpp>

#include <array>

#include "tests/unit/libmagma/test_print.h"

namespace magma {

BOOST_AUTO_TEST_SUITE(frame_test)

BOOST_AUTO_TEST_CASE(header_is_sixteen_big_endian_bytes) {
  BOOST_TEST(kFrameHeaderSize == 16u);
  FrameHeader h;
  h.payload_length = 0x00010203;
  h.request_id = 0x1122334455667788;
  h.op = 0xa1b2;
  h.status = 0xc3d4;
  std::array<uint8_t, 17> out;
  out.fill(0xee);
  encode_frame_header(h, out.data());
  const std::array<uint8_t, 17> expected = {0x00, 0x01, 0x02, 0x03, 0x11, 0x22, 0x33, 0x44, 0x55,
                                            0x66, 0x77, 0x88, 0xa1, 0xb2, 0xc3, 0xd4, 0xee};
  BOOST_TEST(out == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(header_round_trip) {
  for (uint32_t length : {0u, 1u, 65536u, static_cast<uint32_t>(kMaxPayload)}) {
    FrameHeader h;
    h.payload_length = length;
    h.request_id = 0xfedcba9876543210 ^ length;
    h.op = 17;
    h.status = 4;
    std::array<uint8_t, kFrameHeaderSize> wire;
    encode_frame_header(h, wire.data());
    auto back = decode_frame_header(wire.data());
    BOOST_TEST_REQUIRE(back.is_ok(), errc_name(back.code()));
    BOOST_TEST(back->payload_length == length);
    BOOST_TEST(back->request_id == h.request_id);
    BOOST_TEST(back->op == 17);
    BOOST_TEST(back->status == 4);
  }
}

BOOST_AUTO_TEST_CASE(oversized_payload_is_rejected) {
  for (uint32_t length : {static_cast<uint32_t>(kMaxPayload) + 1, 0x7fffffffu, 0xffffffffu}) {
    FrameHeader h;
    h.payload_length = length;
    std::array<uint8_t, kFrameHeaderSize> wire;
    encode_frame_header(h, wire.data());
    BOOST_TEST(decode_frame_header(wire.data()).code() == Errc::Protocol, length);
  }
}

BOOST_AUTO_TEST_CASE(payload_bound_fits_the_largest_io) {
  // DESIGN.md: large reads and writes go in one frame, at least 1 MiB.
  BOOST_TEST(kMaxIoSize >= (1u << 20));
  BOOST_TEST(kMaxPayload > kMaxIoSize);
}

BOOST_AUTO_TEST_CASE(start_and_finish_frame) {
  Bytes frame = start_frame(7, 3, 2);
  BOOST_TEST(frame.size() == kFrameHeaderSize);
  for (uint8_t b : {'h', 'e', 'l', 'l', 'o'}) frame.push_back(b);
  finish_frame(frame);
  auto h = decode_frame_header(frame.data());
  BOOST_TEST_REQUIRE(h.is_ok());
  BOOST_TEST(h->payload_length == 5u);
  BOOST_TEST(h->request_id == 7u);
  BOOST_TEST(h->op == 3);
  BOOST_TEST(h->status == 2);
  BOOST_TEST(frame[kFrameHeaderSize] == 'h');
}

BOOST_AUTO_TEST_CASE(finish_frame_of_an_empty_payload) {
  Bytes frame = start_frame(1, 1, 0);
  finish_frame(frame);
  auto h = decode_frame_header(frame.data());
  BOOST_TEST_REQUIRE(h.is_ok());
  BOOST_TEST(h->payload_length == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
