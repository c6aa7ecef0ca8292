// Tests of server/ops/lookup: Lookup, GetAttr, ResolveDir, Readlink, and path checking.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/ops/lava_ops_fixture.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_lookup, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(lookup_returns_id_and_attributes) {
  EntryResponse made = must(mknod("/f", FlareType::Regular, 0600));
  EntryResponse found = must(lookup("/f"));
  BOOST_TEST(found.entry.id == made.entry.id);
  BOOST_TEST(found.entry.attr.ino == ino_of(made.entry.id));
  BOOST_TEST(found.entry.attr.type == FlareType::Regular);
  BOOST_TEST(found.entry.attr.mode == 0600u);
  BOOST_TEST(found.entry.attr.uid == 1000u);
  BOOST_TEST(found.entry.attr.gid == 100u);
  BOOST_TEST(found.entry.attr.nlink == 1u);
  BOOST_TEST(found.entry.attr.size == 0u);
  BOOST_TEST(found.entry.attr.blocks == 0u);
}

BOOST_AUTO_TEST_CASE(lookup_of_root) {
  FlareEntry root = must(lookup("/")).entry;
  BOOST_TEST(root.attr.type == FlareType::Directory);
  BOOST_TEST(root.attr.mode == 0755u);
  BOOST_TEST(root.attr.uid == 0u);
  BOOST_TEST(root.attr.gid == 0u);
}

BOOST_AUTO_TEST_CASE(lookup_normalises_the_path) {
  dir_at("/a");
  FlareId id = file("/a/b");
  BOOST_TEST(must(lookup("//a/./c/../b/")).entry.id == id);
}

BOOST_AUTO_TEST_CASE(missing_paths) {
  dir_at("/d");
  file("/d/file");
  BOOST_TEST(lookup("/nothing").code() == Errc::NotFound);
  BOOST_TEST(lookup("/d/nothing").code() == Errc::NotFound);
  BOOST_TEST(lookup("/nothing/x").code() == Errc::NotFound);
  BOOST_TEST(lookup("/d/file/x").code() == Errc::NotDir);
  BOOST_TEST(lookup("/d/file/x/y").code() == Errc::NotDir);
}

BOOST_AUTO_TEST_CASE(path_limits) {
  BOOST_TEST(lookup("relative").code() == Errc::Invalid);
  BOOST_TEST(lookup("").code() == Errc::Invalid);
  std::string long_name(256, 'n');
  BOOST_TEST(lookup("/" + long_name).code() == Errc::NameTooLong);
  BOOST_TEST(mknod("/" + long_name).code() == Errc::NameTooLong);
  BOOST_TEST(mknod("/" + std::string(255, 'n')).is_ok());
  std::string long_path;
  while (long_path.size() < 5000) long_path += "/" + std::string(100, 'p');
  BOOST_TEST(lookup(long_path).code() == Errc::NameTooLong);
  BOOST_TEST(mkdir(long_path).code() == Errc::NameTooLong);
  BOOST_TEST(rename("/x", long_path).code() == Errc::NameTooLong);
}

BOOST_AUTO_TEST_CASE(getattr_by_id) {
  FlareId id = file("/g");
  FlareAttr a = must(getattr(id)).attr;
  BOOST_TEST(a.ino == ino_of(id));
  BOOST_TEST(a.type == FlareType::Regular);
  BOOST_REQUIRE(write(id, 0, std::string(10000, 'x')).is_ok());
  a = must(getattr(id)).attr;
  BOOST_TEST(a.size == 10000u);
  BOOST_TEST(a.blocks >= 8u);  // at least 4 KiB of the 10000 bytes are allocated
}

BOOST_AUTO_TEST_CASE(getattr_of_unknown_id_is_stale) {
  BOOST_TEST(getattr(sha1_key("no such flare")).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(readlink) {
  FlareId link = must(call(SymlinkRequest{"/l", "../some/where"})).entry.id;
  BOOST_TEST(must(call(ReadlinkRequest{link})).target == "../some/where");
  BOOST_TEST(call(ReadlinkRequest{file("/plain")}).code() == Errc::Invalid);
  BOOST_TEST(call(ReadlinkRequest{must(lookup("/")).entry.id}).code() == Errc::Invalid);
  BOOST_TEST(call(ReadlinkRequest{sha1_key("gone")}).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(resolve_dir_finds_a_directory_by_place_and_inode) {
  FlareId d = dir_at("/d");
  ResolveDirResponse found = must(call(ResolveDirRequest{sha1_key("/d"), ino_of(d)}));
  BOOST_TEST(found.path == "/d");
  BOOST_TEST(found.entry.id == d);
  BOOST_TEST(found.entry.attr.type == FlareType::Directory);
  BOOST_TEST(found.entry.attr.ino == ino_of(d));
  BOOST_TEST(must(call(ResolveDirRequest{sha1_key("/"), ino_of(must(lookup("/")).entry.id)})).path == "/");
}

BOOST_AUTO_TEST_CASE(resolve_dir_misses_what_moved_or_is_not_a_directory) {
  FlareId d = dir_at("/d");
  FlareId f = file("/f");
  BOOST_TEST(call(ResolveDirRequest{sha1_key("/d"), ino_of(d) + 1}).code() == Errc::NotFound);
  BOOST_TEST(call(ResolveDirRequest{sha1_key("/f"), ino_of(f)}).code() == Errc::NotFound);
  BOOST_REQUIRE(rename("/d", "/e").is_ok());
  BOOST_TEST(call(ResolveDirRequest{sha1_key("/d"), ino_of(d)}).code() == Errc::NotFound);
  BOOST_TEST(must(call(ResolveDirRequest{sha1_key("/e"), ino_of(d)})).path == "/e");
  BOOST_REQUIRE(rmdir("/e").is_ok());
  BOOST_TEST(call(ResolveDirRequest{sha1_key("/e"), ino_of(d)}).code() == Errc::NotFound);
}

BOOST_AUTO_TEST_SUITE_END()

// Every path has the same key: the inode number tells the directories apart.
BOOST_FIXTURE_TEST_SUITE(ops_lookup_colliding, test::CollidingFixture)

BOOST_AUTO_TEST_CASE(resolve_dir_tells_colliding_directories_apart) {
  FlareId a = dir_at("/a");
  FlareId b = dir_at("/b");
  BOOST_TEST(must(call(ResolveDirRequest{test::same_key_for_all(""), ino_of(a)})).path == "/a");
  BOOST_TEST(must(call(ResolveDirRequest{test::same_key_for_all(""), ino_of(b)})).path == "/b");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(ops_lookup_across_volcanos, test::LavaOpsFixture)

BOOST_AUTO_TEST_CASE(missing_paths_give_posix_errors_across_volcanos) {
  std::string d = path_on(1, "/", "d");
  dir_at(d);
  std::string f = path_on(2, d, "file");
  file(f);
  std::string below_file = path_on(0, f, "x");
  from_each_volcano([&] {
    BOOST_TEST(lookup(below_file).code() == Errc::NotDir);
    BOOST_TEST(lookup(below_file + "/y").code() == Errc::NotDir);
    BOOST_TEST(lookup(path_on(0, d, "none")).code() == Errc::NotFound);
    BOOST_TEST(lookup(path_on(2, "/none", "x")).code() == Errc::NotFound);
    FlareEntry found = must(lookup(d)).entry;
    BOOST_TEST(found.attr.type == FlareType::Directory);
    BOOST_TEST(found.attr.ino == ino_of(found.id));
    BOOST_TEST(must(call(ResolveDirRequest{sha1_key(d), ino_of(found.id)})).path == d);
  });
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
