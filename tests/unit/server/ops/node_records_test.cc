// Tests of server/ops/node_records: GetRecord, PutRecord, DropRecord, with the input a
// broken or hostile volcano could send.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_node_records, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(get_record_names_the_flare_and_its_type) {
  FlareId d = dir_at("/d");
  NamedResponse found = must(call(GetRecordRequest{"/d"}));
  BOOST_TEST(found.found);
  BOOST_TEST(found.id == d);
  BOOST_TEST(found.type == FlareType::Directory);
  BOOST_TEST(!must(call(GetRecordRequest{"/none"})).found);
}

BOOST_AUTO_TEST_CASE(paths_must_come_normalised) {
  for (const char* bad : {"rel", "", "/a/../b", "/a/", "//a", "/a/./b"}) {
    BOOST_TEST(call(GetRecordRequest{bad}).code() == Errc::Invalid, bad);
    BOOST_TEST(call(PutRecordRequest{bad, sha1_key("x"), FlareType::Regular}).code() == Errc::Invalid, bad);
    BOOST_TEST(call(DropRecordRequest{bad, sha1_key("x")}).code() == Errc::Invalid, bad);
  }
  BOOST_TEST(call(GetRecordRequest{"/" + std::string(256, 'n')}).code() == Errc::NameTooLong);
  // Only the bootstrap and hand-offs touch the root's record.
  BOOST_TEST(call(PutRecordRequest{"/", sha1_key("x"), FlareType::Directory}).code() == Errc::Invalid);
  BOOST_TEST(call(DropRecordRequest{"/", must(lookup("/")).entry.id}).code() == Errc::Invalid);
  BOOST_TEST(lookup("/").is_ok());
}

BOOST_AUTO_TEST_CASE(put_record_replaces_and_checks_the_type) {
  FlareId a = file("/a");
  FlareId other = sha1_key("other");
  BOOST_TEST(call(PutRecordRequest{"/a", other, static_cast<FlareType>(99)}).code() == Errc::Invalid);
  BOOST_REQUIRE(call(PutRecordRequest{"/a", other, FlareType::Symlink}).is_ok());
  NamedResponse now = must(call(GetRecordRequest{"/a"}));
  BOOST_TEST(now.id == other);
  BOOST_TEST(now.type == FlareType::Symlink);
  BOOST_REQUIRE(call(PutRecordRequest{"/a", a, FlareType::Regular}).is_ok());
  BOOST_TEST(must(lookup("/a")).entry.id == a);
}

BOOST_AUTO_TEST_CASE(drop_record_only_drops_the_flare_expected) {
  FlareId a = file("/a");
  BOOST_REQUIRE(call(DropRecordRequest{"/a", sha1_key("someone else")}).is_ok());
  BOOST_TEST(must(call(GetRecordRequest{"/a"})).id == a);
  BOOST_REQUIRE(call(DropRecordRequest{"/a", a}).is_ok());
  BOOST_TEST(!must(call(GetRecordRequest{"/a"})).found);
  BOOST_TEST(call(DropRecordRequest{"/a", a}).is_ok());  // again: nothing to do
  // The entry is the truth: the name is still listed, the record only an index.
  BOOST_TEST((list("/") == std::vector<std::string>{".dht", "a"}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
