// Tests of tools/placement.h: which volcano holds a record, an inode, data and an entry,
// in a lava of three with slices cut by hand around the keys of the test's paths.
#include "tools/placement.h"

#include <boost/test/unit_test.hpp>

#include "libmagma/routing.h"

namespace magma::tools {
namespace {

VolcanoInfo volcano(const std::string& nickname, Slice slice) {
  VolcanoInfo v;
  v.nickname = nickname;
  v.address = "127.0.0." + std::to_string(nickname.size());
  v.slice = slice;
  return v;
}

Key key_at(uint8_t first, uint8_t fill) {
  Key k;
  k.bytes.fill(fill);
  k.bytes[0] = first;
  return k;
}

// wallace [min, 0x54ff..], gromit [0x55.., 0xa9ff..], shaun [0xaa.., max].
Topology three() {
  Topology t;
  t.epoch = 4;
  t.volcanos = {volcano("wallace", {Key::min(), key_at(0x54, 0xff)}),
                volcano("gromit", {key_at(0x55, 0), key_at(0xa9, 0xff)}),
                volcano("shaun", {key_at(0xaa, 0), Key::max()})};
  BOOST_TEST_REQUIRE(t.validate().is_ok());
  return t;
}

FlareEntry entry(FlareType type, const Key& id) {
  FlareEntry e;
  e.id = id;
  e.attr.type = type;
  return e;
}

BOOST_AUTO_TEST_CASE(data_file_is_sharded_by_the_ids_first_bytes) {
  Key id = *Key::from_hex("ab0c000000000000000000000000000000000001");
  BOOST_TEST(data_file_of(id) == "data/ab/0c/" + id.hex());
}

BOOST_AUTO_TEST_CASE(regular_file_inode_and_data_follow_its_id) {
  const Topology t = three();
  Key id = key_at(0xf0, 0x11);  // on shaun, whatever the path's key
  Placement p = place_flare(t, "/docs/report", entry(FlareType::Regular, id));
  BOOST_TEST(p.path == "/docs/report");
  BOOST_TEST((p.key == sha1_key("/docs/report")));
  BOOST_TEST(p.record.nickname == t.owner_of(sha1_key("/docs/report")).nickname);
  BOOST_TEST((p.place == id));
  BOOST_TEST(p.inode.nickname == "shaun");
  BOOST_TEST_REQUIRE(p.data_file.has_value());
  BOOST_TEST(*p.data_file == data_file_of(id));
  BOOST_TEST(p.parent == "/docs");
  BOOST_TEST(p.parent_owner.nickname == t.owner_of(sha1_key("/docs")).nickname);
}

BOOST_AUTO_TEST_CASE(directory_inode_follows_its_path_and_has_no_data) {
  const Topology t = three();
  Key id = key_at(0x01, 0x00);  // on wallace: must not matter for a directory
  Placement p = place_flare(t, "/docs", entry(FlareType::Directory, id));
  BOOST_TEST((p.place == sha1_key("/docs")));
  BOOST_TEST(p.inode.nickname == p.record.nickname);
  BOOST_TEST(p.inode.nickname == t.owner_of(sha1_key("/docs")).nickname);
  BOOST_TEST(!p.data_file.has_value());
  BOOST_TEST(p.parent == "/");
  BOOST_TEST(p.parent_owner.nickname == t.owner_of(sha1_key("/")).nickname);
}

BOOST_AUTO_TEST_CASE(symlink_inode_follows_its_id_without_data_file) {
  const Topology t = three();
  Key id = key_at(0x60, 0x00);  // on gromit
  Placement p = place_flare(t, "/l", entry(FlareType::Symlink, id));
  BOOST_TEST(p.inode.nickname == "gromit");
  BOOST_TEST(!p.data_file.has_value());
}

}  // namespace
}  // namespace magma::tools
