// Tests of server/ops/node_subtree: FreezeSubtree, ExportSubtree, ImportRows and
// DeleteSubtree on one volcano (across volcanos: rename_across_test.cc).
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

struct SubtreeFixture : test::ServiceFixture {
  SubtreeFixture() {
    dir_at("/a");
    dir_at("/a/x");
    f = file("/a/x/f");
    dir_at("/ab");
  }
  Rows exported(const std::string& path) {
    Rows all;
    RowCursor cursor;
    while (cursor.table != RowCursor::kDone) {
      RowsResponse page = must(call(ExportSubtreeRequest{path, cursor, 1}));
      BOOST_REQUIRE(page.rows.size() <= 1u);
      for (auto& r : page.rows.records) all.records.push_back(r);
      for (auto& r : page.rows.inodes) all.inodes.push_back(r);
      for (auto& r : page.rows.entries) all.entries.push_back(r);
      cursor = page.next;
    }
    return all;
  }
  FlareId f;
};

BOOST_FIXTURE_TEST_SUITE(ops_node_subtree, SubtreeFixture)

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  BOOST_TEST(call(FreezeSubtreeRequest{"/", 1, true}).code() == Errc::Invalid);
  BOOST_TEST(call(FreezeSubtreeRequest{"a", 1, true}).code() == Errc::Invalid);
  BOOST_TEST(call(ExportSubtreeRequest{"/", RowCursor{}, 10}).code() == Errc::Invalid);
  BOOST_TEST(call(ExportSubtreeRequest{"/a", RowCursor{}, 0}).code() == Errc::Invalid);
  BOOST_TEST(call(ExportSubtreeRequest{"/a", RowCursor{}, kMaxRowsPerPage + 1}).code() == Errc::Invalid);
  RowCursor broken;
  broken.table = 9;
  BOOST_TEST(call(ExportSubtreeRequest{"/a", broken, 10}).code() == Errc::Invalid);
  BOOST_TEST(call(DeleteSubtreeRequest{"/", false, FlareId{}}).code() == Errc::Invalid);
  BOOST_TEST(call(DeleteSubtreeRequest{"/a/", false, FlareId{}}).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(export_pages_through_the_subtree_only) {
  Rows a = exported("/a");
  BOOST_TEST(a.records.size() == 3u);  // /a, /a/x, /a/x/f
  BOOST_TEST(a.inodes.size() == 2u);   // the directories; f's inode never moves
  BOOST_TEST(a.entries.size() == 2u);  // x in /a, f in /a/x
  for (const RecordRow& r : a.records) BOOST_TEST(r.path.rfind("/a", 0) == 0u);
  for (const RecordRow& r : a.records) BOOST_TEST(r.path != "/ab");
}

BOOST_AUTO_TEST_CASE(a_frozen_subtree_takes_no_change_until_thawed) {
  BOOST_REQUIRE(call(FreezeSubtreeRequest{"/a", 7, true}).is_ok());
  BOOST_TEST(call(FreezeSubtreeRequest{"/a/x", 8, true}).code() == Errc::Busy);  // another rename's
  BOOST_TEST(call(AddEntryRequest{"/a/x", "n", sha1_key("n"), FlareType::Regular}).code() == Errc::Busy);
  BOOST_TEST(call(PutRecordRequest{"/a/x/n", sha1_key("n"), FlareType::Regular}).code() == Errc::Busy);
  BOOST_TEST(call(DropRecordRequest{"/a/x/f", f}).code() == Errc::Busy);
  BOOST_TEST(call(RemoveEntryRequest{"/a/x", "f", f}).code() == Errc::Busy);
  SetAttrRequest chmod;
  chmod.id = must(lookup("/a/x")).entry.id;
  chmod.mask = kSetMode;
  chmod.mode = 0700;
  // Beside the subtree and of its files' inodes, changes go on.
  BOOST_TEST(call(AddEntryRequest{"/ab", "n", sha1_key("n"), FlareType::Regular}).is_ok());
  BOOST_TEST(write(f, 0, "still writable").is_ok());
  BOOST_REQUIRE(call(FreezeSubtreeRequest{"/a", 8, false}).is_ok());  // not its freeze
  BOOST_TEST(call(AddEntryRequest{"/a/x", "n", sha1_key("n"), FlareType::Regular}).code() == Errc::Busy);
  BOOST_REQUIRE(call(FreezeSubtreeRequest{"/a", 7, false}).is_ok());
  BOOST_TEST(call(AddEntryRequest{"/a/x", "n", sha1_key("n"), FlareType::Regular}).is_ok());
  BOOST_TEST(call(chmod).is_ok());
}

BOOST_AUTO_TEST_CASE(import_is_all_or_nothing) {
  Rows rows;
  rows.records.push_back(RecordRow{"/imported", sha1_key("i"), FlareType::Regular});
  rows.entries.push_back(EntryRow{"/a", "bad/name", 1, sha1_key("i"), FlareType::Regular});
  BOOST_TEST(call(ImportRowsRequest{rows, true}).code() == Errc::Invalid);
  BOOST_TEST(!must(call(GetRecordRequest{"/imported"})).found);
  rows.entries[0].name = "good";
  BOOST_REQUIRE(call(ImportRowsRequest{rows, true}).is_ok());
  BOOST_TEST(must(call(GetRecordRequest{"/imported"})).found);
  BOOST_TEST(call(ImportRowsRequest{Rows{}, false}).is_ok());
}

BOOST_AUTO_TEST_CASE(delete_removes_the_subtree_rows_but_what_it_keeps) {
  FlareId a = must(lookup("/a")).entry.id;
  BOOST_REQUIRE(call(DeleteSubtreeRequest{"/a", true, a}).is_ok());
  BOOST_TEST(must(lookup("/a")).entry.id == a);  // record and inode kept
  BOOST_TEST(lookup("/a/x").code() == Errc::NotFound);
  BOOST_TEST(list("/a").empty());
  BOOST_TEST(must(getattr(f)).attr.nlink == 1u);  // file inodes are never a subtree's
  BOOST_TEST(lookup("/ab").is_ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
