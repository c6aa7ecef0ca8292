// Tests of server/ops/remove: Unlink, Rmdir, and flares kept alive by an open.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/ops/lava_ops_fixture.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::data_file_exists;
using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_remove, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(unlink_removes_name_flare_and_data) {
  FlareId d = dir_at("/d");
  FlareId f = file("/d/f");
  BOOST_REQUIRE(write(f, 0, "bytes").is_ok());
  BOOST_TEST(data_file_exists(dir, f));
  FlareAttr before = must(getattr(d)).attr;
  BOOST_REQUIRE(unlink("/d/f").is_ok());
  BOOST_TEST(lookup("/d/f").code() == Errc::NotFound);
  BOOST_TEST(getattr(f).code() == Errc::Stale);
  BOOST_TEST(!data_file_exists(dir, f));
  BOOST_TEST(list("/d").empty());
  FlareAttr after = must(getattr(d)).attr;
  BOOST_TEST(after.nlink == before.nlink);
  BOOST_TEST(after.mtime_ns >= before.mtime_ns);
}

BOOST_AUTO_TEST_CASE(unlink_errors) {
  dir_at("/d");
  file("/f");
  BOOST_TEST(unlink("/d").code() == Errc::IsDir);
  BOOST_TEST(unlink("/").code() == Errc::IsDir);
  BOOST_TEST(unlink("/missing").code() == Errc::NotFound);
  BOOST_TEST(unlink("/f/x").code() == Errc::NotDir);
  BOOST_TEST(unlink("rel").code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(unlink_of_other_types) {
  for (FlareType type : {FlareType::Fifo, FlareType::Socket, FlareType::CharDevice}) {
    BOOST_REQUIRE(mknod("/n", type).is_ok());
    BOOST_TEST(unlink("/n").is_ok());
  }
  BOOST_REQUIRE(call(SymlinkRequest{"/s", "t"}).is_ok());
  BOOST_TEST(unlink("/s").is_ok());
  BOOST_TEST(lookup("/s").code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(rmdir_removes_an_empty_directory) {
  FlareId p = dir_at("/p");
  FlareId c = dir_at("/p/c");
  BOOST_TEST(must(getattr(p)).attr.nlink == 3u);
  BOOST_REQUIRE(rmdir("/p/c").is_ok());
  BOOST_TEST(lookup("/p/c").code() == Errc::NotFound);
  BOOST_TEST(getattr(c).code() == Errc::Stale);
  BOOST_TEST(must(getattr(p)).attr.nlink == 2u);
  BOOST_TEST(rmdir("/p").is_ok());
}

BOOST_AUTO_TEST_CASE(rmdir_errors) {
  dir_at("/full");
  file("/full/f");
  file("/file");
  BOOST_TEST(rmdir("/full").code() == Errc::NotEmpty);
  BOOST_TEST(rmdir("/file").code() == Errc::NotDir);
  BOOST_TEST(rmdir("/").code() == Errc::Busy);
  BOOST_TEST(rmdir("/missing").code() == Errc::NotFound);
  BOOST_TEST(rmdir("/file/x").code() == Errc::NotDir);
  BOOST_TEST(lookup("/full/f").is_ok());
}

BOOST_AUTO_TEST_CASE(unlink_while_open_keeps_data_until_release) {
  FlareId f = file("/open");
  BOOST_REQUIRE(write(f, 0, "still here").is_ok());
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(unlink("/open").is_ok());
  BOOST_TEST(lookup("/open").code() == Errc::NotFound);
  BOOST_TEST(must(getattr(f)).attr.nlink == 0u);
  BOOST_TEST(contents(f) == "still here");
  BOOST_REQUIRE(write(f, 10, "!").is_ok());
  BOOST_TEST(contents(f) == "still here!");
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(getattr(f).code() == Errc::Stale);
  BOOST_TEST(read(f, 0, 4).code() == Errc::Stale);
  BOOST_TEST(!data_file_exists(dir, f));
}

BOOST_AUTO_TEST_CASE(unlink_while_open_in_two_sessions) {
  FlareId f = file("/two");
  BOOST_REQUIRE(write(f, 0, "x").is_ok());
  CallContext other = ctx;
  other.session = 2;
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(svc->handle(other, OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(unlink("/two").is_ok());
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(contents(f) == "x");  // session 2 still holds it
  svc->end_session(2);
  BOOST_TEST(getattr(f).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(end_session_deletes_unlinked_flares) {
  FlareId f = file("/s");
  BOOST_REQUIRE(write(f, 0, "x").is_ok());
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  BOOST_REQUIRE(unlink("/s").is_ok());
  svc->end_session(ctx.session);
  BOOST_TEST(getattr(f).code() == Errc::Stale);
  BOOST_TEST(!data_file_exists(dir, f));
}

BOOST_AUTO_TEST_CASE(rmdir_while_open_keeps_the_directory_until_release) {
  FlareId d = dir_at("/od");
  BOOST_REQUIRE(call(OpenRequest{d, {}}).is_ok());
  BOOST_REQUIRE(rmdir("/od").is_ok());
  BOOST_TEST(lookup("/od").code() == Errc::NotFound);
  BOOST_TEST(must(getattr(d)).attr.nlink == 0u);
  BOOST_REQUIRE(call(ReleaseRequest{d, {}}).is_ok());
  BOOST_TEST(getattr(d).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(name_can_be_reused_after_removal) {
  dir_at("/r");
  BOOST_REQUIRE(rmdir("/r").is_ok());
  FlareId f = file("/r");
  BOOST_TEST(must(lookup("/r")).entry.id == f);
  BOOST_TEST((list("/") == std::vector<std::string>{".dht", "r"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(ops_remove_across_volcanos, test::LavaOpsFixture)

BOOST_AUTO_TEST_CASE(unlink_takes_entry_record_and_inode_from_their_volcanos) {
  std::string d = path_on(1, "/", "d");
  std::string f = path_on(2, d, "f");
  dir_at(d);
  FlareId id = file(f);
  BOOST_REQUIRE(write(id, 0, "gone soon").is_ok());
  size_t inodes = inodes_in_lava();
  BOOST_REQUIRE(unlink(f).is_ok());
  BOOST_TEST(lookup(f).code() == Errc::NotFound);
  BOOST_TEST(list(d).empty());
  BOOST_TEST(!has_record(f));
  BOOST_TEST(inodes_in_lava() == inodes - 1);
  BOOST_TEST(getattr(id).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(rmdir_across_volcanos) {
  std::string p = path_on(0, "/", "p");
  std::string c = path_on(2, p, "c");
  dir_at(p);
  dir_at(c);
  file(path_on(1, c, "f"));
  BOOST_TEST(rmdir(c).code() == Errc::NotEmpty);
  BOOST_TEST(unlink(c).code() == Errc::IsDir);
  BOOST_REQUIRE(unlink(path_on(1, c, "f")).is_ok());
  BOOST_TEST(dir_attr(p).nlink == 3u);
  via = 1;
  BOOST_REQUIRE(rmdir(c).is_ok());
  BOOST_TEST(dir_attr(p).nlink == 2u);
  BOOST_TEST(lookup(c).code() == Errc::NotFound);
  BOOST_TEST(!has_record(c));
  // The name is free again, and a new directory there starts empty.
  dir_at(c);
  BOOST_TEST(list(c).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
