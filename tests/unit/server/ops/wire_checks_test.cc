// Tests of server/ops/wire_checks: good and bad input of node ops.
#include "server/ops/wire_checks.h"

#include <boost/test/unit_test.hpp>

#include "libmagma/path.h"
#include "tests/unit/libmagma/test_print.h"

namespace magma::server::ops {
namespace {

BOOST_AUTO_TEST_SUITE(ops_wire_checks)

BOOST_AUTO_TEST_CASE(paths) {
  for (const char* good : {"/", "/a", "/a/b c", "/\x01park"}) BOOST_TEST(check_path(good).is_ok(), good);
  for (const char* bad : {"", "a", "/a/", "//a", "/a/.", "/a/../b"}) BOOST_TEST(check_path(bad).code() == Errc::Invalid, bad);
  BOOST_TEST(check_path("/" + std::string(256, 'x')).code() == Errc::NameTooLong);
  BOOST_TEST(check_below_root("/a").is_ok());
  BOOST_TEST(check_below_root("/").code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(entry_names) {
  BOOST_TEST(check_entry_name("/", "a").is_ok());
  BOOST_TEST(check_entry_name("/d", std::string(255, 'n')).is_ok());
  for (const char* bad : {"", ".", "..", "a/b"}) BOOST_TEST(check_entry_name("/d", bad).code() == Errc::Invalid, bad);
  BOOST_TEST(check_entry_name("/d", std::string("a\0b", 3)).code() == Errc::Invalid);
  BOOST_TEST(check_entry_name("d", "a").code() == Errc::Invalid);
  std::string deep;
  while (deep.size() < kMaxPathLength - 10) deep += "/" + std::string(100, 'p');
  deep.resize(kMaxPathLength - 2);
  BOOST_TEST(check_entry_name(deep, "abc").code() == Errc::NameTooLong);
}

BOOST_AUTO_TEST_CASE(types_and_limits) {
  BOOST_TEST(check_type(FlareType::Socket).is_ok());
  BOOST_TEST(check_type(static_cast<FlareType>(0)).code() == Errc::Invalid);
  BOOST_TEST(check_type(static_cast<FlareType>(8)).code() == Errc::Invalid);
  BOOST_TEST(check_limit(1).is_ok());
  BOOST_TEST(check_limit(kMaxRowsPerPage).is_ok());
  BOOST_TEST(check_limit(0).code() == Errc::Invalid);
  BOOST_TEST(check_limit(kMaxRowsPerPage + 1).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(rows) {
  Rows rows;
  rows.records.push_back(RecordRow{"/", sha1_key("root"), FlareType::Directory});  // a hand-off moves "/"
  InodeRow in;
  in.path = "/f";
  in.attr.mode = 0644;
  rows.inodes.push_back(in);
  rows.entries.push_back(EntryRow{"/", "f", 1, in.id, FlareType::Regular});
  BOOST_TEST(check_rows(rows).is_ok());
  Rows bad_record = rows;
  bad_record.records[0].path = "/x/";
  Rows bad_inode = rows;
  bad_inode.inodes[0].attr.mode = 010000;
  Rows bad_entry = rows;
  bad_entry.entries[0].type = static_cast<FlareType>(0);
  Rows bad_xattr = rows;
  bad_xattr.inodes[0].xattrs.push_back(XattrRow{std::string(256, 'x'), {}});
  for (const Rows* bad : {&bad_record, &bad_inode, &bad_entry, &bad_xattr})
    BOOST_TEST(check_rows(*bad).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::ops
