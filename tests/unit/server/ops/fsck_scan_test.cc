// Tests of server/ops/fsck_scan: FsckScan pages through a volcano's records, inodes,
// entries and data files.
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

// Every page of a scan of slice, limit rows (and files) a page.
FsckScanResponse scan_all(test::ServiceFixture& f, const Slice& slice, uint32_t limit, int* pages = nullptr) {
  FsckScanResponse all;
  FsckScanRequest req{slice, FsckCursor{}, limit};
  for (int n = 1; !req.cursor.done; ++n) {
    BOOST_REQUIRE(n < 100);
    FsckScanResponse page = must(f.call(req));
    BOOST_TEST(page.records.size() + page.inodes.size() + page.entries.size() <= limit);
    BOOST_TEST(page.data.size() <= limit);
    all.records.insert(all.records.end(), page.records.begin(), page.records.end());
    all.inodes.insert(all.inodes.end(), page.inodes.begin(), page.inodes.end());
    all.entries.insert(all.entries.end(), page.entries.begin(), page.entries.end());
    all.data.insert(all.data.end(), page.data.begin(), page.data.end());
    req.cursor = page.next;
    if (pages) *pages = n;
  }
  return all;
}

BOOST_FIXTURE_TEST_SUITE(ops_fsck_scan, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  BOOST_TEST(call(FsckScanRequest{Slice{}, FsckCursor{}, 0}).code() == Errc::Invalid);
  BOOST_TEST(call(FsckScanRequest{Slice{}, FsckCursor{}, kMaxRowsPerPage + 1}).code() == Errc::Invalid);
  FsckCursor broken;
  broken.rows.table = 4;
  BOOST_TEST(call(FsckScanRequest{Slice{}, broken, 10}).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(a_scan_sees_every_row_and_data_file_once_page_by_page) {
  dir_at("/d");
  FlareId f = file("/d/f"), g = file("/g"), empty = file("/empty");
  BOOST_REQUIRE(write(f, 0, "abc").is_ok());
  BOOST_REQUIRE(write(g, 0, "defg").is_ok());
  BOOST_REQUIRE(link(g, "/d/g2").is_ok());
  int pages = 0;
  FsckScanResponse all = scan_all(*this, Slice{}, 2, &pages);
  BOOST_TEST(pages >= 10);
  std::set<std::string> records, entries;
  for (const RecordRow& r : all.records) records.insert(r.path);
  for (const EntryRow& e : all.entries) entries.insert(e.dir + ":" + e.name);
  BOOST_TEST((records == std::set<std::string>{"/", "/.dht", "/d", "/d/f", "/d/g2", "/empty", "/g"}));
  BOOST_TEST((entries == std::set<std::string>{"/:.dht", "/:d", "/:empty", "/:g", "/d:f", "/d:g2"}));
  BOOST_TEST(all.inodes.size() == 6u);
  std::map<FlareId, FsckInode> inodes;
  for (const FsckInode& in : all.inodes) {
    inodes[in.id] = in;
    BOOST_TEST(!in.dying);
  }
  BOOST_REQUIRE(inodes.count(g) == 1u);
  BOOST_TEST(inodes[g].nlink == 2u);
  BOOST_REQUIRE(inodes.count(empty) == 1u);
  BOOST_TEST(inodes[empty].path == "/empty");
  BOOST_TEST(inodes.count(f) == 1u);
  // Data files only for what was written (not /empty's), in id order.
  std::vector<FlareId> want{f, g};
  std::sort(want.begin(), want.end());
  BOOST_TEST(all.data == want);
}

BOOST_AUTO_TEST_CASE(data_files_are_scanned_by_slice) {
  FlareId f = file("/f"), g = file("/g");
  BOOST_REQUIRE(write(f, 0, "1").is_ok());
  BOOST_REQUIRE(write(g, 0, "2").is_ok());
  FsckScanResponse only_f = scan_all(*this, Slice{f, f}, 10);
  BOOST_TEST(only_f.data == std::vector<FlareId>{f});
  BOOST_TEST(only_f.records.empty());  // no record's key is exactly f
}

BOOST_AUTO_TEST_CASE(a_directory_being_removed_is_marked) {
  FlareId d = dir_at("/d");
  BOOST_REQUIRE(call(SetDyingRequest{"/d", d, true}).is_ok());
  FsckScanResponse all = scan_all(*this, Slice{}, kMaxRowsPerPage);
  size_t dying = 0;
  for (const FsckInode& in : all.inodes) dying += in.dying;
  BOOST_TEST(dying == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
