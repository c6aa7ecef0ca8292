// Tests of libmagma/topology.h: bootstrap, validation of tilings and identities, owner
// lookup at slice boundaries, join checks, splits, and the wire form.
#include "libmagma/topology.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

// The key whose first byte is b, then `fill` bytes.
Key key_at(uint8_t b, uint8_t fill = 0) {
  Key k;
  k.bytes.fill(fill);
  k.bytes[0] = b;
  return k;
}

VolcanoInfo volcano(const std::string& nickname, const std::string& address, Slice slice = {}) {
  VolcanoInfo v;
  v.nickname = nickname;
  v.fqdn = nickname + ".example";
  v.address = address;
  v.slice = slice;
  return v;
}

// wallace [min, 0x40ff..], gromit [0x41.., 0x9fff..], shaun [0xa0.., max].
Topology three() {
  Topology t;
  t.epoch = 7;
  t.volcanos = {volcano("wallace", "127.0.0.1", {Key::min(), key_at(0x40, 0xff)}),
                volcano("gromit", "127.0.0.2", {key_at(0x41), key_at(0x9f, 0xff)}),
                volcano("shaun", "127.0.0.3", {key_at(0xa0), Key::max()})};
  return t;
}

Errc validation_of(const Topology& t) { return t.validate().code(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(topology_test)

BOOST_AUTO_TEST_CASE(bootstrap_owns_the_whole_ring_at_epoch_1) {
  VolcanoInfo self = volcano("wallace", "127.0.0.1", {key_at(3), key_at(4)});
  self.flare_port = 13000;
  Topology t = Topology::bootstrap(self);
  BOOST_TEST(t.epoch == 1u);
  BOOST_TEST_REQUIRE(t.volcanos.size() == 1u);
  BOOST_TEST(t.volcanos[0].slice.start == Key::min());
  BOOST_TEST(t.volcanos[0].slice.stop == Key::max());
  BOOST_TEST(t.volcanos[0].flare_port == 13000);
  BOOST_TEST(t.validate().is_ok(), t.validate().to_string());
  BOOST_TEST(t.owner_of(sha1_key("/a")).nickname == "wallace");
  BOOST_TEST(t.owner_of(Key::max()).nickname == "wallace");
}

BOOST_AUTO_TEST_CASE(a_tiling_validates) {
  Topology t = three();
  BOOST_TEST(t.validate().is_ok(), t.validate().to_string());
}

BOOST_AUTO_TEST_CASE(bad_tilings_are_invalid) {
  Topology empty;
  BOOST_TEST(validation_of(empty) == Errc::Invalid);

  Topology gap = three();
  gap.volcanos[1].slice.start = key_at(0x42);
  BOOST_TEST(validation_of(gap) == Errc::Invalid);

  Topology overlap = three();
  overlap.volcanos[1].slice.start = key_at(0x40, 0xff);
  BOOST_TEST(validation_of(overlap) == Errc::Invalid);

  Topology late_start = three();
  late_start.volcanos[0].slice.start = key_successor(Key::min());
  BOOST_TEST(validation_of(late_start) == Errc::Invalid);

  Topology short_top = three();
  short_top.volcanos[2].slice.stop = key_at(0xfe);
  BOOST_TEST(validation_of(short_top) == Errc::Invalid);

  Topology out_of_order = three();
  std::swap(out_of_order.volcanos[1], out_of_order.volcanos[2]);
  BOOST_TEST(validation_of(out_of_order) == Errc::Invalid);

  Topology reversed = three();
  reversed.volcanos[1].slice = Slice{key_at(0x41), key_at(0x40)};
  BOOST_TEST(validation_of(reversed) == Errc::Invalid);

  // The last slice reaches max() and another follows: it would wrap to min() again.
  Topology wrapped = three();
  wrapped.volcanos[2].slice.stop = Key::max();
  wrapped.volcanos.push_back(volcano("extra", "127.0.0.4", {Key::min(), Key::max()}));
  BOOST_TEST(validation_of(wrapped) == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(identities_must_be_unique_and_present) {
  Topology same_nickname = three();
  same_nickname.volcanos[2].nickname = "wallace";
  BOOST_TEST(validation_of(same_nickname) == Errc::Invalid);

  Topology same_endpoint = three();
  same_endpoint.volcanos[2].address = "127.0.0.1";
  BOOST_TEST(validation_of(same_endpoint) == Errc::Invalid);
  same_endpoint.volcanos[2].flare_port = 12100;  // same address, other ports: fine
  same_endpoint.volcanos[2].node_port = 12101;
  BOOST_TEST(same_endpoint.validate().is_ok(), same_endpoint.validate().to_string());

  Topology no_nickname = three();
  no_nickname.volcanos[1].nickname.clear();
  BOOST_TEST(validation_of(no_nickname) == Errc::Invalid);

  Topology no_address = three();
  no_address.volcanos[1].address.clear();
  BOOST_TEST(validation_of(no_address) == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(owner_of_respects_inclusive_boundaries) {
  Topology t = three();
  const std::vector<std::pair<Key, std::string>> cases = {
      {Key::min(), "wallace"},        {key_at(0x40), "wallace"},
      {key_at(0x40, 0xff), "wallace"}, {key_at(0x41), "gromit"},
      {key_at(0x80), "gromit"},        {key_at(0x9f, 0xff), "gromit"},
      {key_at(0xa0), "shaun"},         {Key::max(), "shaun"},
  };
  for (const auto& [key, nickname] : cases) {
    BOOST_TEST(t.owner_of(key).nickname == nickname, key.hex());
  }
}

BOOST_AUTO_TEST_CASE(find_by_nickname) {
  Topology t = three();
  BOOST_TEST_REQUIRE(t.find("gromit") != nullptr);
  BOOST_TEST(t.find("gromit")->address == "127.0.0.2");
  BOOST_TEST(t.find("preston") == nullptr);
  BOOST_TEST(t.find("") == nullptr);
}

BOOST_AUTO_TEST_CASE(can_join_refuses_taken_nicknames_and_ports) {
  Topology t = three();
  BOOST_TEST(t.can_join(volcano("preston", "127.0.0.4")).is_ok());

  Status nickname = t.can_join(volcano("gromit", "127.0.0.9"));
  BOOST_TEST(nickname.code() == Errc::Exists);
  BOOST_TEST(nickname.message().find("gromit") != std::string::npos, nickname.message());

  Status endpoint = t.can_join(volcano("preston", "127.0.0.2"));
  BOOST_TEST(endpoint.code() == Errc::Exists);
  BOOST_TEST(endpoint.message().find("gromit") != std::string::npos, endpoint.message());

  // Its flare port would be gromit's node port.
  VolcanoInfo crossed = volcano("preston", "127.0.0.2");
  crossed.flare_port = 12001;
  crossed.node_port = 12002;
  BOOST_TEST(t.can_join(crossed).code() == Errc::Exists);

  VolcanoInfo other_ports = volcano("preston", "127.0.0.2");
  other_ports.flare_port = 12010;
  other_ports.node_port = 12011;
  BOOST_TEST(t.can_join(other_ports).is_ok());
}

BOOST_AUTO_TEST_CASE(split_gives_the_upper_part_to_the_joiner) {
  Topology t = three();
  Key split = t.volcanos[1].slice.midpoint();
  Result<Topology> next = t.with_split("gromit", split, volcano("preston", "127.0.0.4", {}));
  BOOST_TEST_REQUIRE(next.is_ok(), next.status().to_string());
  BOOST_TEST(next->epoch == 8u);
  BOOST_TEST(next->validate().is_ok(), next->validate().to_string());
  BOOST_TEST_REQUIRE(next->volcanos.size() == 4u);
  BOOST_TEST(next->volcanos[1].nickname == "gromit");
  BOOST_TEST(next->volcanos[1].slice.start == key_at(0x41));
  BOOST_TEST(next->volcanos[1].slice.stop == split);
  BOOST_TEST(next->volcanos[2].nickname == "preston");
  BOOST_TEST(next->volcanos[2].slice.start == key_successor(split));
  BOOST_TEST(next->volcanos[2].slice.stop == key_at(0x9f, 0xff));
  BOOST_TEST(next->owner_of(split).nickname == "gromit");
  BOOST_TEST(next->owner_of(key_successor(split)).nickname == "preston");
  // The original is a value: untouched.
  BOOST_TEST(t.volcanos.size() == 3u);
  BOOST_TEST(t.epoch == 7u);
}

BOOST_AUTO_TEST_CASE(split_of_the_last_slice_and_at_its_start) {
  Topology t = three();
  Result<Topology> at_start = t.with_split("shaun", key_at(0xa0), volcano("preston", "127.0.0.4"));
  BOOST_TEST_REQUIRE(at_start.is_ok(), at_start.status().to_string());
  BOOST_TEST(at_start->validate().is_ok(), at_start->validate().to_string());
  BOOST_TEST(at_start->volcanos[2].slice.stop == key_at(0xa0));
  BOOST_TEST(at_start->volcanos[3].nickname == "preston");
  BOOST_TEST(at_start->volcanos[3].slice.stop == Key::max());
}

BOOST_AUTO_TEST_CASE(bad_splits_fail) {
  Topology t = three();
  VolcanoInfo joiner = volcano("preston", "127.0.0.4");
  BOOST_TEST(t.with_split("nobody", key_at(0x50), joiner).code() == Errc::NotFound);
  BOOST_TEST(t.with_split("gromit", key_at(0x9f, 0xff), joiner).code() == Errc::Invalid);
  BOOST_TEST(t.with_split("gromit", key_at(0x30), joiner).code() == Errc::Invalid);
  BOOST_TEST(t.with_split("gromit", key_at(0xb0), joiner).code() == Errc::Invalid);
  BOOST_TEST(t.with_split("gromit", key_at(0x50), volcano("shaun", "127.0.0.4")).code() ==
             Errc::Exists);
  BOOST_TEST(t.with_split("gromit", key_at(0x50), volcano("preston", "127.0.0.1")).code() ==
             Errc::Exists);
}

BOOST_AUTO_TEST_CASE(a_boundary_moves_either_way_between_neighbours) {
  Topology t = three();
  Result<Topology> up = t.with_boundary("wallace", key_at(0x60, 0xff));  // wallace takes from gromit
  BOOST_TEST_REQUIRE(up.is_ok(), up.status().to_string());
  BOOST_TEST(up->epoch == 8u);
  BOOST_TEST(up->validate().is_ok(), up->validate().to_string());
  BOOST_TEST(up->volcanos[0].slice.stop == key_at(0x60, 0xff));
  BOOST_TEST(up->volcanos[1].slice.start == key_at(0x61));
  BOOST_TEST(up->owner_of(key_at(0x50)).nickname == "wallace");
  Result<Topology> down = t.with_boundary("gromit", key_at(0x50, 0xff));  // gromit gives to shaun
  BOOST_TEST_REQUIRE(down.is_ok(), down.status().to_string());
  BOOST_TEST(down->validate().is_ok(), down->validate().to_string());
  BOOST_TEST(down->owner_of(key_at(0x51)).nickname == "shaun");
  BOOST_TEST(down->owner_of(key_at(0x50, 0xff)).nickname == "gromit");
  BOOST_TEST(t.volcanos[1].slice.stop == key_at(0x9f, 0xff));  // a value: untouched
}

BOOST_AUTO_TEST_CASE(bad_boundaries_fail) {
  Topology t = three();
  BOOST_TEST(t.with_boundary("nobody", key_at(0x50)).code() == Errc::NotFound);
  BOOST_TEST(t.with_boundary("shaun", key_at(0xb0)).code() == Errc::Invalid);  // the last: no next
  BOOST_TEST(t.with_boundary("gromit", key_at(0x30)).code() == Errc::Invalid);  // gromit left empty
  BOOST_TEST(t.with_boundary("gromit", Key::max()).code() == Errc::Invalid);   // shaun left empty
  BOOST_TEST(t.with_boundary("gromit", key_at(0x41)).is_ok());  // one key each is enough
}

BOOST_AUTO_TEST_CASE(growing_by_splits_keeps_a_valid_tiling) {
  Topology t = Topology::bootstrap(volcano("v0", "127.0.0.1"));
  for (int i = 1; i < 8; ++i) {
    // Always split the widest slice, as a joiner would.
    const VolcanoInfo* widest = &t.volcanos[0];
    for (const VolcanoInfo& v : t.volcanos) {
      if (v.slice.stop.bytes[0] - v.slice.start.bytes[0] >
          widest->slice.stop.bytes[0] - widest->slice.start.bytes[0]) {
        widest = &v;
      }
    }
    std::string name = "v" + std::to_string(i);
    Result<Topology> next =
        t.with_split(widest->nickname, widest->slice.midpoint(), volcano(name, "127.0.0." + std::to_string(i + 1)));
    BOOST_TEST_REQUIRE(next.is_ok(), next.status().to_string());
    t = std::move(*next);
    BOOST_TEST_REQUIRE(t.validate().is_ok(), t.validate().to_string());
  }
  BOOST_TEST(t.epoch == 8u);
  BOOST_TEST(t.volcanos.size() == 8u);
  // Eight even slices: each first byte range is 32 wide.
  for (size_t i = 0; i < t.volcanos.size(); ++i) {
    BOOST_TEST(t.volcanos[i].slice.start.bytes[0] == 32 * i, t.volcanos[i].nickname);
  }
}

BOOST_AUTO_TEST_CASE(wire_round_trip_and_reversed_slice_rejected) {
  Topology t = three();
  t.volcanos[1].flare_port = 12345;
  Bytes wire;
  encode_message(t, wire);
  Topology back;
  BOOST_TEST_REQUIRE(decode_message(wire.data(), wire.size(), back).is_ok());
  BOOST_TEST(back.epoch == 7u);
  BOOST_TEST_REQUIRE(back.volcanos.size() == 3u);
  BOOST_TEST(back.volcanos[1].flare_port == 12345);
  BOOST_TEST(back.volcanos[1].fqdn == "gromit.example");
  BOOST_TEST(back.volcanos[2].slice.start == key_at(0xa0));

  VolcanoInfo reversed = volcano("x", "127.0.0.1", {key_at(0x41), key_at(0x40)});
  Bytes bad;
  encode_message(reversed, bad);
  VolcanoInfo out;
  BOOST_TEST(decode_message(bad.data(), bad.size(), out).code() == Errc::Protocol);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
