// Tests of server/ops/node_range: ExportRange, DeleteRange, ReadData and WriteData, the
// primitives of a hand-off.
#include <boost/test/unit_test.hpp>
#include <set>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_node_range, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  BOOST_TEST(call(ExportRangeRequest{Slice{}, RowCursor{}, 0}).code() == Errc::Invalid);
  RowCursor broken;
  broken.table = 4;
  BOOST_TEST(call(ExportRangeRequest{Slice{}, broken, 10}).code() == Errc::Invalid);
  BOOST_TEST(call(DeleteRangeRequest{Slice{}, 0}).code() == Errc::Invalid);
  BOOST_TEST(call(DeleteRangeRequest{Slice{}, kMaxRowsPerPage + 1}).code() == Errc::Invalid);
  BOOST_TEST(call(ReadDataRequest{sha1_key("x"), 0, kMaxDataChunk + 1}).code() == Errc::Invalid);
  BOOST_TEST(call(WriteDataRequest{sha1_key("x"), 0, Bytes(kMaxDataChunk + 1), false}).code() == Errc::Invalid);
  BOOST_TEST(call(WriteDataRequest{sha1_key("x"), ~uint64_t{0}, Bytes(1), false}).code() == Errc::TooBig);
}

BOOST_AUTO_TEST_CASE(a_whole_ring_export_then_delete_leaves_nothing) {
  dir_at("/d");
  FlareId f = file("/d/f");
  BOOST_REQUIRE(write(f, 0, "abc").is_ok());
  std::set<std::string> records;
  size_t inodes = 0, entries = 0;
  RowCursor cursor;
  while (cursor.table != RowCursor::kDone) {
    RowsResponse page = must(call(ExportRangeRequest{Slice{}, cursor, 2}));
    for (const RecordRow& r : page.rows.records) records.insert(r.path);
    inodes += page.rows.inodes.size();
    entries += page.rows.entries.size();
    cursor = page.next;
  }
  BOOST_TEST((records == std::set<std::string>{"/", "/.dht", "/d", "/d/f"}));
  BOOST_TEST(inodes == 4u);
  BOOST_TEST(entries == 3u);
  DeleteRangeResponse del;
  int rounds = 0;
  do {
    del = must(call(DeleteRangeRequest{Slice{}, 1}));
    BOOST_REQUIRE(++rounds < 20);
  } while (!del.done);
  BOOST_TEST(rounds >= 4);
  // The data went with the inodes.
  BOOST_TEST(must(call(ReadDataRequest{f, 0, 10})).data.empty());
}

BOOST_AUTO_TEST_CASE(data_moves_in_raw_chunks) {
  FlareId id = sha1_key("copied");
  BOOST_REQUIRE(call(WriteDataRequest{id, 0, test::bytes_of("hello "), false}).is_ok());
  BOOST_REQUIRE(call(WriteDataRequest{id, 6, test::bytes_of("world"), true}).is_ok());
  BOOST_TEST(test::string_of(must(call(ReadDataRequest{id, 0, 100})).data) == "hello world");
  BOOST_TEST(test::string_of(must(call(ReadDataRequest{id, 6, 3})).data) == "wor");
  BOOST_TEST(must(call(ReadDataRequest{id, 50, 3})).data.empty());
  BOOST_TEST(must(call(ReadDataRequest{sha1_key("never"), 0, 3})).data.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
