// Tests of libmagma/namespace_messages: the route keys of the namespace node ops, and the
// rows surviving the wire. Built into server_tests, beside the tests of the ops they serve.
#include "libmagma/namespace_messages.h"

#include <boost/test/unit_test.hpp>

#include "libmagma/routing.h"
#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

BOOST_AUTO_TEST_SUITE(namespace_messages)

BOOST_AUTO_TEST_CASE(path_steps_route_by_the_path_they_change) {
  FlareId id = sha1_key("id");
  BOOST_TEST(*route_key(GetRecordRequest{"/a/b"}) == sha1_key("/a/b"));
  BOOST_TEST(*route_key(PutRecordRequest{"/a/b", id, FlareType::Regular}) == sha1_key("/a/b"));
  BOOST_TEST(*route_key(DropRecordRequest{"/a/b", id}) == sha1_key("/a/b"));
  BOOST_TEST(*route_key(SetDyingRequest{"/a/b", id, true}) == sha1_key("/a/b"));
  // Entry steps run where the directory lives.
  BOOST_TEST(*route_key(AddEntryRequest{"/a", "b", id, FlareType::Regular}) == sha1_key("/a"));
  BOOST_TEST(*route_key(RemoveEntryRequest{"/a", "b", id}) == sha1_key("/a"));
  BOOST_TEST(*route_key(PutEntryRequest{"/a", "b", id, FlareType::Regular, id, false}) == sha1_key("/a"));
  // A path that is not normalised routes nowhere: the receiver refuses it.
  for (const char* bad : {"a", "/a/", "/a/../b", ""}) {
    BOOST_TEST(!route_key(GetRecordRequest{bad}).has_value(), bad);
    BOOST_TEST(!route_key(AddEntryRequest{bad, "x", id, FlareType::Regular}).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(inode_steps_route_by_place) {
  FlareId id = sha1_key("id");
  Key place = sha1_key("/dir");
  BOOST_TEST(*route_key(AddLinksRequest{id, Key{}, 1, false, {}}) == id);
  BOOST_TEST(*route_key(AddLinksRequest{id, place, 1, false, {}}) == place);
  BOOST_TEST(*route_key(DropInodeRequest{id, Key{}}) == id);
  BOOST_TEST(*route_key(InheritGroupRequest{id, place, 1, true}) == place);
  BOOST_TEST(*route_key(GetInodesRequest{{InodeRef{id, place}, InodeRef{sha1_key("x"), Key{}}}}) == place);
  BOOST_TEST(!route_key(GetInodesRequest{}).has_value());
  InodeRow row;
  row.id = id;
  row.path = "/dir";
  BOOST_TEST(*route_key(PutInodeRequest{row}) == id);
  row.attr.type = FlareType::Directory;
  BOOST_TEST(*route_key(PutInodeRequest{row}) == place);
}

BOOST_AUTO_TEST_CASE(bulk_steps_go_to_chosen_volcanos) {
  BOOST_TEST(!route_key(FreezeSubtreeRequest{"/a", 1, true}).has_value());
  BOOST_TEST(!route_key(ExportSubtreeRequest{"/a", RowCursor{}, 10}).has_value());
  BOOST_TEST(!route_key(DeleteSubtreeRequest{"/a", false, FlareId{}}).has_value());
  BOOST_TEST(!route_key(ExportRangeRequest{Slice{}, RowCursor{}, 10}).has_value());
  BOOST_TEST(!route_key(DeleteRangeRequest{Slice{}, 10}).has_value());
  BOOST_TEST(!route_key(ReadDataRequest{sha1_key("x"), 0, 1}).has_value());
  BOOST_TEST(!route_key(WriteDataRequest{sha1_key("x"), 0, Bytes{}, false}).has_value());
  Rows rows;
  rows.entries.push_back(EntryRow{"/d", "x", 1, sha1_key("x"), FlareType::Regular});
  BOOST_TEST(!route_key(ImportRowsRequest{rows, false}).has_value());  // a hand-off's
  BOOST_TEST(*route_key(ImportRowsRequest{rows, true}) == sha1_key("/d"));
  rows.records.push_back(RecordRow{"/r", sha1_key("r"), FlareType::Regular});
  BOOST_TEST(*route_key(ImportRowsRequest{rows, true}) == sha1_key("/r"));
}

BOOST_AUTO_TEST_CASE(rows_and_cursors_survive_the_wire) {
  RowsResponse sent;
  InodeRow in;
  in.id = sha1_key("i");
  in.path = "/p";
  in.target = "t";
  in.last_cookie = 42;
  in.attr.nlink = 3;
  in.xattrs.push_back(XattrRow{"user.k", Bytes{1, 2, 3}});
  sent.rows.inodes.push_back(in);
  sent.rows.records.push_back(RecordRow{"/p", in.id, FlareType::Symlink});
  sent.rows.entries.push_back(EntryRow{"/", "p", 9, in.id, FlareType::Symlink});
  sent.next.table = RowCursor::kEntries;
  sent.next.fresh = false;
  sent.next.path = "/";
  sent.next.cookie = 9;
  Bytes wire;
  encode_message(sent, wire);
  RowsResponse got;
  BOOST_REQUIRE(decode_message(wire.data(), wire.size(), got).is_ok());
  BOOST_TEST(got.rows.size() == 3u);
  BOOST_TEST(got.rows.inodes[0].last_cookie == 42u);
  BOOST_TEST(got.rows.inodes[0].xattrs[0].name == "user.k");
  BOOST_TEST(got.rows.records[0].type == FlareType::Symlink);
  BOOST_TEST(got.rows.entries[0].cookie == 9u);
  BOOST_TEST(got.next.table == RowCursor::kEntries);
  BOOST_TEST(!got.next.fresh);
  // A type out of range does not decode.
  wire.clear();
  RecordRow bad{"/p", in.id, FlareType::Regular};
  encode_message(bad, wire);
  wire.back() = 0;
  BOOST_TEST(decode_message(wire.data(), wire.size(), bad).code() == Errc::Protocol);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma
