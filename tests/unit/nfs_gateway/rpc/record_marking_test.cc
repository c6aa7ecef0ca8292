// Tests of RPC record marking: marks and bounded record assembly.
#include "nfs_gateway/rpc/record_marking.h"

#include <boost/test/unit_test.hpp>
#include <numeric>

namespace magma::nfs::rpc {
namespace {

BOOST_AUTO_TEST_SUITE(record_marking)

BOOST_AUTO_TEST_CASE(marks_carry_the_length_and_the_last_fragment_bit) {
  std::array<uint8_t, 4> last{0x80, 0x00, 0x01, 0x02};
  FragmentHeader h = decode_fragment_header(last);
  BOOST_CHECK_EQUAL(h.length, 0x102u);
  BOOST_CHECK(h.last);
  std::array<uint8_t, 4> more{0x7f, 0xff, 0xff, 0xff};
  h = decode_fragment_header(more);
  BOOST_CHECK_EQUAL(h.length, 0x7fffffffu);
  BOOST_CHECK(!h.last);
  BOOST_CHECK((encode_record_mark(0x102) == last));
  BOOST_CHECK((encode_record_mark(0) == std::array<uint8_t, 4>{0x80, 0, 0, 0}));
}

BOOST_AUTO_TEST_CASE(fragments_join_into_one_record) {
  RecordAssembler assembler(100);
  std::vector<std::pair<uint32_t, bool>> fragments = {{3, false}, {0, false}, {5, true}};
  uint8_t next = 1;
  for (auto [length, last] : fragments) {
    BOOST_CHECK(!assembler.complete());
    auto room = assembler.add_fragment({length, last});
    BOOST_REQUIRE(room);
    BOOST_REQUIRE_EQUAL(room->size(), length);
    for (uint8_t& b : *room) b = next++;
  }
  BOOST_REQUIRE(assembler.complete());
  Bytes expected(8);
  std::iota(expected.begin(), expected.end(), 1);
  BOOST_CHECK(assembler.take() == expected);
  BOOST_CHECK(!assembler.complete());
  auto room = assembler.add_fragment({2, true});
  BOOST_REQUIRE(room);
  BOOST_CHECK_EQUAL(assembler.take().size(), 2u);
}

BOOST_AUTO_TEST_CASE(a_record_over_the_bound_is_refused_before_it_is_allocated) {
  RecordAssembler assembler(10);
  BOOST_CHECK(!assembler.add_fragment({0x7fffffff, true}));
  RecordAssembler growing(10);
  BOOST_REQUIRE(growing.add_fragment({6, false}));
  BOOST_CHECK(!growing.add_fragment({5, true}));
  RecordAssembler exact(10);
  BOOST_REQUIRE(exact.add_fragment({6, false}));
  BOOST_CHECK(exact.add_fragment({4, true}));
  BOOST_CHECK_EQUAL(exact.take().size(), 10u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
