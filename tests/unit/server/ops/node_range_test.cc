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
  // Every row of the store, two at a time.
  auto export_all = [&] {
    Rows all;
    RowCursor cursor;
    while (cursor.table != RowCursor::kDone) {
      RowsResponse page = must(call(ExportRangeRequest{Slice{}, cursor, 2}));
      BOOST_TEST(page.rows.size() <= 2u);
      for (auto& r : page.rows.records) all.records.push_back(std::move(r));
      for (auto& r : page.rows.inodes) all.inodes.push_back(std::move(r));
      for (auto& r : page.rows.entries) all.entries.push_back(std::move(r));
      cursor = page.next;
    }
    return all;
  };
  Rows before = export_all();
  std::set<std::string> records;
  for (const RecordRow& r : before.records) records.insert(r.path);
  BOOST_TEST((records == std::set<std::string>{"/", "/.dht", "/d", "/d/f"}));
  BOOST_TEST(before.inodes.size() == 4u);
  BOOST_TEST(before.entries.size() == 3u);
  DeleteRangeResponse del;
  int rounds = 0;
  do {
    del = must(call(DeleteRangeRequest{Slice{}, 1}));
    BOOST_REQUIRE(++rounds < 20);
  } while (!del.done);
  BOOST_TEST(rounds >= 4);
  BOOST_TEST(export_all().size() == 0u);
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
