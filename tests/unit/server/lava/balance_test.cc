// Tests of server/lava/balance: the record keys of a slice, paged out of a real store;
// the split that halves them; and the choice of the volcano a joiner relieves.
#include "server/lava/balance.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "tests/unit/server/service_fixture.h"

namespace magma::server::test {
namespace {

Key key_at(uint8_t first_byte, uint8_t second_byte = 0) {
  Key k = Key::min();
  k.bytes[0] = first_byte;
  k.bytes[1] = second_byte;
  return k;
}

// n keys spread over the lower quarter of the ring: 0x00.., 0x00 0x02.., ...
std::vector<Key> lower_quarter_keys(size_t n) {
  std::vector<Key> keys;
  for (size_t i = 0; i < n; ++i) keys.push_back(key_at(static_cast<uint8_t>(i / 128), static_cast<uint8_t>(i % 128 * 2)));
  return keys;
}

BOOST_AUTO_TEST_SUITE(balance)

BOOST_AUTO_TEST_CASE(record_keys_page_through_every_record_in_the_slice_and_the_count_agrees) {
  auto store = must(FlareStore::open(":memory:", sha1_key));
  Slice lower{Key::min(), key_at(0x7f, 0xff)};
  std::vector<Key> expected;
  BOOST_REQUIRE(store->write([&](FlareStore::Txn& t) -> Status {
    for (int i = 0; i < 9000; ++i) {  // a little over two pages in the lower half
      std::string path = "/r" + std::to_string(i);
      MAGMA_RETURN_IF_ERROR(t.insert_record(path, sha1_key(path), FlareType::Regular));
      if (lower.contains(sha1_key(path))) expected.push_back(sha1_key(path));
    }
    return Status::ok();
  }).is_ok());
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(expected.size() > 4096u);
  std::vector<Key> keys = must(record_keys(*store, lower));
  BOOST_TEST(keys == expected);
  uint64_t counted = 0;
  BOOST_REQUIRE(store->read([&](FlareStore::Txn& t) -> Status {
    auto n = t.record_count(lower);
    if (n) counted = *n;
    return n.status();
  }).is_ok());
  BOOST_TEST(counted == expected.size());
}

BOOST_AUTO_TEST_CASE(many_keys_are_split_at_their_median) {
  Slice whole;
  std::vector<Key> keys = lower_quarter_keys(kFewKeys);
  BOOST_TEST(must(split_key(whole, keys)) == keys[kFewKeys / 2 - 1]);  // half on each side
  keys = lower_quarter_keys(kFewKeys + 1);
  BOOST_TEST(must(split_key(whole, keys)) == keys[kFewKeys / 2]);  // the lower part keeps one more
}

BOOST_AUTO_TEST_CASE(few_keys_or_no_usable_median_split_at_the_midpoint) {
  Slice whole;
  BOOST_TEST(must(split_key(whole, {})) == whole.midpoint());
  BOOST_TEST(must(split_key(whole, lower_quarter_keys(kFewKeys - 1))) == whole.midpoint());
  Slice upper{key_at(0x80), Key::max()};
  std::vector<Key> at_the_top(kFewKeys, Key::max());
  BOOST_TEST(must(split_key(upper, at_the_top)) == upper.midpoint());  // nothing would move
}

BOOST_AUTO_TEST_CASE(a_slice_of_one_key_cannot_be_split) {
  Slice one{key_at(0x33), key_at(0x33)};
  BOOST_TEST(split_key(one, {key_at(0x33)}).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(slice_width_subtracts_with_borrow) {
  BOOST_TEST(slice_width(Slice{}) == Key::max());
  BOOST_TEST(slice_width(Slice{key_at(0x33), key_at(0x33)}) == Key::min());
  Key expected = Key::min();
  expected.bytes[1] = 0xff;  // 0x0100.. - 0x0001.. = 0x00ff..
  BOOST_TEST(slice_width(Slice{key_at(0x00, 0x01), key_at(0x01, 0x00)}) == expected);
}

BOOST_AUTO_TEST_CASE(a_busy_lava_relieves_the_volcano_with_the_most_keys) {
  Slice wide{Key::min(), key_at(0xbf, 0xff)}, narrow{key_at(0xc0), Key::max()};
  BOOST_TEST(pick_giver({{wide, 60}, {narrow, 90}}) == 1u);
  BOOST_TEST(pick_giver({{narrow, 90}, {wide, 90}}) == 1u);  // a tie goes to the wider
}

BOOST_AUTO_TEST_CASE(a_sparse_lava_relieves_the_widest_slice) {
  Slice wide{Key::min(), key_at(0xbf, 0xff)}, narrow{key_at(0xc0), Key::max()};
  BOOST_TEST(pick_giver({{wide, 1}, {narrow, 40}}) == 0u);
  Key mid = Slice{}.midpoint();
  Slice low{Key::min(), mid}, high{key_successor(mid), Key::max()};
  BOOST_TEST(pick_giver({{low, 1}, {high, 2}}) == 1u);  // equal widths: the more keys
  BOOST_TEST(pick_giver({{low, 2}, {high, 2}}) == 0u);  // all equal: the first
}

BOOST_AUTO_TEST_CASE(neighbours_even_out_half_their_difference) {
  std::optional<ShiftPlan> down = plan_shift(3000, 1000);
  BOOST_TEST_REQUIRE(down.has_value());
  BOOST_TEST(down->lower_gives);
  BOOST_TEST(down->records == 1000u);
  std::optional<ShiftPlan> up = plan_shift(500, 1501);
  BOOST_TEST_REQUIRE(up.has_value());
  BOOST_TEST(!up->lower_gives);
  BOOST_TEST(up->records == 500u);
  BOOST_TEST(!plan_shift(1050, 950).has_value());  // within a twentieth of the total
  BOOST_TEST(plan_shift(1060, 940).has_value());
  BOOST_TEST(!plan_shift(150, 60).has_value());    // fewer than kFewKeys apart
  BOOST_TEST(!plan_shift(0, 0).has_value());
}

BOOST_AUTO_TEST_CASE(the_boundary_follows_the_records_handed_over) {
  std::vector<Key> keys = lower_quarter_keys(1000);
  Slice slice{Key::min(), key_at(0x3f, 0xff)};
  // The lower volcano gives its top 400 records: it keeps up to its 600th key.
  Key kept = must(shift_boundary(slice, keys, ShiftPlan{true, 400}));
  BOOST_TEST(kept == prefix_end(keys[599]));
  BOOST_TEST(static_cast<size_t>(std::count_if(keys.begin(), keys.end(), [&](const Key& k) { return k <= kept; })) ==
             600u);
  // The upper volcano gives its bottom 400: the lower one's slice ends with the 400th.
  Key given = must(shift_boundary(slice, keys, ShiftPlan{false, 400}));
  BOOST_TEST(static_cast<size_t>(std::count_if(keys.begin(), keys.end(), [&](const Key& k) { return k <= given; })) ==
             400u);
  // Never all of them, never none, never more than there are.
  BOOST_TEST(shift_boundary(slice, keys, ShiftPlan{true, 1000}).code() == Errc::Invalid);
  BOOST_TEST(shift_boundary(slice, keys, ShiftPlan{false, 0}).code() == Errc::Invalid);
  BOOST_TEST(shift_boundary(slice, keys, ShiftPlan{false, 5000}).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(prefix_end_keeps_the_id_prefix_and_fills_the_rest) {
  Key k = key_at(0x12, 0x34);
  k.bytes[7] = 0x56;
  k.bytes[8] = 0x01;
  Key end = prefix_end(k);
  BOOST_TEST(std::equal(k.bytes.begin(), k.bytes.begin() + ops::kIdPrefix, end.bytes.begin()));
  BOOST_TEST(std::all_of(end.bytes.begin() + ops::kIdPrefix, end.bytes.end(), [](uint8_t b) { return b == 0xff; }));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
